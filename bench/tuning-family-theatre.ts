/**
 * A **tuning** family written in the twenty-second round (docs/memory-rounds.md, "tuning families in other formats") by an
 * engineer who did not read the ranking or extraction code: a touring theatre company's working notes, none of them
 * prose paragraphs, mails, wiki pages or tables with a title — chat exports, production YAML, ticket threads,
 * calendar entries, order log lines and header-less CSV rows.
 *
 * **Touring theatre** (`theatre`): production → its lighting designer → the hire house that designer orders kit from →
 * our account code at that hire house. Three-hop: through the show whose rig the named production inherits (directed).
 * The answer notes use the bookkeeping's words (acct, vendor, ledger) and the questions the stage's (customer number,
 * rental firm), so the answer note shares no word with its question: only the chain's names lead to it.
 * Hire houses' names carry no word of the questions (no "Hire", "Rentals", "Lighting").
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import { chatExport, clockTime, isoDay, keptValues } from './format-notes.ts';
import { company, people } from './handbook-company.ts';
import type { Wording } from './handbook-company.ts';

const titleWords = 'Salt Glass Paper Winter Hollow Crimson Quiet Iron Velvet Amber Borrowed Silent'.split(' ');
const titleNouns = 'Lantern Orchard Kingdom Harbour Mirror Garden Ladder Compass Feather Tide'.split(' ');
const forenames = 'Orla Tobias Nadia Fenwick Imogen Caspar Rosalind Emrys Petra Jonah Delia Marek Sabine Ansel'.split(
  ' ',
);
const surnames = 'Benn Aldous Castell Drury Everitt Fairlie Garside Holloway Ingram Jessop Kenward Lisle'.split(' ');
const hireHouses = [
  'Lumen Stage Supply',
  'Brightwork Ltd',
  'Kelvin Rigging',
  'Northlight Stage Co',
  'Fresnel & Sons',
  'Gantry Lane Supplies',
  'Spotline & Co',
  'Halide Ltd',
  'Barndoor Stage Services',
];
const handles = 'sam jo priya dev ana tash rhys mo'.split(' ');

function generate(seed: number): HeldOutSet {
  const random = seededRandom(seed * 6_113 + 22);
  const starts = distinct(random, 24, (r) => `The ${pick(r, titleWords)} ${pick(r, titleNouns)}`);
  const crew = people(random, 16, forenames, surnames);
  const firsts = crew.slice(0, 8);
  // Directors, stage managers and finance staff: people of no chain, so a note naming them adds no second link.
  const others = crew.slice(8);
  const houses = shuffled(random, hireHouses);
  const seconds = houses.slice(0, 7);
  const spareHouses = houses.slice(7);
  const codes = distinct(random, 30, (r) => `C${10_000 + Math.floor(r() * 90_000)}`);
  const answers = codes.slice(0, 7);
  const decoys = codes.slice(7);
  const handle = () => pick(random, handles);
  const kept = keptValues();
  const person = () => pick(random, others);
  const other = <T>(list: readonly T[], not: T) =>
    pick(
      random,
      list.filter((item) => item !== not),
    );
  const decoy = () => pick(random, decoys);

  const toDesigner: Wording[] = [
    (show, designer) =>
      [
        `production: ${show}`,
        'season: 2034',
        'creative:',
        `  director: ${person()}`,
        `  lighting: ${designer}`,
        `  sound: ${person()}`,
      ].join('\n'),
    (show, designer) =>
      chatExport(random, [
        [handle(), `who's lighting ${show} this time?`],
        [handle(), `${designer}, contract went out this morning`],
      ]),
    (show, designer) => {
      const before = other(firsts, designer);
      return [
        `PROD-${100 + Math.floor(random() * 900)} [${show}] Lighting design`,
        'Status: In progress',
        `Assignee: ${before} → ${designer}`,
        `Comment (${person()}): handed over, ${before} is on another tour`,
      ].join('\n');
    },
    (show, designer) =>
      [
        `${isoDay(random, 2034)} 10:00–13:00  ${show} — lighting focus`,
        `  with: ${designer} (designer), ${person()} (SM)`,
        '  where: Studio 2',
      ].join('\n'),
  ];
  const toHouse: Wording[] = [
    (designer, house) => {
      const day = isoDay(random, 2033);
      return [
        `${day}T09:${10 + Math.floor(random() * 40)}:07Z kit-order designer="${designer}" supplier="${other(seconds, house)}" status=cancelled`,
        `${day}T15:${10 + Math.floor(random() * 40)}:41Z kit-order designer="${designer}" supplier="${house}" items=${10 + Math.floor(random() * 60)} status=confirmed`,
      ].join('\n');
    },
    (designer, house) => chatExport(random, [[designer, `kit list has gone to ${house} again, always my first call`]]),
    (designer, house) => `${designer},${house},preferred,since 2029`,
    (designer, house) => [`designer: ${designer}`, `agent: ${person()}`, `orders kit from: ${house}`].join('\n'),
  ];
  const toCode: Wording[] = [
    (house, code) =>
      [
        '# vendors.yaml',
        `- vendor: ${house}`,
        `  acct: ${code}`,
        '  terms: 30 days',
        `- vendor: ${pick(random, spareHouses)}`,
        `  acct: ${decoy()}`,
      ].join('\n'),
    (house, code) =>
      [
        `FIN-${1000 + Math.floor(random() * 9000)} Set up ${house} as supplier`,
        'Status: Resolved',
        `Reporter: ${person()}`,
        `Comment (accounts payable): set up, acct ${code}, pay by BACS`,
      ].join('\n'),
    (house, code) =>
      `${isoDay(random, 2034)} 09:14:07 INFO ledger.sync vendor="${house}" acct=${code} balance=£${100 + Math.floor(random() * 4000)}.00 state=ok`,
    (house, code) =>
      chatExport(random, [
        [person(), `anyone got our acct with ${house}?`],
        [handle(), `${code}, it's on the last invoice`],
      ]),
  ];
  // `show` inherits the rig of `source` when `source` closes: the three-hop chain follows `source`.
  const inherits: Wording[] = [
    (show, source) => chatExport(random, [[handle(), `${show} gets the whole rig from ${source} when it closes`]]),
    (show, source) => [`production: ${show}`, `rig: inherited from ${source}`, 'get-in: Monday'].join('\n'),
    (show, source) =>
      [`PROD-${100 + Math.floor(random() * 900)} [${show}] take over rig of ${source}`, 'Status: Open'].join('\n'),
  ];
  return company({
    prefix: 'theatre',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers,
    decoys,
    links: [toDesigner, toHouse, toCode],
    before: inherits,
    twoHop: [
      (s) =>
        `Which customer number do we quote when ordering lamps for ${s} from its lighting designer's usual rental firm?`,
      (s) => `${s} needs extra movers: what is our customer number at the company its lighting designer rents from?`,
      (s) => `What code identifies us to the rental firm favoured by whoever lights ${s}?`,
      (s) => `I'm hiring lanterns for ${s}; what customer number goes on the order to the designer's usual firm?`,
    ],
    threeHop: [
      (s) =>
        `${s} inherits another show's rig; what customer number do we quote at the rental firm that show's lighting designer favours?`,
      (s) =>
        `What code identifies us to the firm renting kit to the designer who lit the show whose rig ${s} takes over?`,
    ],
    distractors: [
      (wrong) => {
        const house = pick(random, seconds);
        return chatExport(random, [
          [handle(), `${house} quoted ${pick(random, wrong(house))} for the haze machines, we said no`],
        ]);
      },
      (wrong) => {
        const show = pick(random, starts);
        return [
          `production: ${show}`,
          `budget: ${kept(show, () => pick(random, wrong(show)))}`,
          `venue: Studio ${1 + Math.floor(random() * 4)}`,
        ].join('\n');
      },
      () =>
        `${isoDay(random, 2033)}T${clockTime(random)}:12Z kit-return designer="${pick(random, firsts)}" supplier="${pick(random, spareHouses)}" items=${2 + Math.floor(random() * 9)} status=late`,
      (wrong) => {
        const designer = pick(random, firsts);
        return [
          `designer: ${designer}`,
          `union no.: ${kept(designer, () => pick(random, wrong(designer)))}`,
          `agent: ${person()}`,
        ].join('\n');
      },
      () =>
        `${isoDay(random, 2034)} 14:00  ${pick(random, seconds)} showroom — ${pick(random, firsts)} looking at new profiles`,
    ],
  });
}

/** Touring theatre in chat, YAML, tickets, calendars and log lines, seeds 1–3 (tuning). */
export const touringTheatre = (seed: number): HeldOutSet => generate(seed);
