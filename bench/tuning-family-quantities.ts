/**
 * Two **tuning** families written in the twentieth round (docs/memory-rounds.md, "quantities with units as answers"):
 * chains ending in a quantity with its unit, the question asking a measure ("what current …", "how long …",
 * "what pressure …"), the notes stating other quantities of the same and of other measures about the same
 * entities. From general knowledge of units and English, nothing taken from an evaluation set. Tuned on
 * (bench/multi-hop-tune.ts), never held out.
 *
 * - **Hospital infusion pumps** (`pumps`): ward → the equipment library lending it pumps → the pump model that
 *   library lends → the model's top rate (ml/h), battery run time, occlusion alarm pressure or weight.
 *   Three-hop: through the ward that took a closed one's patients.
 * - **Data centre power** (`halls`): internal service → the data hall hosting it → the UPS feeding that hall
 *   → the UPS's breaker current, output voltage, rated power or battery run time. Three-hop: through the
 *   service that replaced a retired one.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const firstNames = 'Maren Idris Colm Beata Ravi Ottilie Fergal Sunniva Dario Wren Lowri Anselm Kasia Thane'.split(' ');
const surnames = 'Hartwell Quayle Brindley Okafor Lindqvist Carrow Penhale Strand Voss Tregear Ashdown'.split(' ');
const personName = (random: Random) => `${pick(random, firstNames)} ${pick(random, surnames)}`;
const yearOf = (random: Random) => 2027 + Math.floor(random() * 9);
const between = (random: Random, low: number, high: number, step = 1) =>
  low + step * Math.floor(random() * ((high - low) / step + 1));
const grouped = (value: number) => String(value).replace(/\B(?=(\d{3})+$)/g, ',');

/** Quantities of every measure the notes use, each in a few of the ways business English writes it. */
const quantity = {
  flow: (r: Random) => `${grouped(between(r, 600, 1_500, 50))} ${pick(r, ['ml/h', 'mL/h'])}`,
  duration: (r: Random) =>
    pick(r, [
      () => `${between(r, 3, 11)} hours`,
      () => `${between(r, 2, 9)} h ${between(r, 1, 5) * 10} min`,
      () => `${between(r, 90, 400, 5)} minutes`,
    ])(),
  pressure: (r: Random) =>
    pick(r, [() => `${between(r, 300, 900, 25)} mmHg`, () => `${(between(r, 4, 12) / 10).toFixed(1)} bar`])(),
  mass: (r: Random) => `${(between(r, 14, 48) / 10).toFixed(1)} kg`,
  temperature: (r: Random) =>
    pick(r, [`${between(r, 2, 8)} °C`, `${between(r, 18, 27)}.5 °C`, `${between(r, 35, 40)} deg C`]),
  current: (r: Random) => `${pick(r, [16, 32, 63, 100, 125, 160, 250, 400, 460, 630])} A`,
  voltage: (r: Random) => `${pick(r, [208, 230, 400, 415, 480])} V`,
  power: (r: Random) => `${between(r, 40, 600, 20)} ${pick(r, ['kW', 'kVA'])}`,
  runtime: (r: Random) => pick(r, [`${between(r, 6, 45)} minutes`, `1 h ${between(r, 1, 5) * 10} min`]),
  length: (r: Random) => `${between(r, 20, 300, 5)} m`,
  data: (r: Random) => `${between(r, 2, 90)} ${pick(r, ['TB', 'GB'])}`,
  speed: (r: Random) => `${pick(r, [1_450, 1_800, 2_900, 3_000])} rpm`,
};

/** The names and values a wording may draw on besides the chain's own names. */
interface Extras {
  person: string;
  year: number;
  random: Random;
}
type Wording = (from: string, to: string, extra: Extras) => string;

/** One answer measure: its values, the answer note's wordings (`to` is the value), its questions. */
interface AnswerKind {
  value: (random: Random) => string;
  notes: readonly Wording[];
  twoHop: readonly ((start: string) => string)[];
  threeHop: readonly ((old: string) => string)[];
}

interface QuantitySpec {
  key: string;
  starts: readonly string[];
  firsts: readonly string[];
  seconds: readonly string[];
  /** Names of the second bridge's kind on no chain: the distractors state their values. */
  others: readonly string[];
  firstLink: readonly Wording[];
  secondLink: readonly Wording[];
  pairLink: readonly Wording[];
  kinds: readonly AnswerKind[];
  distractors: readonly ((
    names: { start: string; first: string; second: string; other: string },
    extra: Extras,
  ) => string)[];
}

