/**
 * A **tuning** family written in the thirtieth round (docs/memory-rounds.md, "Thirtieth round: questions whose start is not
 * an entity"): questions that start from a **thing**, a lower-case noun phrase the offline extractor makes no entity of
 * ("the keg washer in the cold store"), as round 29 found the held-out misses of splits 14–16 do (`linking`, from its
 * class counts only; no held-out split was opened to write this). Notes are a small brewery's maintenance log lines,
 * purchase orders and shift handovers, and each thing is named in several ways ("keg washer, cold store", "the cold
 * store keg washer", "keg washer (cold store)"). Look-alike notes name the same machine in another room and another
 * machine in the same room, so a start is told apart only by both of its words. Tuned on (bench/multi-hop-failures.ts,
 * bench/multi-hop-tune.ts key `brewery`), never held out.
 *
 * **Brewery plant** (`brewery`): a machine in a room → the contractor servicing it → the wholesaler that contractor
 * buys its spares from → the wholesaler's trade line (a telephone number), its trade discount (a percentage), its
 * weekly delivery window (a time window) or its minimum order (a sum of money). Three-hop: through the machine that
 * took over a retired one's work (directed). The domain (brewing plant, spares) is used by no split or earlier
 * tuning family that the docs describe.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const people = 'Dilys Marr,Cormac Tey,Abi Lindqvist,Rowan Oduya,Petra Saul,Emrys Kane,Lotte Ahn,Idris Vale'.split(',');
const weekdays = 'Mon Tue Wed Thu Fri'.split(' ');
const machines =
  'keg washer,glycol chiller,malt mill,bottle filler,can seamer,hop doser,wort pump,pallet wrapper'.split(',');
const rooms = 'cold store,packing hall,brewhouse,cask cellar,tap room,loading yard'.split(',');
const contractors = [
  'Kilnbrook Engineering',
  'Harlow Fluid Services',
  'Tamsin Reed Mechanical',
  'Brackwater Services',
  'Oxley Process Care',
  'Fernhill Technical',
  'Pellow Maintenance',
  'Stannard Works',
  'Quarrington Plant',
  'Mossley Hygienic',
];
const wholesalers = [
  'Corvel Trade Supply',
  'Mardle Parts',
  'Ashgrove Components',
  'Threlkeld Wholesale',
  'Yarrow Industrial',
  'Dunmere Spares',
];

/** One value of each kind, each of one fixed shape so that no value is part of another. */
const valueMakers: readonly ((random: Random) => string)[] = [
  (random) => `0113 ${300 + Math.floor(random() * 600)} ${1000 + Math.floor(random() * 9000)}`,
  (random) => `${(2 + Math.floor(random() * 40) / 10).toFixed(1)}%`,
  (random) => {
    const hour = 6 + Math.floor(random() * 3);
    return `${pick(random, weekdays)} 0${hour}:00–${hour + 4 < 10 ? '0' : ''}${hour + 4}:00`;
  },
  (random) => `£${100 + Math.floor(random() * 400)}.00`,
];

/** A machine in a room, as the family names it: each note and question says it one of these ways. */
interface Thing {
  machine: string;
  room: string;
}
const thingSaid: readonly ((thing: Thing) => string)[] = [
  (t) => `the ${t.machine} in the ${t.room}`,
  (t) => `the ${t.room} ${t.machine}`,
];
const sayThing = (random: Random, thing: Thing) => pick(random, thingSaid)(thing);

interface Note {
  person: string;
  day: number;
  time: string;
  order: number;
}
const initials = (person: string) =>
  person
    .split(' ')
    .map((part) => part[0])
    .join('');
const logLine = (n: Note, fields: string[]) =>
  `2041-04-${String(n.day).padStart(2, '0')} ${n.time} | ${fields.join(' | ')} | ${initials(n.person)}`;
const purchase = (n: Note, body: string) => `PO ${n.order}: ${body} Approved by ${n.person}.`;
const handover = (n: Note, body: string) => `Handover, ${pick(seededRandom(n.order), weekdays)} late shift: ${body}`;

