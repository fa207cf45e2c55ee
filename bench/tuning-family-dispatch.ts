/**
 * A **tuning** family written in the thirty-first round (docs/memory-rounds.md, "Thirty-first round: one entity however a
 * bridge is written"): chains whose bridges are written two to four ways across notes, as round 29 counted the class
 * `bridge not shared` on held-out splits 14–16 (from its class counts and the brief's generic wordings only; no
 * held-out split was opened to write this). A lot code is "lot 24K117", "LOT 24K117" or "24K117"; a crew "Team
 * Kestrel", "the Kestrel crew" or "Kestrel"; a work order "WO-31877" or "work order 31877"; a customer is defined once
 * by its role in a delivery note ('Halvorsen Foods Ltd ("the Customer")') and then called "the Customer". Look-alike
 * lots share all but the last digit. Tuned on (bench/multi-hop-failures.ts, bench/multi-hop-tune.ts key `dispatch`),
 * never held out.
 *
 * **Dispatch yard** (`dispatch`): a customer → the lot released to it → the crew that packed that lot → the crew's
 * shift phone (a telephone number), scrap rate (a percentage), loading window (a time window) or petty-cash float (a
 * sum of money). Three-hop: from a work order raised for the customer.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const people = 'Maud Kerrigan,Tobias Fenn,Ines Harcourt,Jonah Pryce,Greta Solberg,Ravi Anand'.split(',');
const weekdays = 'Mon Tue Wed Thu Fri'.split(' ');
const firstWords =
  'Halvorsen Brindle Cawood Dunstan Elmore Farrant Gosforth Hexley Ilmington Jessop Kelsall Lydgate Marwood Northam Orrell Pennock'.split(
    ' ',
  );
const trades = 'Foods,Textiles,Hardware,Chemicals,Furniture,Printing'.split(',');
const crews = 'Kestrel Osprey Merlin Harrier Curlew Plover Dunlin Avocet'.split(' ');

const valueMakers: readonly ((random: Random) => string)[] = [
  (random) => `0161 ${300 + Math.floor(random() * 600)} ${1000 + Math.floor(random() * 9000)}`,
  (random) => `${(1 + Math.floor(random() * 40) / 10).toFixed(1)}%`,
  (random) => {
    const hour = 6 + Math.floor(random() * 3);
    return `${pick(random, weekdays)} 0${hour}:00–${hour + 4 < 10 ? '0' : ''}${hour + 4}:00`;
  },
  (random) => `£${100 + Math.floor(random() * 400)}.00`,
];

/** How a note writes a lot, a crew and a work order (each note draws one way). */
const lotSaid: readonly ((code: string) => string)[] = [(c) => `lot ${c}`, (c) => `LOT ${c}`, (c) => c];
const crewSaid: readonly ((crew: string) => string)[] = [(c) => `Team ${c}`, (c) => `the ${c} crew`, (c) => c];
const orderSaid: readonly ((order: number) => string)[] = [(o) => `WO-${o}`, (o) => `work order ${o}`];

/** The first link, a customer → the lot released to it (the role-defined way names the customer once). */
const firstLink: readonly ((customer: string, lot: string, n: Stamp) => string)[] = [
  (customer, lot, n) => `Delivery note ${n.ref}: ${customer} Ltd ("the Customer"). ${lot} released to the Customer.`,
  (customer, lot, n) => `${n.day} | dispatch | ${lot} | consignee ${customer} | ${n.initials}`,
  (customer, lot) => `${customer} took delivery of ${lot} this morning, signed for at the gate.`,
];
/** The second link, a lot → the crew that packed it. */
const secondLink: readonly ((lot: string, crew: string, n: Stamp) => string)[] = [
  (lot, crew, n) => `${n.day} | packing | ${lot} | packed by ${crew} | ${n.initials}`,
  (lot, crew) => `${lot} was packed by ${crew} on the early shift.`,
  (lot, crew) => `Packing sheet: ${crew} wrapped and labelled ${lot}.`,
];
/** The answer note per kind: a crew → its value. */
const answers: readonly ((crew: string, value: string) => string)[] = [
  (crew, value) => `Shift phone for ${crew}: ${value}.`,
  (crew, value) => `Scrap this quarter for ${crew} stands at ${value}.`,
  (crew, value) => `${crew} load trailers ${value} only.`,
  (crew, value) => `Petty-cash float held by ${crew} is ${value}.`,
];
/** The three-hop link: a work order → the customer it was raised for. */
const pairLink: readonly ((order: string, customer: string) => string)[] = [
  (order, customer) => `${order} raised for ${customer}: relabel before dispatch.`,
  (order, customer) => `Raised ${order}, customer ${customer} Ltd, pallets to be re-wrapped.`,
];
const twoHop: readonly ((customer: string) => string)[] = [
  (c) => `What is the shift phone of the crew that packed the lot delivered to ${c}?`,
  (c) => `What scrap rate has the crew that packed the lot released to ${c}?`,
  (c) => `When does the crew that packed the lot delivered to ${c} load trailers?`,
  (c) => `What petty-cash float does the crew that packed the lot released to ${c} hold?`,
];
const threeHop: readonly ((order: string) => string)[] = [
  (o) => `${o} was raised for a customer; what is the shift phone of the crew that packed that customer's lot?`,
  (o) => `${o} was raised for a customer; what scrap rate has the crew that packed that customer's lot?`,
  (o) => `${o} was raised for a customer; when does the crew that packed that customer's lot load trailers?`,
  (o) => `${o} was raised for a customer; what petty-cash float does the crew that packed that customer's lot hold?`,
];
/** Look-alikes: a lot one digit off, crews and customers on other business. */
const distractors: readonly ((names: { lot: string; crew: string; customer: string }, value: string) => string)[] = [
  ({ lot, crew }) => `${lot} was held back for a re-weigh; ${crew} unpacked it.`,
  ({ crew }, value) => `${crew} asked for a new pallet wrapper, quoted ${value}.`,
  ({ customer, lot }) => `${customer} queried the invoice for ${lot}.`,
  ({ crew }) => `Toolbox talk on forklift safety for ${crew} on Friday.`,
];