/**
 * One company: 24 starts onto 8 first bridges onto 5 second bridges by fixed strides (each bridge on several
 * chains), one answer note per second bridge and measure, 12 pairs (the three-hop questions name the older),
 * distractors to 100 notes. Question i asks measure i mod the number of kinds.
 */
function generate(spec: QuantitySpec, seed: number): HeldOutSet {
  const random = seededRandom(seed * 6_151 + spec.key.length * 92_821);
  const starts = shuffled(random, spec.starts).slice(0, 24);
  const firsts = shuffled(random, spec.firsts).slice(0, 8);
  const seconds = shuffled(random, spec.seconds).slice(0, 5);
  const values = seconds.map(() => spec.kinds.map((kind) => kind.value(random)));
  const firstOf = starts.map((_, index) => (index * 3 + seed) % firsts.length);
  const secondOf = firsts.map((_, index) => (index + seed) % seconds.length);
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `${spec.key}-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  const extras = (): Extras => ({ person: personName(random), year: yearOf(random), random });
  for (const [index, start] of starts.entries())
    add(`first-${index}`, pick(random, spec.firstLink)(start, firsts[firstOf[index] as number] as string, extras()));
  for (const [index, first] of firsts.entries())
    add(
      `second-${index}`,
      pick(random, spec.secondLink)(first, seconds[secondOf[index] as number] as string, extras()),
    );
  for (const [index, second] of seconds.entries())
    for (const [kind, answer] of spec.kinds.entries())
      add(`answer-${kind}-${index}`, pick(random, answer.notes)(second, values[index]?.[kind] as string, extras()));
  for (let pair = 0; pair < starts.length / 2; pair++)
    add(
      `pair-${pair}`,
      pick(random, spec.pairLink)(starts[2 * pair] as string, starts[2 * pair + 1] as string, extras()),
    );
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) {
    const names = {
      start: pick(random, starts),
      first: pick(random, firsts),
      second: pick(random, seconds),
      other: pick(random, spec.others),
    };
    add(`note-${index}`, pick(random, spec.distractors)(names, extras()));
  }
  const chainOf = (index: number, kind: number) => {
    const first = firstOf[index] as number;
    return [keyOf(`first-${index}`), keyOf(`second-${first}`), keyOf(`answer-${kind}-${secondOf[first]}`)];
  };
  const questions: HeldOutQuestion[] = [];
  for (const [index, start] of starts.entries()) {
    const kind = index % spec.kinds.length;
    const asked = pick(random, spec.kinds[kind]?.twoHop ?? []);
    questions.push({ question: asked(start), supporting: chainOf(index, kind), hops: 2 });
  }
  for (let pair = 0; pair < starts.length / 2; pair++) {
    const kind = pair % spec.kinds.length;
    const asked = pick(random, spec.kinds[kind]?.threeHop ?? []);
    questions.push({
      question: asked(starts[2 * pair] as string),
      supporting: [keyOf(`pair-${pair}`), ...chainOf(2 * pair + 1, kind)],
      hops: 3,
    });
  }
  return { memories: shuffled(random, memories), questions };
}

const pumps: QuantitySpec = {
  key: 'pumps',
  starts:
    'Alder Birch Rowan Hazel Linden Willow Juniper Larch Hawthorn Elm Aspen Cedar Holly Maple Poplar Sorrel Yarrow Bramble Heather Teasel Campion Fennel Tansy Sedge Clover Primrose'
      .split(' ')
      .map((tree) => `${tree} Ward`),
  firsts: [
    'Eastgate Equipment Library',
    'Riverside Loan Store',
    'North Wing Equipment Pool',
    'Medical Devices Library',
    'Westfield Loan Store',
    'Theatre Equipment Pool',
    'Maternity Devices Library',
    'Old Block Loan Store',
    'Paediatric Equipment Pool',
  ],
  seconds: [
    'Corvane P40',
    'Medilyn Axis',
    'Infusa Volta',
    'Sentrex Flow',
    'Halden Pulse',
    'Corvane Lite',
    'Braxon Vita',
  ],
  others: ['Infusa Classic', 'Medilyn Orbit', 'Sentrex Mini', 'Halden Duo'],
  firstLink: [
    (ward, library, x) =>
      `${ward} borrows its infusion pumps from ${library}. ${x.person} signs them out each morning.`,
    (ward, library, x) =>
      `Pumps for ${ward} come from ${library}, which has lent to it since ${x.year}. The ward keeps its drug fridge at ${quantity.temperature(x.random)}.`,
    (ward, library, x) =>
      `${library} supplies ${ward} with infusion pumps. ${x.person}, the ward manager, asked for two more in ${x.year}.`,
    (ward, library, x) =>
      `When ${ward} needs an infusion pump, a porter fetches one from ${library}, ${quantity.length(x.random)} down the main corridor.`,
  ],
  secondLink: [
    (library, model) => `${library} stocks only the ${model}. Every pump it lends is cleaned and tested first.`,
    (library, model, x) => `Every pump ${library} lends is a ${model}; ${x.person} standardised on it in ${x.year}.`,
    (library, model, x) =>
      `${library} replaced its whole fleet with the ${model} in ${x.year}. The old pumps went to a charity.`,
    (library, model, x) =>
      `The ${model} is the one model ${library} keeps on its shelves, charged on a ${quantity.current(x.random)} circuit.`,
  ],
  pairLink: [
    (old, replacement, x) => `${old} closed in ${x.year} and its patients moved to ${replacement}.`,
    (old, replacement, x) => `${replacement} took over the beds of ${old}, which shut for good in ${x.year}.`,
    (old, replacement, x) =>
      `Since ${old} was closed, its patients are cared for on ${replacement}. ${x.person} moved with them.`,
  ],
  kinds: [
    {
      value: quantity.flow,
      notes: [
        (model, rate) => `The ${model} delivers at most ${rate}.`,
        (model, rate, x) => `A ${model} can be set up to ${rate}; ${x.person} checked it on the bench.`,
        (model, rate) => `Top rate of the ${model}: ${rate}, per the maker's manual.`,
      ],
      twoHop: [
        (ward) => `What is the highest infusion rate of the pumps lent to ${ward}?`,
        (ward) => `How fast can the pump model that the equipment library serving ${ward} lends deliver fluid?`,
        (ward) => `${ward} borrows its pumps from a library; what flow rate can that library's model reach?`,
      ],
      threeHop: [
        (old) =>
          `${old} has closed; what is the highest infusion rate of the pumps lent to the ward that took its patients?`,
        (old) => `How fast can the pumps lent to the ward that replaced ${old} run?`,
      ],
    },
    {
      value: quantity.duration,
      notes: [
        (model, time) => `On battery the ${model} runs for ${time} before it needs the mains.`,
        (model, time, x) => `${x.person} timed a fully charged ${model}: it lasted ${time} unplugged.`,
        (model, time) => `The ${model}'s battery is good for ${time} at a normal rate.`,
      ],
      twoHop: [
        (ward) => `How long does the battery last in the pumps that ${ward} borrows?`,
        (ward) => `For how many hours can the pump model lent to ${ward} run unplugged?`,
        (ward) => `What battery run time does the pump that ${ward}'s equipment library lends give?`,
      ],
      threeHop: [
        (old) => `${old} has closed; how long does the battery last in the pumps of the ward that took its patients?`,
        (old) => `How long can the pumps lent to the ward that replaced ${old} run on battery?`,
      ],
    },
    {
      value: quantity.pressure,
      notes: [
        (model, pressure) => `The occlusion alarm on the ${model} sounds at ${pressure}.`,
        (model, pressure, x) => `${x.person} set the ${model}'s occlusion limit to ${pressure} across the trust.`,
        (model, pressure) => `A ${model} stops and alarms once the line pressure reaches ${pressure}.`,
      ],
      twoHop: [
        (ward) => `At what pressure does the occlusion alarm sound on the pumps lent to ${ward}?`,
        (ward) => `What is the occlusion pressure limit of the pump model ${ward} borrows?`,
        (ward) => `${ward} gets its pumps from a library; what pressure sets off that model's alarm?`,
      ],
      threeHop: [
        (old) => `${old} has closed; at what pressure do the pumps of the ward that took its patients alarm?`,
        (old) => `What occlusion pressure does the pump lent to the ward that replaced ${old} alarm at?`,
      ],
    },
    {
      value: quantity.mass,
      notes: [
        (model, mass) => `The ${model} weighs ${mass} with its battery in.`,
        (model, mass, x) => `Porters complain about the ${model}: ${mass}, says ${x.person}, is a lot to carry.`,
        (model, mass) => `Weight of the ${model} on its pole clamp: ${mass}.`,
      ],
      twoHop: [
        (ward) => `How heavy is the pump model that ${ward} borrows?`,
        (ward) => `What does the infusion pump lent to ${ward} weigh?`,
        (ward) => `What is the weight of the pumps the equipment library serving ${ward} lends?`,
      ],
      threeHop: [
        (old) => `${old} has closed; how heavy are the pumps of the ward that took its patients?`,
        (old) => `What is the weight of the pump lent to the ward that replaced ${old}?`,
      ],
    },
  ],
  distractors: [
    ({ start }, x) =>
      `${start} keeps its medicines fridge at ${quantity.temperature(x.random)}; ${x.person} logs it twice a day.`,
    ({ start }, x) => `The oxygen outlets on ${start} run at ${quantity.pressure(x.random)}, checked in ${x.year}.`,
    ({ first }, x) => `${first} turns a pump round in ${quantity.duration(x.random)} after cleaning.`,
    ({ first }, x) =>
      `${first} charges its pumps on a ${quantity.current(x.random)} circuit, and ${x.person} tests it yearly.`,
    ({ start, first }, x) => `${start} is ${quantity.length(x.random)} from ${first} along the main corridor.`,
    ({ other }, x) => `The ${other}, which nobody here uses any more, delivered at most ${quantity.flow(x.random)}.`,
    ({ other }, x) =>
      `A ${other} weighs ${quantity.mass(x.random)} and its battery lasts ${quantity.duration(x.random)}.`,
    ({ second }, x) =>
      `${x.person} sent a ${second} back for repair after it dropped ${quantity.length(x.random)} off a trolley.`,
    ({ start }, x) => `${start} waited ${quantity.duration(x.random)} for a spare pump on a busy night in ${x.year}.`,
    ({ other }, x) => `The ${other} alarms at ${quantity.pressure(x.random)}, which nurses found too sensitive.`,
  ],
};

