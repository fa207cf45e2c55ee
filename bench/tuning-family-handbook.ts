/**
 * Two **tuning** families written in the thirteenth round in the style docs/memory-rounds.md describes for
 * held-out split 11 (its description only; that split's files were not opened): a company handbook's
 * paragraphs of two to four sentences, each chain note stating its one link and naming other people,
 * places, dates or sums besides, pronouns carrying across sentences, questions worded as a user asks
 * them, distractors that put a start or a bridge beside a wrong value of the asked kind, and names that
 * share words. Tuned on (bench/multi-hop-tune.ts), never held out.
 *
 * - **Site catering** (`canteens`): office site → the caterer running its canteen → the wholesaler
 *   supplying that caterer → what we pay that wholesaler a year (an amount) or the town of its depot
 *   (a place). Three-hop: through the site that replaced a closed one (directed).
 * - **Software licences** (`licences`): internal tool → the vendor making it → the reseller we buy that
 *   vendor's licences through → the date our agreement renews (a date) or our account manager there (a
 *   person). Three-hop: through the tool that replaced a retired one (directed).
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { dateIn, distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const firstNames =
  'Maren Idris Colm Beata Ravi Ottilie Fergal Sunniva Dario Wren Lowri Anselm Kasia Thane Noor Elspeth Bram Yusra'.split(
    ' ',
  );
const surnames =
  'Hartwell Quayle Brindley Saltonstall Marram Okafor Lindqvist Carrow Penhale Strand Voss Tregear Ashdown Kelso'.split(
    ' ',
  );
const towns = 'Carlisle Wrexham Truro Dundee Ipswich Lancaster Hexham Kendal Bangor Perth Stroud Whitby'.split(' ');
const fillers = [
  'Nobody has raised it since.',
  'The photos are on the shared drive.',
  'It made the monthly newsletter.',
  'The minutes are filed with facilities.',
];
const personName = (random: Random) => `${pick(random, firstNames)} ${pick(random, surnames)}`;
const amountOf = (random: Random) => {
  const value = 18_000 + 250 * Math.floor(random() * 800);
  return `£${String(value).replace(/\B(?=(\d{3})+$)/g, ',')}`;
};

/** What a family's wordings may draw on besides the chain's own names. */
interface Extras {
  person: string;
  other: string;
  town: string;
  date: string;
  year: number;
  amount: string;
}
type Wording = (from: string, to: string, extra: Extras) => string;

/** One family: its names, the wordings of each link and of both answer kinds, its questions. */
interface ChainSpec {
  key: string;
  startNames: (random: Random, count: number) => string[];
  firstBridges: readonly string[];
  secondBridges: readonly string[];
  firstLink: readonly Wording[];
  secondLink: readonly Wording[];
  /** The answer note for each kind: [kind A wordings, kind B wordings]; `to` is the answer. */
  answers: readonly [readonly Wording[], readonly Wording[]];
  answerValues: readonly [(random: Random) => string, (random: Random) => string];
  /** The three-hop link: `from` is the older start, `to` the one that replaced it. */
  pairLink: readonly Wording[];
  twoHop: readonly [readonly ((start: string) => string)[], readonly ((start: string) => string)[]];
  threeHop: readonly [readonly ((start: string) => string)[], readonly ((start: string) => string)[]];
  distractors: readonly ((names: { start: string; first: string; second: string }, extra: Extras) => string)[];
}

