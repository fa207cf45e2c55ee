/**
 * A **tuning** family written in the fourteenth round to the style docs/memory-rounds.md describes for
 * held-out split 13 (its description only; that split's files were not opened): a team's mailbox and
 * wiki, where a link is often asked in a quoted message and answered in the reply ("> Who stocks the
 * machines in Copse Annexe now?" / "Snackwell Vending. They won the tender."), or stated as one added
 * wiki row below the row it replaced ("- … | settles through: …" / "+ … | settles through: …"), and
 * answers are values rather than names. Tuned on (bench/multi-hop-failures.ts, bench/memory.ts key
 * `vending`), never held out.
 *
 * **Office vending** (`vending`): staff building → the vending operator stocking its machines → the
 * card processor that operator settles through → the processor's support line (a telephone number),
 * its fee per transaction (a percentage), its weekly settlement window (a time window) or its monthly
 * terminal rent (a sum of money). Three-hop: through the building that took the machines of a closed
 * one (directed). The domain (vending, card payments) is used by no split nor earlier tuning family.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const people =
  'Rhian Okoro,Teodor Blake,Saskia Wynne,Hamid Farrow,Ines Calloway,Jory Penrose,Mabli Stott,Uriel Dane'.split(',');
const weekdays = 'Mon Tue Wed Thu Fri'.split(' ');
const buildingWords = 'Copse Larch Heron Millrace Sorrel Tansy Wharf Quillet Bracken Osier Teasel Fallow'.split(' ');
const buildingKinds = 'Annexe Wing Lodge Block Pavilion'.split(' ');
const operators = [
  'Snackwell Vending',
  'Corner Crate Vending',
  'Brewline Refreshments',
  'Pantry Box Services',
  'Nibble & Co',
  'Greystock Vending',
  'Hatchway Refreshments',
  'Fenmoor Snacks',
  'Kettlehouse Services',
  'Drumlin Vending',
];
const processors = [
  'Tillbridge Payments',
  'Orbis Card Services',
  'Quaystone Pay',
  'Merrow Merchant',
  'Ardent Settle',
  'Kinver Cards',
];

/** One value of each kind, each of one fixed shape so that no value is part of another. */
const valueMakers: readonly ((random: Random) => string)[] = [
  (random) => `0161 ${400 + Math.floor(random() * 500)} ${1000 + Math.floor(random() * 9000)}`,
  (random) => `${(1 + Math.floor(random() * 30) / 10).toFixed(1)}%`,
  (random) => {
    const hour = 1 + Math.floor(random() * 4);
    return `${pick(random, weekdays)} 0${hour}:00–0${hour + 3}:00`;
  },
  (random) => `£${30 + Math.floor(random() * 60)}.${pick(random, ['00', '50'])}`,
];

interface Note {
  from: string;
  to: string;
  person: string;
  asker: string;
  day: string;
  wrong: string;
  revision: number;
}
type Wording = (note: Note) => string;

const time = (random: Random) => `${9 + Math.floor(random() * 8)}:${String(10 + Math.floor(random() * 49))}`;

/** An e-mail: subject, sender and time, body, sign-off, and for a reply the quoted question below it. */
function mail(subject: string, note: Note, body: string, quoted?: string): string {
  const head = `Subject: ${quoted ? 'Re: ' : ''}${subject}\nFrom: ${note.person}, ${note.day}`;
  const quote = quoted ? `\n\nOn ${note.day}, ${note.asker} wrote:\n> ${quoted}` : '';
  return `${head}\n\n${body}\n\n${note.person.split(' ')[0]}${quote}`;
}
/** One wiki revision: header, an optional removed row, the added row and an edit summary. */
function wiki(page: string, note: Note, removed: string | undefined, added: string, summary: string): string {
  const rows = [removed === undefined ? undefined : `- ${removed}`, `+ ${added}`].filter(Boolean).join('\n');
  return `${page} · r${note.revision} · 2040-03-${String(2 + (note.revision % 26)).padStart(2, '0')} · ${note.person}\n${rows}\nSummary: ${summary}`;
}