/** The first link, a thing → the contractor servicing it (`wrong` another contractor). */
const firstLink: readonly ((t: Thing, to: string, wrong: string, n: Note) => string)[] = [
  (t, to, _wrong, n) => logLine(n, [t.room, t.machine, `serviced by ${to}`]),
  (t, to, _wrong, n) => purchase(n, `annual service contract for the ${t.machine} in the ${t.room}, awarded to ${to}.`),
  (t, to, wrong, n) => handover(n, `${to} look after the ${t.room} ${t.machine} now; ${wrong} lost that contract.`),
  (t, to, _wrong, n) => `${t.machine} (${t.room}) fault logged ${n.day} April by ${n.person}; ${to} sent an engineer.`,
];
/** The second link, a contractor → the wholesaler it buys spares from. */
const secondLink: readonly ((from: string, to: string, n: Note) => string)[] = [
  (from, to, n) => logLine(n, ['supplier record', from, `spares via ${to}`]),
  (from, to, n) => purchase(n, `seals and gaskets for ${from}'s van stock, bought through ${to}.`),
  (from, to, n) => handover(n, `${from} said their parts come from ${to}, so expect a delivery.`),
];
/** The answer note per kind: a wholesaler → its value. */
const answers: readonly (readonly ((from: string, value: string, n: Note) => string)[])[] = [
  [
    (from, value, n) => logLine(n, ['supplier record', from, `trade line ${value}`]),
    (from, value) => `To order from ${from}, ring ${value} before noon.`,
  ],
  [
    (from, value, n) => logLine(n, ['supplier record', from, `discount ${value}`]),
    (from, value, n) => purchase(n, `filters from ${from} at list less our ${value} trade discount.`),
  ],
  [
    (from, value, n) => logLine(n, ['supplier record', from, `delivers ${value}`]),
    (from, value, n) => handover(n, `${from} only drop off ${value}, keep the yard gate open.`),
  ],
  [
    (from, value, n) => logLine(n, ['supplier record', from, `minimum order ${value}`]),
    (from, value) => `${from} will not ship an order under ${value}, so batch the requests.`,
  ],
];
/** The three-hop link: a retired thing → the thing that took over its work. */
const pairLink: readonly ((from: Thing, to: Thing, n: Note) => string)[] = [
  (from, to, n) =>
    handover(n, `the ${from.room} ${from.machine} is retired; its work moved to the ${to.machine} in the ${to.room}.`),
  (from, to, n) => logLine(n, [from.room, from.machine, `retired, replaced by ${to.machine} (${to.room})`]),
];
/** Two-hop questions per answer kind (`s`: the start thing as the question says it). */
const twoHop: readonly (readonly ((s: string) => string)[])[] = [
  [
    (s) => `Which number orders spares from the wholesaler used by the firm servicing ${s}?`,
    (s) => `What trade line sells parts to the contractor who looks after ${s}?`,
  ],
  [
    (s) => `What discount does the parts supplier of the firm that services ${s} give us?`,
    (s) => `How much off list do we get from the wholesaler behind the contractor for ${s}?`,
  ],
  [
    (s) => `When does the wholesaler supplying the contractor of ${s} deliver?`,
    (s) => `At what hours does the spares supplier of whoever maintains ${s} drop off?`,
  ],
  [
    (s) => `What is the minimum order at the parts wholesaler of the firm servicing ${s}?`,
    (s) => `How small an order will the supplier of the contractor who looks after ${s} not ship?`,
  ],
];
const threeHop: readonly ((s: string) => string)[] = [
  (s) => `${s} was retired; which number orders spares for the contractor of the machine that took over its work?`,
  (s) => `${s} was retired; what discount does the spares wholesaler of whoever services its replacement give?`,
  (s) => `${s} was retired; when does the parts supplier of the firm servicing its replacement deliver?`,
  (s) => `${s} was retired; what is the minimum order at the wholesaler of the firm servicing its replacement?`,
];
/** Look-alikes: the start's machine in another room, another machine in its room, bridges on other business. */
const distractors: readonly ((
  names: { start: Thing; other: Thing; first: string; second: string },
  n: Note,
  value: string,
) => string)[] = [
  ({ start }, n, value) => logLine(n, [start.room, start.machine, `inspected, next check ${value}`]),
  ({ other }, n) => purchase(n, `a spare motor for the ${other.machine} in the ${other.room}.`),
  ({ start, other }, n) => handover(n, `the ${start.room} ${other.machine} jammed twice, ${other.room} was fine.`),
  ({ first }, n, value) => logLine(n, ['supplier record', first, `invoice terms ${value}`]),
  ({ second }, n, value) => `${second} quoted ${value} for a keg rack; we passed. (${n.person})`,
  ({ first, second }, n) => handover(n, `${first} asked whether ${second} still stocks glycol hose.`),
];