function generate(spec: ChainSpec, seed: number, starts = 24): HeldOutSet {
  const random = seededRandom(seed * 7_919 + spec.key.length * 104_729);
  const names = spec.startNames(random, starts);
  const firstBridges = shuffled(random, spec.firstBridges).slice(0, 8);
  const secondBridges = shuffled(random, spec.secondBridges).slice(0, 4);
  const values = secondBridges.map(() => [spec.answerValues[0](random), spec.answerValues[1](random)] as const);
  const firstOf = names.map((_, index) => (index * 3 + seed) % firstBridges.length);
  const secondOf = firstBridges.map((_, index) => (index + seed) % secondBridges.length);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `${spec.key}-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  const extras = (): Extras => ({
    person: personName(random),
    other: personName(random),
    town: pick(random, towns),
    date: dateIn(2036)(random),
    year: 2028 + Math.floor(random() * 8),
    amount: amountOf(random),
  });
  for (const [index, start] of names.entries())
    add(
      `first-${index}`,
      pick(random, spec.firstLink)(start, firstBridges[firstOf[index] as number] as string, extras()),
    );
  for (const [index, bridge] of firstBridges.entries())
    add(
      `second-${index}`,
      pick(random, spec.secondLink)(bridge, secondBridges[secondOf[index] as number] as string, extras()),
    );
  for (const [index, bridge] of secondBridges.entries())
    for (const kind of [0, 1] as const) {
      const value = (values[index] as readonly [string, string])[kind];
      // A wrong value of the same kind can sit in the answer note too (another sum, town, date or person).
      add(`answer-${kind}-${index}`, pick(random, spec.answers[kind])(bridge, value, extras()));
    }
  // Pairs: start 2p+1 replaced start 2p; the three-hop question names the older one.
  for (let pair = 0; pair < starts / 2; pair++)
    add(
      `pair-${pair}`,
      pick(random, spec.pairLink)(names[2 * pair] as string, names[2 * pair + 1] as string, extras()),
    );
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const start = pick(random, names);
    const first = pick(random, firstBridges);
    const second = pick(random, secondBridges);
    add(
      `note-${index}`,
      `${pick(random, spec.distractors)({ start, first, second }, extras())} ${pick(random, fillers)}`,
    );
  }
  const chainOf = (index: number, kind: 0 | 1) => {
    const first = firstOf[index] as number;
    return [keyOf(`first-${index}`), keyOf(`second-${first}`), keyOf(`answer-${kind}-${secondOf[first]}`)];
  };
  const questions: HeldOutQuestion[] = [];
  for (const [index, start] of names.entries()) {
    const kind = (index % 2) as 0 | 1;
    questions.push({ question: pick(random, spec.twoHop[kind])(start), supporting: chainOf(index, kind), hops: 2 });
  }
  for (let pair = 0; pair < starts / 2; pair++) {
    const kind = (pair % 2) as 0 | 1;
    questions.push({
      question: pick(random, spec.threeHop[kind])(names[2 * pair] as string),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(2 * pair + 1, kind)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const siteWords = 'Brindley Calder Hartwell Ormond Penhale Quarry Saltash Tamar Wyvern Alder Kelso Ludgate'.split(' ');
const siteKinds = 'House Court Yard Works Mill Place'.split(' ');

const canteens: ChainSpec = {
  key: 'canteens',
  startNames: (random, count) => distinct(random, count, (r) => `${pick(r, siteWords)} ${pick(r, siteKinds)}`),
  firstBridges: [
    'Hartwell Kitchens',
    'Saltbox Catering',
    'Greenleaf Table',
    'Marram Fare',
    'Hartwell Larder',
    'Copper Pot Dining',
    'Fennel and Rye',
    'Bramble Table',
    'Lark Rise Kitchens',
    'Ormond Fare',
  ],
  secondBridges: [
    'Danby Provisions',
    'Wold Fresh Foods',
    'Tarrant Wholesale',
    'Danby Dairy Supply',
    'Kessock Produce',
    'Pelham Cash and Carry',
  ],
  firstLink: [
    (site, caterer, x) => `${site} switched its canteen to ${caterer} on ${x.date}. ${x.person} ran the tasting day.`,
    (site, caterer, x) =>
      `${caterer} runs the kitchen at ${site}. It took over from ${x.person}'s old team in ${x.year}, after complaints about the soup.`,
    (site, caterer, x) =>
      `${site} opened its staff restaurant in ${x.year}. Its counters are staffed by ${caterer}, and ${x.person} checks the hygiene log every Friday.`,
    (site, caterer, x) =>
      `Lunches at ${site} have come from ${caterer} since ${x.date}, when ${x.person} signed the order in ${x.town}. The menu changes every Monday.`,
  ],
  secondLink: [
    (caterer, wholesaler, x) =>
      `${caterer} buys its produce from ${wholesaler}. Their driver, ${x.person}, delivers before seven.`,
    (caterer, wholesaler, x) =>
      `${wholesaler} has stocked ${caterer} since ${x.year}. ${x.person} handles the orders on their side.`,
    (caterer, wholesaler, x) =>
      `${caterer} signed a supply agreement with ${wholesaler} in ${x.town} on ${x.date}. ${x.person} witnessed it.`,
    (caterer, wholesaler, x) =>
      `${caterer} was founded by ${x.person} in ${x.year}. Nearly everything it cooks arrives from ${wholesaler}.`,
  ],
  answers: [
    [
      (wholesaler, amount, x) =>
        `We pay ${wholesaler} ${amount} a year under the current terms. ${x.person} approves each invoice.`,
      (wholesaler, amount) =>
        `${wholesaler} billed us ${amount} over the last financial year. The bulk of it was fresh fruit.`,
      (wholesaler, amount, x) =>
        `The annual contract with ${wholesaler} is worth ${amount}. It was renegotiated by ${x.person} in ${x.year}.`,
      (wholesaler, amount, x) =>
        `${x.person} budgets ${amount} a year for ${wholesaler}. The figure was agreed on ${x.date}.`,
    ],
    [
      (wholesaler, town, x) =>
        `${wholesaler} works out of a depot in ${town}. ${x.person} manages the loading bay there.`,
      (wholesaler, town, x) =>
        `${wholesaler} moved its warehouse to ${town} in ${x.year}. Its vans leave at five each morning.`,
      (wholesaler, town, x) =>
        `Every crate from ${wholesaler} is packed in ${town}. It has been based there since ${x.year}.`,
      (wholesaler, town, x) => `${wholesaler} is a family firm from ${town}. ${x.person} still answers the phone.`,
    ],
  ],
  answerValues: [amountOf, (random) => pick(random, towns)],
  pairLink: [
    (old, replacement, x) =>
      `${old} closed in ${x.year} and its staff moved to ${replacement}. The keys went back on ${x.date}.`,
    (old, replacement, x) =>
      `${replacement} took over from ${old} as the regional office on ${x.date}. ${x.person} handed over the keys.`,
    (old, replacement, x) =>
      `When ${old} was sold in ${x.year}, everyone went to ${replacement}. ${x.person} organised the removal vans.`,
  ],
  twoHop: [
    [
      (site) => `What do we pay each year to the supplier that stocks the kitchen at ${site}?`,
      (site) => `How much does the food wholesaler behind the lunches at ${site} cost us annually?`,
      (site) =>
        `${site} gets its lunches from an outside firm; what is our yearly bill with whoever supplies that firm?`,
    ],
    [
      (site) => `Where is the depot of the wholesaler that feeds the canteen at ${site}?`,
      (site) => `In which town does the supplier of the caterer at ${site} keep its warehouse?`,
      (site) => `${site} has an outside caterer; which town does that caterer's supplier ship from?`,
    ],
  ],
  threeHop: [
    [
      (old) =>
        `${old} was shut down; what do we pay each year to the supplier of the caterer at the office that replaced it?`,
      (old) => `How much a year goes to the wholesaler behind the canteen at the site that took over from ${old}?`,
    ],
    [
      (old) =>
        `${old} was shut down; where is the depot of the supplier of the caterer at the office that replaced it?`,
      (old) => `In which town is the wholesaler that feeds the canteen at the site that took over from ${old}?`,
    ],
  ],
  distractors: [
    ({ start }, x) => `${start} spent ${x.amount} on new carpets in ${x.year}.`,
    ({ first }, x) => `${first} catered a wedding in ${x.town} on ${x.date}.`,
    ({ second }, x) => `${second} sponsored a charity run in ${x.town}.`,
    ({ start, first }, x) => `${first} charged ${x.amount} for the Christmas party at ${start}.`,
    ({ start }, x) => `${x.person} from ${start} went to a food fair in ${x.town}.`,
    ({ second }, x) => `${second} sent us a credit note for ${x.amount} after a late delivery.`,
  ],
};