interface Stamp {
  day: string;
  initials: string;
  ref: number;
}

function generate(seed: number, starts = 24): HeldOutSet {
  const random = seededRandom(seed * 7_919 + 31);
  const customers = distinct(random, starts, (r) => `${pick(r, firstWords)} ${pick(r, trades)}`);
  const lots = distinct(random, 8, (r) => `${24 + seed}K${100 + Math.floor(r() * 90) * 10}`);
  const crewNames = shuffled(random, crews).slice(0, 4);
  const orders = distinct(random, starts / 2, (r) => String(30_000 + Math.floor(r() * 9_000))).map(Number);
  const answerOf = crewNames.map(() => valueMakers.map((make) => make(random)));
  const lotOf = customers.map((_, index) => (index * 3 + seed) % lots.length);
  const crewOf = lots.map((_, index) => (index + seed) % crewNames.length);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `dispatch-${seed}-${key}`;
  let ref = 7_000 + seed * 97;
  const stamp = (): Stamp => {
    const person = pick(random, people);
    return {
      day: `2041-05-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      initials: person
        .split(' ')
        .map((part) => part[0])
        .join(''),
      ref: ref++,
    };
  };
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  const lotAs = (code: string) => pick(random, lotSaid)(code);
  const crewAs = (crew: string) => pick(random, crewSaid)(crew);
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  for (const [index, customer] of customers.entries())
    add(
      `first-${index}`,
      pick(random, firstLink)(customer, capital(lotAs(lots[lotOf[index] as number] as string)), stamp()),
    );
  for (const [index, lot] of lots.entries())
    add(
      `second-${index}`,
      capital(pick(random, secondLink)(lotAs(lot), crewAs(crewNames[crewOf[index] as number] as string), stamp())),
    );
  for (const [index, crew] of crewNames.entries())
    for (const [kind, value] of (answerOf[index] as string[]).entries())
      add(`answer-${kind}-${index}`, capital((answers[kind] as (c: string, v: string) => string)(crewAs(crew), value)));
  for (const [pair, order] of orders.entries())
    add(`pair-${pair}`, pick(random, pairLink)(pick(random, orderSaid)(order), customers[2 * pair + 1] as string));
  for (let index = 0; memories.length < 100; index++) {
    // A lot one digit off a real one: "24K117" beside "24K118" must stay two lots.
    const near = (pick(random, lots) as string).replace(/\d$/u, (digit) =>
      String((Number(digit) + 1 + (index % 8)) % 10),
    );
    const names = {
      lot: capital(lotAs(near)),
      crew: crewAs(pick(random, crewNames)),
      customer: pick(random, customers),
    };
    add(`note-${index}`, capital(pick(random, distractors)(names, (valueMakers[3] as (r: Random) => string)(random))));
  }
  const chainOf = (index: number, kind: number) => {
    const lot = lotOf[index] as number;
    return [keyOf(`first-${index}`), keyOf(`second-${lot}`), keyOf(`answer-${kind}-${crewOf[lot]}`)];
  };
  const questions: HeldOutQuestion[] = [];
  for (const [index, customer] of customers.entries()) {
    const kind = index % valueMakers.length;
    questions.push({
      question: (twoHop[kind] as (c: string) => string)(customer),
      supporting: chainOf(index, kind),
      hops: 2,
    });
  }
  for (const [pair, order] of orders.entries()) {
    const kind = pair % valueMakers.length;
    questions.push({
      question: capital((threeHop[kind] as (o: string) => string)(pick(random, orderSaid)(order))),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(2 * pair + 1, kind)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

/** Dispatch yard, seeds 1–3 (tuning). */
export const dispatchYard = (seed: number): HeldOutSet => generate(seed);
