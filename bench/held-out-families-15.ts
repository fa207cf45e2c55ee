/**
 * The twentieth session round's second held-out split for GraphRAG: three multi-hop families written and
 * committed, before any figure was taken on them, by an engineer who did not read the ranking code. Split 11
 * read like a handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki, split 14
 * like an operations team's reviews, handovers and spreadsheet exports; this one reads like what a team keeps
 * from talking and deciding (bench/held-out-families-15-notes.ts): meeting transcripts with speaker turns,
 * where a link is often a question in one turn and its answer in the next ("[04:12] Lucía Ruiz: Who actually
 * holds FA-417?" / "[04:31] Diego Torres: Calloway Trading. Since the re-tender."); decision-log entries that
 * supersede earlier ones, so the old value stands in the context beside the new one in the decision; and
 * records — a contract summary, a CRM account plan or call note, a lab-notebook page — where a link is a
 * subject in the heading and a value in a labelled field ("Supplier: Calloway Trading"). The chains are new (a
 * purchase category → the framework agreement it is bought under → the supplier holding that framework → the
 * supplier's contract contact; a customer account → the reseller it buys through → that reseller's partner
 * tier → the tier's yearly co-marketing fund; a plasmid → the stock box holding it → the freezer holding that
 * box → the freezer's next service day), and so are two of the answer kinds beside a common one: an e-mail
 * address, a sum of money, a date. Half of each company's notes are distractors putting a named entity or a
 * bridge beside a wrong value of the asked kind — a supplier's accounts-payable address beside its contract
 * contact, a reseller's deal size, a freezer's alarm day — often with another entity of the family in another
 * relation. Each question carries its chain of entity names, so the data can be checked
 * (test/memory/held-out-split-15.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { alternating, decision, isoDay, record, transcript } from './held-out-families-15-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { resellerFunds } from './held-out-families-15-resellers.ts';
export { plasmidStocks } from './held-out-families-15-plasmids.ts';

const categories = (
  'safety boots,hi-vis vests,printer paper,laptop docks,office chairs,forklift hire,pallet wrap,cleaning chemicals,' +
  'first-aid kits,desk phones,waste collection,window cleaning,courier bags,ear defenders,label printers,' +
  'ink cartridges,water coolers,standing desks,hand sanitiser,fire extinguishers,cable ties,van hire,hard hats,' +
  'work gloves,bike racks,headsets,floor mats,lanyards'
).split(',');
const supplierWords = 'Norbridge,Calloway,Dunmore,Ashgrove,Fenwick,Holloway,Marlow,Penrose,Redfern,Thornbury'.split(
  ',',
);
const spanishForenames = 'Lucía,Javier,Carmen,Diego,Elena,Pablo,Marta,Sergio,Nuria,Álvaro,Irene,Raúl'.split(',');
const spanishSurnames = 'García,Martín,López,Sánchez,Romero,Navarro,Torres,Ruiz,Moreno,Ortega'.split(',');
const mailSurnames = 'okafor,lindqvist,moreau,brandt,costa,novak,haddad,ivanova,keller,tanaka,ferreira,mensah'.split(
  ',',
);
/** A contact address ("k.novak@tradepost.example"): one initial, a surname, one of two domains. */
const address = (random: Random) =>
  `${pick(random, [...'abcdefghjklmnprst'])}.${pick(random, mailSurnames)}@${pick(random, ['tradepost.example', 'supplierhub.example'])}`;

/**
 * Purchasing frameworks: which framework agreement each category is bought under, which supplier holds each
 * framework, the address of each supplier's contract contact. Two-hop: "whom do I write to at the firm we get C
 * from?"; three-hop: the same for the approved stand-in for C.
 */
