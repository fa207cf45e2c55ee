/**
 * The thirtieth session round's held-out split for GraphRAG: three multi-hop families written and committed,
 * before any figure was taken on them, by an engineer who did not read the ranking code. Split 11 read like a
 * handbook, split 12 like minutes, tickets and chat, split 13 like a mailbox and a wiki, split 14 like reviews,
 * handovers and spreadsheet exports, split 15 like transcripts, decision logs and records, split 16 like issue
 * threads, chat exports, configuration commits and calendar entries; this one reads like a site's paperwork and
 * phones (bench/held-out-families-17-notes.ts): purchase orders exported as text, where a link is often the
 * supplier in the heading and a thing in a numbered line or a labelled field; inspection checklists, a link in a
 * ticked item or an open one's finding; an internal tool's release notes, a link in one bullet, often beside the
 * value it replaced; and voice memos' automatic transcripts, lower case with their "um"s, where a link's two ends
 * are often in two spoken lines joined by a pronoun. The chains are new (a piece of fire-fighting kit on site → the
 * maintenance round it is checked on → the contractor working that round → the contractor's next visit; a
 * cleaning machine → the chemical it runs on → the store cabinet holding that chemical → the cabinet's rated
 * capacity; a thing the site pays for → the cost centre it is charged to → the budget holder of that cost centre →
 * their sign-off limit), and the starts are lower-case things ("the hose reel by the acid store", "the
 * floor scrubber in the canteen", "the window cleaning"), not names. Bridges are written more than one way: a
 * round as "R14", "round R14" or "PPM R14", a contractor with or without its "Ltd", a chemical with or without
 * its grade, a cost centre as "CC-4410" or "cost centre 4410", a budget holder by full name, initial or surname.
 * The answers are a date spelled out, a volume and a sum of money. Half of each company's notes are distractors
 * putting a named thing or a bridge beside a wrong value of the asked kind — a contractor's holiday closure, a
 * chemical's yearly use, a cost centre's spend to date — often with another entity of the family in another
 * relation. Each question carries its chain of entity names, so the data can be checked
 * (test/memory/held-out-split-17.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import {
  checklist,
  filler,
  handles,
  purchaseOrder,
  releaseNotes,
  spelledDay,
  voiceMemo,
} from './held-out-families-17-notes.ts';
import type { CheckItem, ReleaseSection } from './held-out-families-17-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { cleaningChemicals } from './held-out-families-17-chemicals.ts';
export { purchaseSignoffs } from './held-out-families-17-signoffs.ts';

// Fire-fighting kit only, so that one piece standing in for another (the three-hop link) makes sense.
const kit = (
  'the extinguishers,the hose reel,the fire blanket,the foam extinguisher,the co2 extinguisher,' +
  'the powder extinguisher,the fire buckets,the water mist unit'
).split(',');
const places = (
  'in goods-in,at the gatehouse,in the canteen,on the mezzanine,by the acid store,in the workshop,in bay 2,' +
  'in bay 7,outside the lab,by the boiler house,on the back stairs,by dock door 5'
).split(',');
const contractorWords =
  'Brightwater,Keystone,Halberd,Redmoor,Ashcombe,Pennant,Tollgate,Wexcombe,Larchfield,Fernhill'.split(',');
const ghanaianForenames = 'Kwame,Ama,Kofi,Abena,Yaw,Efua,Kojo,Akosua,Kwesi,Adwoa'.split(',');
const ghanaianSurnames = 'Osei,Mensah,Boateng,Owusu,Asante,Appiah,Darko,Ofori,Agyeman,Ansah'.split(',');
const partsSuppliers = ['Safeguard Supplies', 'Northline Industrial', 'Arco Direct'];

/**
 * Safety walk-rounds: which maintenance round each piece of fire-fighting kit is checked on, which contractor works each
 * round, and when that contractor is next on site. Two-hop: "when is the firm looking after the round that takes
 * in this kit next in?"; three-hop: the same for the kit this one stands in for.
 */
