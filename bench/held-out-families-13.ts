/**
 * The fourteenth session round's held-out split for GraphRAG: three multi-hop families written and
 * committed by an engineer who did not tune that round's ranking, before any figure was taken on them, and
 * measured once. Split 11 read like a handbook, split 12 like minutes, tickets and chat; this one reads like
 * a team's mailbox and wiki (bench/held-out-families-13-notes.ts): e-mails with a subject, a reply above
 * the message it quotes and a sign-off, where a link is often asked in the quoted message and answered in
 * the reply with a pronoun ("> Is Dumper 412 insured yet?" / "Yes, it went onto …"), and wiki revisions
 * whose "- old row" / "+ new row" lines state a link as a bare table cell ("+ Dumper 412 | schedule: Owned
 * Plant"), often beside the value it replaced. The chains are new (a machine on a plant-hire yard → the
 * insurance schedule it is listed on → the insurer carrying that schedule → the insurer's line for
 * reporting an incident; a book → the imprint it comes out under → the distributor selling that imprint →
 * the distributor's discount off the retail price; a warehouse site → the circuit connecting it → the
 * carrier owning that circuit → the carrier's weekly maintenance window), the answers are of three kinds
 * no earlier split asked for (a telephone number, a percentage, a weekly time window), and half of each
 * company's notes are distractors that put a named entity or a bridge beside a wrong value of the asked
 * kind — another desk's number, another channel's discount, a defrost cycle's hours — often with another
 * entity of the family in another relation ("declined to quote for …", "bid for … at auction but lost").
 * Each question carries its chain of entity names, so the data can be checked
 * (test/memory/held-out-families-13.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain, twoOf } from './chat-notes.ts';
import { email, wikiEdit } from './held-out-families-13-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { bookDistribution } from './held-out-families-13-books.ts';
export { siteCircuits } from './held-out-families-13-circuits.ts';

const machines = 'Excavator,Telehandler,Dumper,Roller,Crawler Crane,Generator,Loader,Forklift,Compressor'.split(',');
const schedules =
  'Owned Plant,Hired-in Plant,Contractors All Risks,Lifting Equipment,Site Machinery,Tools and Small Plant,Goods in Transit,Yard Vehicles,Engineering Breakdown'.split(
    ',',
  );
const insurers =
  'Ashgrove Mutual,Kestrel Underwriting,Northbank General,Harcourt Vale Insurance,Pelican Marine & General,Caldmore Syndicate,Wexcombe Insurance,Ormond Mutual,Bastion Specialty'.split(
    ',',
  );
const yards = 'Wakefield,Castleford,Pontefract,Batley,Ossett,Normanton'.split(',');
const welshForenames = 'Rhys,Cerys,Gethin,Nia,Owain,Elin,Dafydd,Ffion,Iwan,Mared,Tomos,Heledd,Aled,Catrin'.split(',');
const welshSurnames = 'Pugh,Bevan,Prosser,Gwynne,Howells,Meredith,Rees,Vaughan,Parry,Pritchard,Jenkins'.split(',');
/** A UK number as a desk gives it out, one fixed shape so no number is part of another. */
const phone = (random: Random) =>
  `${pick(random, ['0800', '0345', '0330', '0161', '0113', '0121'])} ${100 + Math.floor(random() * 900)} ${1000 + Math.floor(random() * 9000)}`;

/**
 * Plant insurance: which insurance schedule each machine on the yard is listed on, which insurer carries
 * each schedule, which number each insurer takes incident reports on. Two-hop: "which hotline do we dial
 * to report an accident with M?"; three-hop: the same for the machine M is kept running with parts from.
 */