const firstLink: readonly Wording[] = [
  (n) =>
    mail(
      `${n.from} machines`,
      n,
      `${n.to}. They won the tender in the spring.`,
      `Who stocks the machines in ${n.from} now?`,
    ),
  (n) => wiki('Sites', n, `${n.from} | stocked by: ${n.wrong}`, `${n.from} | stocked by: ${n.to}`, 'new contract'),
  (n) => mail('Vending', n, `${n.to} took over the machines at ${n.from} last week, the crisps are back.`),
  (n) =>
    mail(
      `Empty machine in ${n.from}`,
      n,
      `Yes, it is refilled by ${n.to} every Tuesday.`,
      `Does anyone refill the machine in ${n.from}?`,
    ),
];
const secondLink: readonly Wording[] = [
  (n) =>
    mail(
      `${n.from} card readers`,
      n,
      `${n.to}. Their readers went in last year.`,
      `Which processor does ${n.from} settle card sales through?`,
    ),
  (n) =>
    wiki(
      'Operators',
      n,
      `${n.from} | settles through: ${n.wrong}`,
      `${n.from} | settles through: ${n.to}`,
      'moved processor',
    ),
  (n) => mail('Card payments', n, `${n.from} put every reader on ${n.to} after the outage.`),
  (n) =>
    mail(
      `Refund for ${n.from}`,
      n,
      `It goes through ${n.to}, ask them for the receipt.`,
      `Who handles card refunds for ${n.from}?`,
    ),
];
/** The answer note per kind: `from` is the processor, `to` the value, `wrong` another value of the kind. */
const answers: readonly (readonly Wording[])[] = [
  [
    (n) => wiki('Support lines', n, `${n.from} | support: ${n.wrong}`, `${n.from} | support: ${n.to}`, 'new desk'),
    (n) => mail(`Reader down`, n, `${n.to}, option two.`, `What's the support number for ${n.from}?`),
    (n) => mail('Reader fault', n, `Ring ${n.from} on ${n.to} if a reader shows an error.`),
  ],
  [
    (n) => wiki('Fees', n, `${n.from} | fee: ${n.wrong}`, `${n.from} | fee: ${n.to}`, 'renegotiated'),
    (n) => mail('Fees', n, `${n.to}, same as last year.`, `What does ${n.from} take per card sale?`),
    (n) => mail('Fees', n, `${n.from} keeps ${n.to} of every card sale.`),
  ],
  [
    (n) => wiki('Settlement', n, `${n.from} | settles: ${n.wrong}`, `${n.from} | settles: ${n.to}`, 'new batch run'),
    (n) => mail('Settlement', n, `${n.to}, readers are offline then.`, `When does ${n.from} run its batch?`),
    (n) => mail('Settlement', n, `${n.from} batch every week ${n.to}, so readers go quiet then.`),
  ],
  [
    (n) =>
      wiki('Rents', n, `${n.from} | terminal rent: ${n.wrong}`, `${n.from} | terminal rent: ${n.to}`, 'price rise'),
    (n) => mail('Terminal rent', n, `${n.to} a month per reader.`, `What do we pay ${n.from} for each reader?`),
    (n) => mail('Terminal rent', n, `${n.from} charges ${n.to} a month for each terminal.`),
  ],
];
const pairLink: readonly Wording[] = [
  (n) =>
    mail(
      `${n.from} closing`,
      n,
      `Its machines went to ${n.to} when it shut.`,
      `What happened to the machines in ${n.from}?`,
    ),
  (n) => wiki('Sites', n, undefined, `${n.from} | machines moved to: ${n.to}`, 'site closed'),
  (n) => mail('Moves', n, `${n.to} inherited the machines of ${n.from} after the closure.`),
];
const twoHop: readonly (readonly ((start: string) => string)[])[] = [
  [
    (s) => `Which number do we ring when the card reader at ${s} breaks?`,
    (s) => `What phone line helps with payments for the snacks in ${s}?`,
  ],
  [
    (s) => `What percentage of a card sale in ${s} is kept by the payment firm?`,
    (s) => `How big a cut does the card company behind ${s}'s snack stock take?`,
  ],
  [
    (s) => `At what hours each week are the payment terminals in ${s} offline?`,
    (s) => `When is the weekly window in which the card firm for ${s} batches?`,
  ],
  [
    (s) => `How much a month does each reader cost for the snacks in ${s}?`,
    (s) => `What rent per terminal is paid for the machines in ${s}?`,
  ],
];
const threeHop: readonly (readonly ((start: string) => string)[])[] = [
  [(s) => `${s} shut; which number do we ring about card readers in the place that got its snack machines?`],
  [(s) => `${s} shut; what percentage of each card sale is kept where its snack machines went?`],
  [(s) => `${s} shut; at what hours each week are readers offline where its snack machines went?`],
  [(s) => `${s} shut; how much a month is each reader where its snack machines went?`],
];
const distractors: readonly ((names: { start: string; first: string; second: string }, n: Note) => string)[] = [
  ({ start }, n) =>
    mail('Facilities', n, `The lift in ${start} is out until ${n.to}. Call ${n.wrong} for the engineer.`),
  ({ first }, n) => wiki('Operators', n, undefined, `${first} | accounts: ${n.wrong}`, 'finance asked'),
  ({ second }, n) => mail('Processors', n, `${second} quoted ${n.wrong} for online sales, we said no.`),
  ({ first, second }, n) => mail('Tender', n, `${first} pitched to move to ${second} but never signed.`),
  ({ start }, n) => mail(`${start} kitchen`, n, `The kettle in ${start} is descaled ${n.wrong}.`),
];