export function safetyWalkrounds(seed: number): HandbookSet {
  const random = seededRandom(seed * 229_013 + 149);
  const starts = distinct(random, 24, (r) => `${pick(r, kit)} ${pick(r, places)}`);
  const firsts = distinct(random, 8, (r) => `R${10 + Math.floor(r() * 40)}`);
  const seconds = distinct(random, 7, (r) => pick(r, contractorWords));
  // A contractor's letterhead name; the notes use it or the first word alone.
  const fullName = new Map(
    seconds.map((word) => [word, `${word} ${pick(random, ['Fire Ltd', 'Fire & Security', 'Safety Services Ltd'])}`]),
  );
  const either = (contractor: string) => pick(random, [contractor, fullName.get(contractor) ?? contractor]);
  const dates = distinct(random, 19, spelledDay);
  const staff = handles(random, 10, ghanaianForenames, ghanaianSurnames);
  const person = () => pick(random, staff);
  const um = () => filler(random);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  /** The values of `allowed` that answer another chain: a distractor that puts one beside a name confuses most. */
  const answersIn = (allowed: string[]) => allowed.filter((value) => dates.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, dates, upstream, downstream);
  const planner = (...bullets: (readonly [ReleaseSection, string])[]) =>
    releaseNotes(random, { tool: 'SiteDesk', major: 3, bullets });
  const memo = (...lines: string[]) => voiceMemo(random, { by: person(), lines });
  const round = (title: string, place: string, items: readonly CheckItem[]) =>
    checklist(random, { round: title, place, by: person(), items });
  return company({
    prefix: 'walkrounds',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: dates.slice(0, 7),
    decoys: dates.slice(7),
    links: [
      [
        (item, route) =>
          round('monthly walk-round', pick(random, ['north side', 'south side', 'yard']), [
            { done: 'escape routes clear' },
            { done: `${item}: tag in date, logged on ${route}` },
            { skipped: 'roof access (weather)' },
          ]),
        (item, route) => planner(['Changed', `Asset moves: ${item} from ${other(firsts, route)} to round ${route}.`]),
        (item, route) =>
          memo(
            `${um()} so I had a look at ${item} today`,
            `it goes on ${route} from the first of the month, ${um()} put that in`,
          ),
        (item, route) =>
          purchaseOrder(random, {
            by: person(),
            supplier: pick(random, partsSuppliers),
            lines: [{ quantity: 2 + Math.floor(random() * 5), item: `tamper tags for ${item}` }],
            fields: [
              ['Charge to', `PPM ${route}`],
              ['Deliver to', 'site office'],
            ],
          }),
      ],
      [
        (route, contractor) =>
          purchaseOrder(random, {
            by: person(),
            supplier: fullName.get(contractor) ?? contractor,
            lines: [{ quantity: 1, item: `a year of quarterly visits, ${route}`, service: true }],
            fields: [['Deliver to', 'site office']],
          }),
        (route, contractor) => planner(['Fixed', `${route} showed no contractor; it now shows ${either(contractor)}.`]),
        (route, contractor) =>
          round('contractor induction', 'site office', [
            { done: `${contractor} engineers inducted for ${route}` },
            { done: 'permit-to-work explained' },
          ]),
        (route, contractor) =>
          memo(`${route}, ${um()}`, `yeah that's ${contractor}'s now, they took it over in the spring`),
      ],
      [
        (contractor, date) =>
          purchaseOrder(random, {
            by: person(),
            supplier: fullName.get(contractor) ?? contractor,
            lines: [{ quantity: 1, item: 'half-year service call-out', service: true }],
            fields: [
              ['Visit booked', date],
              ['Deliver to', 'site office'],
            ],
          }),
        (contractor, date) =>
          planner([
            'Known issues',
            `The calendar shows ${contractor}'s next visit a week early; they are booked for ${date}.`,
          ]),
        (contractor, date) =>
          round('weekly contractor board', 'site office', [
            { open: `${contractor} return visit`, found: `expected ${date}, waiting on a permit` },
          ]),
        (contractor, date) =>
          memo(
            `reminder ${um()}`,
            `${contractor} are expected in on ${date}, so ${um()} clear the bays the night before`,
          ),
      ],
    ],
    before: [
      (item, covered) =>
        round('monthly walk-round', pick(random, ['north side', 'south side', 'yard']), [
          { done: `${item} in place as the fallback for ${covered}` },
          { done: 'fire doors shut on their own' },
        ]),
      (item, covered) => planner(['Added', `Fallback assets: ${item} is set up as the fallback for ${covered}.`]),
      (item, covered) => memo(`if ${covered} is out of action`, `${um()} we use ${item} instead, it's the nearest`),
    ],
    twoHop: [
      (item) =>
        `On what day of which month will the people maintaining the circuit that includes ${item} come in again?`,
      (item) => `What day will the firm maintaining the inspection circuit of ${item} next turn up?`,
      (item) => `On which day should I expect whoever maintains the circuit ${item} belongs to?`,
    ],
    threeHop: [
      (item) => `If ${item} has to stand in for something, when is the firm maintaining that thing's circuit expected?`,
      (item) => `What day are the maintainers of the circuit containing whatever ${item} substitutes for due?`,
    ],
    distractors: [
      (wrong) => {
        const contractor = pick(random, seconds);
        return memo(
          `${contractor}'s office shuts for the holidays on ${pick(random, wrong(contractor))}`,
          'just so you know',
        );
      },
      (wrong) => {
        const item = pick(random, starts);
        return round('monthly walk-round', pick(random, ['north side', 'south side', 'yard']), [
          { done: `${item}: under warranty until ${pick(random, wrong(item))}` },
          { done: 'signage legible' },
        ]);
      },
      (wrong) => {
        const route = pick(random, firsts);
        return planner([
          'Fixed',
          `${route} still showed its cancelled visit of ${pick(random, answersIn(wrong(route)))}.`,
        ]);
      },
      (wrong) => {
        const contractor = pick(random, seconds);
        const route = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, contractor)),
        );
        return purchaseOrder(random, {
          by: person(),
          supplier: fullName.get(contractor) ?? contractor,
          lines: [{ quantity: 1, item: `survey for a quote on ${route}`, service: true }],
          fields: [['Quote valid until', pick(random, besideBoth(wrong, route, contractor))]],
        });
      },
      (wrong) => {
        const item = pick(random, starts);
        const contractor = pick(
          random,
          seconds.filter((name) => !chained(wrong, item, name)),
        );
        return memo(
          `${contractor} offered to look at ${item}, ${um()} as a favour`,
          `pencilled in for ${pick(random, besideBoth(wrong, item, contractor))}, nothing booked`,
        );
      },
      (wrong) => {
        const item = pick(random, starts);
        const route = pick(
          random,
          firsts.filter((name) => !chained(wrong, item, name)),
        );
        return round('fire drill', pick(random, ['north side', 'south side', 'yard']), [
          {
            done: `${item} borrowed by the ${route} engineers for the drill on ${pick(random, besideBoth(wrong, item, route))}`,
          },
        ]);
      },
      (wrong) => {
        const contractor = pick(random, seconds);
        return planner([
          'Known issues',
          `A cancelled ${contractor} visit (${pick(random, answersIn(wrong(contractor)))}) still shows in the calendar.`,
        ]);
      },
    ],
  });
}