const values = (random: Random, kind: number) => (valueMakers[kind] as (random: Random) => string)(random);

function generate(seed: number, starts = 24): HeldOutSet {
  const random = seededRandom(seed * 7_919 + 30);
  const keys = distinct(random, starts, (r) => `${pick(r, machines)}|${pick(r, rooms)}`);
  const things: Thing[] = keys.map((key) => {
    const [machine = '', room = ''] = key.split('|');
    return { machine, room };
  });
  const firstBridges = shuffled(random, contractors).slice(0, 8);
  const secondBridges = shuffled(random, wholesalers).slice(0, 4);
  const answerOf = secondBridges.map(() => valueMakers.map((_, kind) => values(random, kind)));
  const firstOf = things.map((_, index) => (index * 3 + seed) % firstBridges.length);
  const secondOf = firstBridges.map((_, index) => (index + seed) % secondBridges.length);
  const memories: BenchMemory[] = [];
  let order = 4_000 + seed * 211;
  const keyOf = (key: string) => `brewery-${seed}-${key}`;
  const note = (): Note => ({
    person: pick(random, people),
    day: 1 + Math.floor(random() * 28),
    time: `${String(6 + Math.floor(random() * 14)).padStart(2, '0')}:${String(10 + Math.floor(random() * 49))}`,
    order: order++,
  });
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  for (const [index, thing] of things.entries()) {
    const first = firstBridges[firstOf[index] as number] as string;
    const wrong = pick(
      random,
      contractors.filter((name) => name !== first),
    );
    add(`first-${index}`, pick(random, firstLink)(thing, first, wrong, note()));
  }
  for (const [index, bridge] of firstBridges.entries())
    add(
      `second-${index}`,
      pick(random, secondLink)(bridge, secondBridges[secondOf[index] as number] as string, note()),
    );
  for (const [index, bridge] of secondBridges.entries())
    for (const [kind, value] of (answerOf[index] as string[]).entries())
      add(`answer-${kind}-${index}`, pick(random, answers[kind] ?? [])(bridge, value, note()));
  for (let pair = 0; pair < starts / 2; pair++)
    add(`pair-${pair}`, pick(random, pairLink)(things[2 * pair] as Thing, things[2 * pair + 1] as Thing, note()));
  for (let index = 0; memories.length < 100; index++) {
    const start = pick(random, things);
    // Another machine in the start's room, or the start's machine in another room: shares one of its two words.
    const other =
      index % 2 === 0
        ? {
            machine: pick(
              random,
              machines.filter((machine) => machine !== start.machine),
            ),
            room: start.room,
          }
        : {
            machine: start.machine,
            room: pick(
              random,
              rooms.filter((room) => room !== start.room),
            ),
          };
    const names = { start, other, first: pick(random, firstBridges), second: pick(random, secondBridges) };
    add(`note-${index}`, pick(random, distractors)(names, note(), values(random, index % valueMakers.length)));
  }
  const chainOf = (index: number, kind: number) => {
    const first = firstOf[index] as number;
    return [keyOf(`first-${index}`), keyOf(`second-${first}`), keyOf(`answer-${kind}-${secondOf[first]}`)];
  };
  const questions: HeldOutQuestion[] = [];
  for (const [index, thing] of things.entries()) {
    const kind = index % valueMakers.length;
    const question = pick(random, twoHop[kind] ?? [])(sayThing(random, thing));
    questions.push({ question, supporting: chainOf(index, kind), hops: 2 });
  }
  for (let pair = 0; pair < starts / 2; pair++) {
    const kind = pair % valueMakers.length;
    const said = sayThing(random, things[2 * pair] as Thing);
    questions.push({
      question: (threeHop[kind] as (s: string) => string)(said.charAt(0).toUpperCase() + said.slice(1)),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(2 * pair + 1, kind)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

/** Brewery plant, seeds 1–3 (tuning). */
export const breweryPlant = (seed: number): HeldOutSet => generate(seed);