export function plantInsurance(seed: number): HandbookSet {
  const random = seededRandom(seed * 167_009 + 97);
  const starts = distinct(random, 24, (r) => `${pick(r, machines)} ${100 + Math.floor(r() * 900)}`);
  const firsts = distinct(random, 8, (r) => pick(r, schedules));
  const seconds = distinct(random, 7, (r) => pick(r, insurers));
  const numbers = distinct(random, 19, phone);
  const staff = people(random, 10, welshForenames, welshSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, numbers.slice(7));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, numbers, upstream, downstream);
  const thread = (subject: string, question: string, answer: string) => {
    const [asker, replier] = twoOf(random, staff);
    return email(random, subject, { from: replier, lines: [answer] }, { from: asker, lines: [question] });
  };
  return company({
    prefix: 'plant',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: numbers.slice(0, 7),
    decoys: numbers.slice(7),
    links: [
      [
        (machine, schedule) =>
          thread(
            `${machine} cover`,
            `Is ${machine} insured yet? Site want it on the low-loader on ${pick(random, ['Monday', 'Thursday', 'Friday'])}.`,
            `Yes, it was put on the ${schedule} schedule when it came back from hire.`,
          ),
        (machine, schedule) =>
          wikiEdit(random, 'Plant register', person(), [
            `- ${machine} | schedule: ${pick(random, ['TBC', other(firsts, schedule)])}`,
            `+ ${machine} | schedule: ${schedule}`,
            `Summary: serial plate checked against the certificate`,
          ]),
        (machine, schedule) =>
          email(random, 'New kit at the yard', {
            from: person(),
            lines: [
              `${machine} arrived at ${pick(random, yards)} this morning.`,
              `I've added it to ${schedule} from today, premium adjustment to follow.`,
            ],
          }),
        (machine, schedule) =>
          thread(
            `${schedule} renewal`,
            `Can you send me the latest list for ${schedule}? The broker needs it by ${pick(random, ['Tuesday', 'Friday', 'Monday'])}.`,
            `Attached. Note that ${machine} sits on it now as well, since the swap.`,
          ),
      ],
      [
        (schedule, insurer) =>
          wikiEdit(random, 'Insurance summary', person(), [
            `- ${schedule} | carried by: ${other(seconds, insurer)}`,
            `+ ${schedule} | carried by: ${insurer}`,
            `Summary: renewal done, new certificate uploaded`,
          ]),
        (schedule, insurer) =>
          email(random, `${schedule} renewal`, {
            from: person(),
            lines: [`The ${schedule} renewal went to ${insurer} in the end; the old market wouldn't quote.`],
          }),
        (schedule, insurer) =>
          thread(
            `${schedule}`,
            `Who actually writes ${schedule} these days?`,
            `${insurer}. They took it on at the last renewal.`,
          ),
        (schedule, insurer) =>
          email(random, `Certificate: ${schedule}`, {
            from: person(),
            lines: [`Certificate for ${schedule} attached.`, `It's underwritten by ${insurer}, wording unchanged.`],
          }),
      ],
      [
        (insurer, number) =>
          email(random, 'If something gets damaged', {
            from: person(),
            lines: [
              `Reminder: ring ${insurer} on ${number} and quote our reference.`,
              `They want photos within 48 hours.`,
            ],
          }),
        (insurer, number) =>
          wikiEdit(random, 'Who to call', person(), [
            `- ${insurer} | first notification: ${decoy()}`,
            `+ ${insurer} | first notification: ${number}`,
            `Summary: they moved it to a new desk`,
          ]),
        (insurer, number) =>
          thread(
            'Gatepost at Normanton',
            `A wagon clipped a gatepost, who do I phone at ${insurer}?`,
            `Their incident desk: ${number}. It's staffed round the clock.`,
          ),
        (insurer, number) =>
          email(random, 'New sticker for the cabs', {
            from: person(),
            lines: [`${insurer} have a new first-notification line, ${number}.`, `Please update the cab stickers.`],
          }),
      ],
    ],
    before: [
      (machine, donor) =>
        email(random, `${machine} down again`, {
          from: person(),
          lines: [`${machine} is down again.`, `We're keeping it going with parts off ${donor} until the pump comes.`],
        }),
      (machine, donor) =>
        wikiEdit(random, 'Plant register', person(), [
          `+ ${machine} | cannibalised from: ${donor}`,
          `Summary: agreed with the yard manager`,
        ]),
      (machine, donor) =>
        thread(
          `${donor} on blocks`,
          `Why is ${donor} sitting on blocks at ${pick(random, yards)}?`,
          `It's the donor for ${machine}, we strip it as we need.`,
        ),
    ],
    twoHop: [
      (machine) => `Which hotline do we dial to report an accident with ${machine} to the firm protecting it?`,
      (machine) => `${machine} got dented; what's the contact for telling the company behind its protection plan?`,
      (machine) =>
        `What digits reach the people standing behind the arrangement that includes ${machine}, to tell them of a mishap?`,
    ],
    threeHop: [
      (machine) =>
        `${machine} borrows bits from another unit; which hotline do we dial to report an accident with that unit to the firm protecting it?`,
      (machine) =>
        `What's the contact for telling the company behind the protection plan of the unit ${machine} is patched up from?`,
    ],
    distractors: [
      (wrong) => {
        const machine = pick(random, starts);
        return email(random, `${machine} service`, {
          from: person(),
          lines: [
            `The dealer says book the ${machine} service on ${pick(random, wrong(machine))}.`,
            `They're slow to answer.`,
          ],
        });
      },
      (wrong) => {
        const machine = pick(random, starts);
        const schedule = pick(
          random,
          firsts.filter((name) => !chained(wrong, machine, name)),
        );
        return email(random, `${machine} and ${schedule}`, {
          from: person(),
          lines: [
            `The broker wouldn't put ${machine} on ${schedule}, too old.`,
            `Their direct line is ${pick(random, besideBoth(wrong, machine, schedule))} if you want to argue.`,
          ],
        });
      },
      (wrong) => {
        const schedule = pick(random, firsts);
        return email(random, `${schedule} premium`, {
          from: person(),
          lines: [
            `Premium for ${schedule} goes by direct debit.`,
            `Accounts queries: ${pick(random, wrong(schedule))}.`,
          ],
        });
      },
      (wrong) => {
        const insurer = pick(random, seconds);
        return wikiEdit(random, 'Supplier contacts', person(), [
          `+ ${insurer} | accounts: ${pick(random, wrong(insurer))}`,
          `Summary: for premium invoices only`,
        ]);
      },
      (wrong) => {
        const insurer = pick(random, seconds);
        const schedule = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, insurer)),
        );
        return thread(
          `${schedule} quotes`,
          `Did ${insurer} come back on ${schedule}?`,
          `They declined. Their underwriter is on ${pick(random, besideBoth(wrong, insurer, schedule))} if we try again.`,
        );
      },
      (wrong) => {
        const machine = pick(random, starts);
        const insurer = pick(
          random,
          seconds.filter((name) => !chained(wrong, machine, name)),
        );
        return email(random, `${machine} thorough exam`, {
          from: person(),
          lines: [
            `${insurer}'s engineer examined ${machine} under LOLER.`,
            `Book the next visit on ${pick(random, besideBoth(wrong, machine, insurer))}.`,
          ],
        });
      },
      (wrong) => {
        const machine = pick(random, starts);
        return wikiEdit(random, 'Plant register', person(), [
          `+ ${machine} | tracker SIM: ${pick(random, wrong(machine))}`,
          `Summary: new tracker fitted`,
        ]);
      },
      (wrong) => {
        const schedule = pick(random, firsts);
        return thread(
          `${schedule} broker`,
          `Has the broker for ${schedule} changed?`,
          `Same firm, new desk. Direct line ${pick(random, wrong(schedule))}.`,
        );
      },
    ],
  });
}