export function purchasingFrameworks(seed: number): HandbookSet {
  const random = seededRandom(seed * 199_021 + 127);
  const starts = distinct(random, 24, (r) => pick(r, categories));
  const firsts = distinct(random, 8, (r) => `FA-${100 + Math.floor(r() * 900)}`);
  const seconds = distinct(random, 7, (r) => `${pick(r, supplierWords)} ${pick(r, ['Supplies', 'Trading', 'Group'])}`);
  const addresses = distinct(random, 19, address);
  const staff = people(random, 10, spanishForenames, spanishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, addresses.slice(7));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, addresses, upstream, downstream);
  const meeting = () => pick(random, ['buying team stand-up', 'category review', 'procurement clinic']);
  /** A transcript of two people speaking in turn: a question and its answer, or a remark and a reply. */
  const said = (...lines: string[]) => transcript(random, meeting(), alternating(random, staff, lines));
  const logged = (title: string, entry: { context: string; decision: string; consequences: string }) =>
    decision(random, 'PD', { title, by: person(), ...entry });
  return company({
    prefix: 'frameworks',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: addresses.slice(0, 7),
    decoys: addresses.slice(7),
    links: [
      [
        (category, framework) =>
          record(random, 'Buying note', category, person(), [
            ['Framework', framework],
            ['Approver', pick(random, ['budget holder', 'site manager', 'category lead'])],
            ['Lead time', `${2 + Math.floor(random() * 9)} working days`],
          ]),
        (category, framework) =>
          said(
            `Can I just put ${category} on a card?`,
            `No, that has to go through ${framework}, that's the whole point of it.`,
          ),
        (category, framework) =>
          decision(random, 'PD', {
            title: `${category} called off under ${framework}`,
            by: person(),
            supersedes: true,
            context: `We bought ${category} under ${other(firsts, framework)}, which runs out in the summer.`,
            decision: `From the 1st, order ${category} under ${framework} only.`,
            consequences: 'Open orders finish on the old terms.',
          }),
        (category, framework) =>
          said(
            `All the orders for ${category} came under ${framework} last quarter, no stray invoices.`,
            'Good, close the action.',
          ),
      ],
      [
        (framework, supplier) =>
          record(random, 'Contract summary', framework, person(), [
            ['Supplier', supplier],
            ['Term', `two years from ${isoDay(random)}, one optional year`],
            ['Lots', `${1 + Math.floor(random() * 3)} of ${4 + Math.floor(random() * 3)}`],
          ]),
        (framework, supplier) =>
          logged(`${framework} awarded`, {
            context: `Three bids came in; ${other(seconds, supplier)} was cheapest but failed the site audit.`,
            decision: `${framework} goes to ${supplier}.`,
            consequences: 'Losing bidders receive a written debrief.',
          }),
        (framework, supplier) => said(`Who actually holds ${framework}?`, `${supplier}. Since the re-tender.`),
        (framework, supplier) =>
          said(
            `${supplier} invoiced twice against ${framework} last month; finance caught it.`,
            'Credit note is on its way.',
          ),
      ],
      [
        (supplier, contact) =>
          record(random, 'Supplier record', supplier, person(), [
            ['Contract manager', contact],
            ['Previous contact', `${decoy()} (left in the spring)`],
            ['Portal', 'orders through the catalogue'],
          ]),
        (supplier, contact) =>
          said(
            `Who do we talk to at ${supplier} when something's wrong with the terms?`,
            `Write to ${contact}; the sales line just opens a ticket.`,
          ),
        (supplier, contact) =>
          logged(`one contact point at ${supplier}`, {
            context: 'Requests went to three people there and two were lost.',
            decision: `Everything contractual with ${supplier} goes through ${contact}.`,
            consequences: 'Buyers stop writing to the sales reps.',
          }),
        (supplier, contact) =>
          said(`${supplier} changed who handles our contract, it's ${contact} now.`, "I'll update the portal."),
      ],
    ],
    before: [
      (category, substitute) =>
        record(random, 'Buying note', category, person(), [
          ['Approved substitute', substitute],
          ['Reason', 'frequent back-orders'],
        ]),
      (category, substitute) =>
        said(`Stock of ${category} is out again.`, `Order ${substitute} instead, that's the agreed swap.`),
      (category, substitute) =>
        logged(`${substitute} allowed in place of ${category}`, {
          context: `Orders of ${category} are back-ordered until the autumn.`,
          decision: `Buyers may order ${substitute} whenever the usual ${category} can't be supplied.`,
          consequences: 'No separate approval needed for the swap.',
        }),
    ],
    twoHop: [
      (category) => `Whom should I write to at the company we get ${category} from on our purchasing deal?`,
      (category) =>
        `What's the e-mail of the person to contact at the vendor behind the deal we use to purchase ${category}?`,
      (category) => `For ${category}, which address reaches the account handler at the firm providing them?`,
    ],
    threeHop: [
      (category) =>
        `When we're short of ${category} we switch to a replacement; whom should I write to at the company providing that replacement?`,
      (category) => `Which e-mail address reaches the vendor behind the deal for the usual alternative to ${category}?`,
    ],
    distractors: [
      (wrong) => {
        const supplier = pick(random, seconds);
        return record(random, 'Supplier record', supplier, person(), [
          ['Accounts payable', pick(random, wrong(supplier))],
          ['Payment terms', '30 days from invoice'],
        ]);
      },
      (wrong) => {
        const category = pick(random, starts);
        return said(
          `The ${category} samples came from the trade show; their rep was ${pick(random, wrong(category))}.`,
          'Nobody followed up.',
        );
      },
      (wrong) => {
        const framework = pick(random, firsts);
        return logged(`${framework} extended`, {
          context: `${framework} reaches its end date this year.`,
          decision: 'Take the optional year.',
          consequences: `Questions about the extension go to our category lead, ${pick(random, wrong(framework))}.`,
        });
      },
      (wrong) => {
        const category = pick(random, starts);
        const framework = pick(
          random,
          firsts.filter((name) => !chained(wrong, category, name)),
        );
        return said(
          `We looked at adding ${category} to ${framework}, but no lot fits them.`,
          `Ask ${pick(random, besideBoth(wrong, category, framework))} if you want to reopen it.`,
        );
      },
      (wrong) => {
        const framework = pick(random, firsts);
        const supplier = pick(
          random,
          seconds.filter((name) => !chained(wrong, framework, name)),
        );
        return logged(`${supplier} debrief on ${framework}`, {
          context: `${supplier} bid for ${framework} and lost on price.`,
          decision: 'Send the scores, not the other bids.',
          consequences: `Debrief sent to ${pick(random, besideBoth(wrong, framework, supplier))}.`,
        });
      },
      (wrong) => {
        const category = pick(random, starts);
        const supplier = pick(
          random,
          seconds.filter((name) => !chained(wrong, category, name)),
        );
        return record(random, 'Buying note', category, person(), [
          ['Off-framework quote', `${supplier}, rejected`],
          ['Quote sent by', pick(random, besideBoth(wrong, category, supplier))],
        ]);
      },
      (wrong) => {
        const supplier = pick(random, seconds);
        return said(
          `Mail to ${pick(random, wrong(supplier))} bounces, that person left ${supplier} in June.`,
          'Take them off the list.',
        );
      },
    ],
  });
}