const toolWords = 'Quartz Ember Lattice Harbor Juniper Slate Cobalt Meridian Tessel Vane Osprey Kiln'.split(' ');
const toolKinds = 'Ledger Rota Desk Vault Board Tracker'.split(' ');

const licences: ChainSpec = {
  key: 'licences',
  startNames: (random, count) => distinct(random, count, (r) => `${pick(r, toolWords)} ${pick(r, toolKinds)}`),
  firstBridges: [
    'Obelisk Systems',
    'Northlight Software',
    'Quartzline Labs',
    'Pemberton Digital',
    'Obelisk Cloud',
    'Harrier Works',
    'Tamsin Analytics',
    'Greyhaven Code',
    'Lumen Forge',
    'Northlight Apps',
  ],
  secondBridges: [
    'Carrow Licensing',
    'Blue Anchor IT',
    'Stellan Partners',
    'Carrow Direct',
    'Mosswood Resale',
    'Fairlight Channel',
  ],
  firstLink: [
    (tool, vendor, x) => `${tool} is made by ${vendor}. We bought it in ${x.year} on the advice of ${x.person}.`,
    (tool, vendor, x) =>
      `${vendor} develops ${tool}. Its support desk is in ${x.town}, and ${x.person} is our contact for bugs.`,
    (tool, vendor, x) => `${x.person} rolled out ${tool} to the finance team on ${x.date}. It comes from ${vendor}.`,
    (tool, vendor, x) =>
      `The licence terms of ${tool} are set by ${vendor}, who wrote it in ${x.year}. ${x.person} keeps the signed copy.`,
  ],
  secondLink: [
    (vendor, reseller, x) => `We buy ${vendor} licences through ${reseller}. ${x.person} set that up on ${x.date}.`,
    (vendor, reseller, x) =>
      `${reseller} resells the products of ${vendor} to us. They also sold us laptops in ${x.year}.`,
    (vendor, reseller, x) =>
      `${vendor} sells to firms our size only through partners. Ours is ${reseller}, chosen by ${x.person} in ${x.year}.`,
    (vendor, reseller, x) =>
      `Invoices for ${vendor} reach us from ${reseller}, whose office is in ${x.town}. They bill us every quarter.`,
  ],
  answers: [
    [
      (reseller, date, x) =>
        `Our agreement with ${reseller} renews on ${date}. ${x.person} will review the seat count before then.`,
      (reseller, date) => `${reseller} sends the renewal quote each year. The next one falls due on ${date}.`,
      (reseller, date, x) =>
        `The contract with ${reseller} runs until ${date}. It was signed by ${x.person} in ${x.year}.`,
      (reseller, date, x) =>
        `${x.person} has put ${date} in the diary as the renewal of the ${reseller} agreement. The reminder goes to ${x.other} as well.`,
    ],
    [
      (reseller, manager, x) =>
        `${manager} is our account manager at ${reseller}. She took over from ${x.other} in ${x.year}.`,
      (reseller, manager, x) =>
        `${reseller} assigned ${manager} to look after our account. Escalations go to ${x.other}.`,
      (reseller, manager, x) =>
        `Anything we order through ${reseller} goes via ${manager}, who has handled us since ${x.date}. ${x.other} signs the quotes.`,
      (reseller, manager, x) =>
        `At ${reseller} our business is looked after by ${manager}. ${x.other} covers the holidays.`,
    ],
  ],
  answerValues: [dateIn(2037), personName],
  pairLink: [
    (old, replacement, x) => `We moved off ${old} onto ${replacement} in ${x.year}. ${x.person} ran the migration.`,
    (old, replacement, x) =>
      `${replacement} replaced ${old} on ${x.date} after a long pilot. ${x.person} wrote the cut-over plan.`,
    (old, replacement, x) =>
      `${old} was switched off in ${x.year}. Its users now work in ${replacement}, with ${x.person} as the trainer.`,
  ],
  twoHop: [
    [
      (tool) => `When does our agreement come up for renewal with the reseller of the company behind ${tool}?`,
      (tool) => `By what date do we have to renew with the partner that sells us licences from the maker of ${tool}?`,
      (tool) => `${tool} comes from an outside developer; when is the deal with the firm reselling their software due?`,
    ],
    [
      (tool) => `Who is our account manager at the reseller of the company behind ${tool}?`,
      (tool) => `Which person should I call at the partner that sells us licences from the maker of ${tool}?`,
      (tool) => `${tool} comes from an outside developer; who handles us at the firm reselling their software?`,
    ],
  ],
  threeHop: [
    [
      (old) => `${old} was retired; when is the renewal with the reseller for the maker of the tool that replaced it?`,
      (old) =>
        `By what date do we renew with the partner selling the developer of the product we moved to from ${old}?`,
    ],
    [
      (old) => `${old} was retired; who handles us at the reseller for the maker of the tool that replaced it?`,
      (old) =>
        `Which person looks after us at the partner selling the developer of the product we moved to from ${old}?`,
    ],
  ],
  distractors: [
    ({ start }, x) => `${start} crashed during the audit on ${x.date}. ${x.person} restored it from backup.`,
    ({ first }, x) => `${first} released a new major version on ${x.date}.`,
    ({ second }, x) => `${x.person} met the sales team of ${second} at a trade fair on ${x.date}.`,
    ({ second }, x) => `${second} invited ${x.other} to its summer party.`,
    ({ first }, x) => `${first} hired ${x.other} as head of sales in ${x.year}.`,
    ({ start }, x) => `${x.other} wrote a review of ${start} for the newsletter.`,
  ],
};

/** Site catering, seeds 1–3 (tuning). */
export const siteCatering = (seed: number): HeldOutSet => generate(canteens, seed);
/** Software licences, seeds 1–3 (tuning). */
export const softwareLicences = (seed: number): HeldOutSet => generate(licences, seed);