const values = (random: Random, kind: number) => (valueMakers[kind] as (random: Random) => string)(random);

function generate(seed: number, starts = 24): HeldOutSet {
  const random = seededRandom(seed * 6_113 + 14);
  const names = distinct(random, starts, (r) => `${pick(r, buildingWords)} ${pick(r, buildingKinds)}`);
  const firstBridges = shuffled(random, operators).slice(0, 8);
  const secondBridges = shuffled(random, processors).slice(0, 4);
  const answerOf = secondBridges.map(() => valueMakers.map((_, kind) => values(random, kind)));
  const firstOf = names.map((_, index) => (index * 3 + seed) % firstBridges.length);
  const secondOf = firstBridges.map((_, index) => (index + seed) % secondBridges.length);
  const memories: BenchMemory[] = [];
  let revision = 100 + seed * 37;
  const keyOf = (key: string) => `vending-${seed}-${key}`;
  const note = (from: string, to: string, wrong: string): Note => ({
    from,
    to,
    wrong,
    person: pick(random, people),
    asker: pick(random, people),
    day: `${pick(random, weekdays)} ${1 + Math.floor(random() * 27)} March at ${time(random)}`,
    revision: revision++,
  });
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, start] of names.entries()) {
    const first = firstBridges[firstOf[index] as number] as string;
    add(
      `first-${index}`,
      pick(
        random,
        firstLink,
      )(
        note(
          start,
          first,
          pick(
            random,
            operators.filter((o) => o !== first),
          ),
        ),
      ),
    );
  }
  for (const [index, bridge] of firstBridges.entries()) {
    const second = secondBridges[secondOf[index] as number] as string;
    add(
      `second-${index}`,
      pick(
        random,
        secondLink,
      )(
        note(
          bridge,
          second,
          pick(
            random,
            processors.filter((p) => p !== second),
          ),
        ),
      ),
    );
  }
  for (const [index, bridge] of secondBridges.entries())
    for (const [kind, value] of (answerOf[index] as string[]).entries())
      add(
        `answer-${kind}-${index}`,
        pick(random, answers[kind] as readonly Wording[])(note(bridge, value, values(random, kind))),
      );
  for (let pair = 0; pair < starts / 2; pair++)
    add(`pair-${pair}`, pick(random, pairLink)(note(names[2 * pair] as string, names[2 * pair + 1] as string, '')));
  for (let index = 0; memories.length < 100; index++) {
    const kind = index % valueMakers.length;
    const names3 = {
      start: pick(random, names),
      first: pick(random, firstBridges),
      second: pick(random, secondBridges),
    };
    add(`note-${index}`, pick(random, distractors)(names3, note('', values(random, 2), values(random, kind))));
  }
  const chainOf = (index: number, kind: number) => {
    const first = firstOf[index] as number;
    return [keyOf(`first-${index}`), keyOf(`second-${first}`), keyOf(`answer-${kind}-${secondOf[first]}`)];
  };
  const questions: HeldOutQuestion[] = [];
  for (const [index, start] of names.entries()) {
    const kind = index % valueMakers.length;
    questions.push({ question: pick(random, twoHop[kind] ?? [])(start), supporting: chainOf(index, kind), hops: 2 });
  }
  for (let pair = 0; pair < starts / 2; pair++) {
    const kind = pair % valueMakers.length;
    questions.push({
      question: pick(random, threeHop[kind] ?? [])(names[2 * pair] as string),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(2 * pair + 1, kind)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

/** Office vending, seeds 1–3 (tuning). */
export const officeVending = (seed: number): HeldOutSet => generate(seed);