const halls: QuantitySpec = {
  key: 'halls',
  starts:
    'Payroll Ledger Rostering Billing Telemetry Archive Booking Helpdesk Intranet Procurement Inventory Timesheets Expenses Recruitment Dispatch Forecasting Reporting Mailroom Identity Backup Search Pricing Logistics Training Compliance Warranty'
      .split(' ')
      .map((service) => `${service} Platform`),
  firsts: [
    'Cedar Hall',
    'Linden Hall',
    'Quarry Hall',
    'Beacon Hall',
    'Harbour Hall',
    'Moss Hall',
    'Granite Hall',
    'Fern Hall',
    'Orchard Hall',
  ],
  seconds: ['Arden UPS', 'Brora UPS', 'Calder UPS', 'Derwent UPS', 'Esk UPS', 'Fowey UPS', 'Garry UPS'],
  others: ['Hodder UPS', 'Irwell UPS', 'Kennet UPS', 'Lune UPS'],
  firstLink: [
    (service, hall, x) => `${service} runs on racks in ${hall}. ${x.person} moved it there in ${x.year}.`,
    (service, hall, x) =>
      `${hall} hosts the servers of ${service}; the hall's cold aisle is held at ${quantity.temperature(x.random)}.`,
    (service, hall, x) =>
      `The production hosts of ${service} live in ${hall}, and its backups take ${quantity.data(x.random)} there.`,
    (service, hall) => `If ${hall} goes dark, ${service} goes down with it: every server it has sits there.`,
  ],
  secondLink: [
    (hall, ups) => `${hall} is fed by the ${ups}. Nothing else in the building draws from it.`,
    (hall, ups, x) => `Power for ${hall} comes through the ${ups}, installed by ${x.person} in ${x.year}.`,
    (hall, ups, x) =>
      `The ${ups} carries the whole load of ${hall}; it sits ${quantity.length(x.random)} away in the plant room.`,
    (hall, ups, x) => `${x.person} rewired ${hall} onto the ${ups} in ${x.year}, after the old feed failed.`,
  ],
  pairLink: [
    (old, replacement, x) => `${old} was retired in ${x.year}; ${replacement} does its work now.`,
    (old, replacement, x) => `${replacement} replaced ${old}, which ${x.person} switched off in ${x.year}.`,
    (old, replacement) => `Users of ${old} were moved onto ${replacement} when the old system was shut down.`,
  ],
  kinds: [
    {
      value: quantity.current,
      notes: [
        (ups, current) => `The input breaker of the ${ups} trips above ${current}.`,
        (ups, current, x) => `${x.person} rated the ${ups}'s incoming breaker at ${current}.`,
        (ups, current) => `The ${ups} may draw up to ${current} before its breaker opens.`,
      ],
      twoHop: [
        (service) => `At what current does the breaker on the UPS feeding the hall of ${service} trip?`,
        (service) => `How many amps can the UPS behind the hall that hosts ${service} draw before it trips?`,
        (service) => `What is the trip current of the UPS powering ${service}'s data hall?`,
      ],
      threeHop: [
        (old) => `${old} was retired; at what current does the UPS breaker behind the hall of its replacement trip?`,
        (old) => `How many amps can the UPS feeding the hall of the service that replaced ${old} draw?`,
      ],
    },
    {
      value: quantity.voltage,
      notes: [
        (ups, voltage) => `The ${ups} puts out ${voltage} to the racks.`,
        (ups, voltage, x) => `Output of the ${ups} is ${voltage}, as ${x.person} measured at commissioning.`,
        (ups, voltage) => `Every rack fed by the ${ups} gets ${voltage}.`,
      ],
      twoHop: [
        (service) => `What voltage does the UPS feeding the hall of ${service} supply?`,
        (service) => `At how many volts does the UPS behind ${service}'s hall run the racks?`,
        (service) => `${service} sits in a data hall; what is the output voltage of the UPS feeding it?`,
      ],
      threeHop: [
        (old) => `${old} was retired; what voltage does the UPS behind the hall of its replacement supply?`,
        (old) => `What voltage feeds the racks of the service that replaced ${old}?`,
      ],
    },
    {
      value: quantity.power,
      notes: [
        (ups, power) => `The ${ups} is rated at ${power}.`,
        (ups, power, x) => `${x.person} sized the ${ups} at ${power} for the hall's full load.`,
        (ups, power) => `At most ${power} can be drawn from the ${ups}.`,
      ],
      twoHop: [
        (service) => `What is the rated power of the UPS feeding the hall of ${service}?`,
        (service) => `How much power can the UPS behind ${service}'s data hall deliver?`,
        (service) => `${service} sits in a data hall; what power rating does that hall's UPS have?`,
      ],
      threeHop: [
        (old) => `${old} was retired; what is the rated power of the UPS behind the hall of its replacement?`,
        (old) => `How much power can the UPS feeding the service that replaced ${old} deliver?`,
      ],
    },
    {
      value: quantity.runtime,
      notes: [
        (ups, time) => `On a full load the ${ups}'s batteries last ${time}.`,
        (ups, time, x) => `${x.person} pulled the mains in a test: the ${ups} held the hall for ${time}.`,
        (ups, time) => `Battery autonomy of the ${ups}: ${time} until the generator must be running.`,
      ],
      twoHop: [
        (service) => `How long can the UPS feeding the hall of ${service} hold the load on battery?`,
        (service) => `What battery run time does the UPS behind ${service}'s data hall give?`,
        (service) => `${service} sits in a data hall; for how many minutes can its UPS carry it?`,
      ],
      threeHop: [
        (old) => `${old} was retired; how long can the UPS behind the hall of its replacement run on battery?`,
        (old) => `How long do the batteries last on the UPS feeding the service that replaced ${old}?`,
      ],
    },
  ],
  distractors: [
    ({ first }, x) =>
      `${first} is kept at ${quantity.temperature(x.random)} at the rack inlets; ${x.person} reads it daily.`,
    ({ start }, x) => `${start} restarts in ${quantity.runtime(x.random)} after a power cut.`,
    ({ start }, x) => `${start} keeps ${quantity.data(x.random)} of logs a year.`,
    ({ first }, x) => `The lighting circuit of ${first} is fused at ${quantity.current(x.random)}.`,
    ({ second }, x) =>
      `The ${second} weighs ${quantity.mass(x.random)} without batteries; ${x.person} had the floor checked in ${x.year}.`,
    ({ other }, x) =>
      `The ${other} trips above ${quantity.current(x.random)} and puts out ${quantity.voltage(x.random)}.`,
    ({ other }, x) =>
      `The ${other} is rated at ${quantity.power(x.random)}, and its batteries last ${quantity.runtime(x.random)}.`,
    ({ first }, x) => `The cooling fans in ${first} spin at ${quantity.speed(x.random)}.`,
    ({ start, first }, x) => `${x.person} moved a spare server for ${start} out of ${first} in ${x.year}.`,
    ({ second }, x) =>
      `The ${second}'s fans run at ${quantity.speed(x.random)} and its cabinet stands in a ${quantity.length(x.random)} row.`,
  ],
};

/** Hospital infusion pumps (tuning; see the file's head). */
export const infusionPumps = (seed: number): HeldOutSet => generate(pumps, seed);
/** Data centre power (tuning; see the file's head). */
export const hallPower = (seed: number): HeldOutSet => generate(halls, seed);
