import { normalizeEntityName } from './extraction.ts';

/**
 * Quantities with units as answers (twentieth round, docs/memory-rounds.md): which measure a quantity is (an
 * electric current, a temperature, a duration …) by the unit it is written with, and which measures a
 * question asks for by its words ("what current …", "how hot …", "how long …"). Units as business English
 * writes them — symbols, words and their plurals — from general knowledge of units, nothing taken from an
 * evaluation set.
 */

export const measures = [
  'current',
  'voltage',
  'power',
  'energy',
  'temperature',
  'pressure',
  'frequency',
  'speed',
  'flow',
  'duration',
  'length',
  'area',
  'mass',
  'volume',
  'data',
  'data rate',
  'sound',
  'concentration',
  'count',
] as const;
export type Measure = (typeof measures)[number];

/**
 * Switches, on by default. `units`: the extractor reads the units below (value-spans.ts; off, only the
 * fourteenth round's short list). `across`: a quantity between two names does not part them (value-spans.ts,
 * `acrossQuantities`). `asked`: a question's measure words ask for a quantity. `measure`: such a question takes
 * only a quantity of the measure it asks for (off: any quantity).
 */
export const quantityAnswers = { units: true, across: true, asked: true, measure: true };

/**
 * Per measure, its units: `symbols` as written (case counts: "mA" is no "MA"), `words` in lower case, each
 * also with a plural -s unless it ends in s already or is listed with its plural.
 */
const unitTable: Record<Measure, { symbols: readonly string[]; words: readonly string[] }> = {
  current: { symbols: ['A', 'mA', 'kA'], words: ['amp', 'ampere'] },
  voltage: { symbols: ['V', 'kV', 'mV'], words: ['volt'] },
  power: {
    symbols: ['W', 'kW', 'MW', 'GW', 'VA', 'kVA', 'MVA', 'hp', 'bhp', 'BTU/h'],
    words: ['watt', 'kilowatt', 'megawatt', 'horsepower'],
  },
  energy: {
    symbols: ['Wh', 'kWh', 'MWh', 'GWh', 'J', 'kJ', 'MJ', 'kcal'],
    words: ['kilowatt-hour', 'kilowatt hour', 'joule', 'calorie'],
  },
  temperature: {
    symbols: ['°C', '°F', '° C', '° F', '℃', '℉', 'deg C', 'deg F', 'degC', 'degF'],
    words: ['degree', 'degrees C', 'degrees F', 'degrees Celsius', 'degrees centigrade', 'degrees Fahrenheit'],
  },
  pressure: {
    symbols: ['bar', 'barg', 'mbar', 'psi', 'psig', 'Pa', 'kPa', 'MPa', 'hPa', 'mmHg', 'atm'],
    words: ['millibar', 'pascal'],
  },
  frequency: {
    symbols: ['Hz', 'kHz', 'MHz', 'GHz', 'rpm', 'RPM', 'rev/min', 'r/min'],
    words: ['hertz', 'revolutions per minute', 'revs per minute', 'cycles per second'],
  },
  speed: {
    symbols: ['km/h', 'kph', 'mph', 'm/s', 'ft/s', 'kn'],
    words: ['knot', 'miles per hour', 'kilometres per hour', 'metres per second'],
  },
  flow: {
    symbols: ['l/min', 'L/min', 'l/s', 'L/s', 'l/h', 'L/h', 'ml/h', 'mL/h', 'ml/min', 'mL/min', 'm3/h', 'm³/h', 'gpm'],
    words: [
      'litres per minute',
      'litres per hour',
      'litres per second',
      'millilitres per hour',
      'cubic metres per hour',
    ],
  },
  duration: {
    symbols: ['ms', 'sec', 'secs', 'min', 'mins', 'h', 'hr', 'hrs'],
    words: ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'fortnight', 'month', 'year'],
  },
  length: {
    symbols: ['mm', 'cm', 'm', 'km', 'ft', 'yd'],
    words: [
      'metre',
      'meter',
      'millimetre',
      'centimetre',
      'kilometre',
      'kilometer',
      'mile',
      'feet',
      'foot',
      'inches',
      'inch',
      'yard',
    ],
  },
  area: {
    symbols: ['m2', 'm²', 'km²', 'sq ft', 'sq m'],
    words: ['square metre', 'square meter', 'square feet', 'square foot', 'acre', 'hectare'],
  },
  mass: {
    symbols: ['kg', 'g', 'mg', 'µg', 'mcg', 't', 'lb', 'lbs', 'oz'],
    words: ['tonne', 'ton', 'kilo', 'kilogram', 'gram', 'milligram', 'ounce'],
  },
  volume: {
    symbols: ['l', 'L', 'ml', 'mL', 'cl', 'hl', 'm3', 'm³', 'gal'],
    words: ['litre', 'liter', 'millilitre', 'milliliter', 'hectolitre', 'gallon', 'barrel', 'pint', 'cubic metre'],
  },
  data: {
    symbols: ['kB', 'KB', 'MB', 'GB', 'TB', 'PB', 'MiB', 'GiB', 'TiB'],
    words: ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'],
  },
  'data rate': {
    symbols: ['kbps', 'Mbps', 'Gbps', 'kbit/s', 'Mbit/s', 'Gbit/s', 'MB/s', 'GB/s'],
    words: ['megabits per second', 'gigabits per second'],
  },
  sound: { symbols: ['dB', 'dBA', 'dB(A)'], words: ['decibel'] },
  concentration: { symbols: ['ppm', 'ppb', 'mg/l', 'mg/L', 'mmol/l', 'mmol/L', 'µg/m³'], words: [] },
  count: { symbols: [], words: ['pallet', 'carton', 'crate', 'drum'] },
};

/** Every unit as it may be written, with its measure. */
const written: readonly [string, Measure][] = measures.flatMap((measure) => [
  ...unitTable[measure].symbols.map((symbol) => [symbol, measure] as [string, Measure]),
  ...unitTable[measure].words.flatMap((word) =>
    (/(?:s|feet|foot|inch|hertz|horsepower)$/u.test(word) || /^degrees | per /u.test(word)
      ? [word]
      : [word, `${word}s`]
    ).map((form) => [form, measure] as [string, Measure]),
  ),
]);

/** A quantity's unit, normalised as an entity name is (normalizeEntityName: "°C" is "c"), → its measure. */
const measureOfUnit = new Map(written.map(([form, measure]) => [normalizeEntityName(form), measure]));

const escaped = (form: string) => form.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
/** Longest first, so "ml/h" is tried before "ml" and "min" before "m". */
const alternation = (forms: readonly string[]) =>
  [...new Set(forms)]
    .sort((left, right) => right.length - left.length)
    .map(escaped)
    .join('|');

/** Every unit as a regular-expression alternation (value-spans.ts). */
export const unitAlternation = alternation(written.map(([form]) => form));
/** The units of a duration (value-spans.ts: "1 h 40 min", "two working days"). */
export const durationAlternation = alternation(
  written.filter(([, measure]) => measure === 'duration').map(([form]) => form),
);
/**
 * Small numbers written as words, as durations often are ("within two working days"); not "one", whose "one
 * day" is as often no duration at all.
 */
export const numberWords =
  'two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty ninety'.split(
    ' ',
  );

/**
 * The measure of a quantity from its normalised name ("17 5 c" a temperature, "1 h 40 min" a duration): the
 * words after its last number name the unit. Undefined when they name none.
 */
export function measureOf(normalized: string): Measure | undefined {
  const words = normalized.split(' ');
  let last = -1;
  for (const [index, word] of words.entries()) if (/^\d/u.test(word) || numberWords.includes(word)) last = index;
  // "Three working days": a duration, whatever kind of day.
  const unit = words.slice(last + 1).filter((word) => !['working', 'business', 'calendar', 'clear'].includes(word));
  return measureOfUnit.get(unit.join(' '));
}

/** "How hot", "how long": the adjective after "how" and the measures it asks for. */
export const howWords: Readonly<Record<string, readonly Measure[]>> = {
  hot: ['temperature'],
  cold: ['temperature'],
  warm: ['temperature'],
  cool: ['temperature'],
  fast: ['speed', 'frequency', 'data rate', 'flow'],
  quick: ['duration', 'speed'],
  quickly: ['duration', 'speed', 'frequency'],
  soon: ['duration'],
  long: ['duration', 'length'],
  often: ['duration'],
  heavy: ['mass'],
  far: ['length'],
  tall: ['length'],
  deep: ['length'],
  wide: ['length'],
  loud: ['sound'],
  powerful: ['power'],
};

/** A noun (or two-word noun) heading what is asked, and the measures it asks for. */
const measureNouns: Readonly<Record<string, readonly Measure[]>> = {
  current: ['current'],
  amperage: ['current'],
  voltage: ['voltage'],
  power: ['power'],
  wattage: ['power'],
  output: ['power', 'energy', 'flow'],
  'power rating': ['power'],
  energy: ['energy'],
  consumption: ['energy', 'power', 'volume'],
  temperature: ['temperature'],
  temp: ['temperature'],
  setpoint: ['temperature', 'pressure'],
  'set point': ['temperature', 'pressure'],
  pressure: ['pressure'],
  frequency: ['frequency'],
  rpm: ['frequency'],
  speed: ['speed', 'frequency', 'data rate'],
  'flow rate': ['flow'],
  'infusion rate': ['flow'],
  'pump rate': ['flow'],
  flow: ['flow'],
  'data rate': ['data rate'],
  'bit rate': ['data rate'],
  bandwidth: ['data rate'],
  throughput: ['data rate', 'flow'],
  duration: ['duration'],
  'lead time': ['duration'],
  'response time': ['duration'],
  'turnaround time': ['duration'],
  turnaround: ['duration'],
  'run time': ['duration'],
  runtime: ['duration'],
  'hold time': ['duration'],
  'cycle time': ['duration'],
  'restore time': ['duration'],
  'recovery time': ['duration'],
  'repair time': ['duration'],
  'travel time': ['duration'],
  interval: ['duration'],
  delay: ['duration'],
  notice: ['duration'],
  'notice period': ['duration'],
  period: ['duration'],
  warranty: ['duration'],
  length: ['length'],
  distance: ['length'],
  height: ['length'],
  depth: ['length'],
  width: ['length'],
  clearance: ['length'],
  area: ['area'],
  footprint: ['area'],
  weight: ['mass'],
  mass: ['mass'],
  payload: ['mass'],
  dose: ['mass', 'volume'],
  volume: ['volume'],
  storage: ['data'],
  quota: ['data'],
  'disk space': ['data'],
  noise: ['sound'],
  'noise level': ['sound'],
  'sound level': ['sound'],
  concentration: ['concentration'],
};

/** A table's own entry ("constructor" is no measure noun). */
function own(table: Readonly<Record<string, readonly Measure[]>>, key: string): readonly Measure[] | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Verbs that ask a measure wherever they stand in a "how much" / "what" clause ("how much does it weigh"). */
const measureVerbs: Readonly<Record<string, readonly Measure[]>> = {
  weigh: ['mass'],
  weighs: ['mass'],
  draw: ['current', 'power'],
  draws: ['current', 'power'],
};

/** Head nouns that bound or read a measure named before them ("weight **limit**", "pressure **rating**"). */
const bounds = new Set(
  'limit rating range level setting reading threshold tolerance maximum minimum target draw'.split(' '),
);

/** Words that end the noun phrase after "what" / "which": the phrase's last word before them is its head. */
const phraseEnds = new Set(
  'is are was were do does did will would can could should must may might has have had of for at on in to from by with behind under over through into via the a an this that its their his her our your it they we you he she i and or'.split(
    ' ',
  ),
);

/**
 * The measures the noun phrase `words[start, end)` after "what" / "which" asks for, by its head (its last
 * word, or its last two: "set point", "flow rate"). A measure noun followed by a word in -s is read as the
 * phrase's head followed by its verb ("what pressure **sets** off the alarm", "what voltage **feeds** the
 * racks"): a question rarely asks of a plural noun a measure noun modifies ("what pressure gauges").
 */
function headMeasures(words: readonly string[], start: number, end: number): readonly Measure[] | undefined {
  const first = words[start] as string;
  const second = words[start + 1] ?? '';
  if (
    own(measureNouns, first) !== undefined &&
    end - start >= 2 &&
    /[^siu]s$/u.test(second) &&
    own(measureNouns, second) === undefined
  )
    return own(measureNouns, first);
  const head = words[end - 1] as string;
  const before = words[end - 2];
  const pair = `${before ?? ''} ${head}`;
  if (end - start >= 2 && own(measureNouns, pair) !== undefined) return own(measureNouns, pair);
  if (own(measureNouns, head) !== undefined) return own(measureNouns, head);
  // "What restore time …" asks how long; "what time does it take …" too; "what time do they open" a window.
  if (head === 'time' && (end - start >= 2 || words.some((word) => /^(?:take|takes|took|taken)$/u.test(word))))
    return ['duration'];
  // "What weight limit …", "which voltage rating …": the measure before a word that bounds or reads it.
  if (end - start >= 2 && before !== undefined && bounds.has(head) && own(measureNouns, before) !== undefined)
    return own(measureNouns, before);
  return undefined;
}

/**
 * The measures an asking clause asks for, or undefined when it asks for none: "how" with an adjective of
 * measure ("how hot", "how long"), "how many" / "how much" with a unit or a measure noun ("how many amps",
 * "how much power"), a measure noun heading the phrase after "what" / "which" ("what current does …", "what
 * is the set point for …", "which supply temperature …"; not "what current supplier …", whose head is
 * "supplier"), a "<something> time" ("what restore time …") or "what time … take" (a duration; "what time"
 * alone asks a window).
 */
export function askedMeasures(clause: string): readonly Measure[] | undefined {
  const words: readonly string[] = clause.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const how = words.indexOf('how');
  if (how >= 0) {
    const adjective = words[how + 1] ?? '';
    const next = words[how + 2] ?? '';
    if (own(howWords, adjective) !== undefined) return own(howWords, adjective);
    if (adjective === 'much' || adjective === 'many') {
      const unit = next.length >= 3 ? measureOfUnit.get(next) : undefined;
      if (unit !== undefined) return [unit];
      const noun = own(measureNouns, next);
      if (noun !== undefined) return noun;
      if (next === 'time') return ['duration'];
      const verb = words.slice(how + 2).find((word) => own(measureVerbs, word) !== undefined);
      if (verb !== undefined) return own(measureVerbs, verb);
    }
  }
  const wh = words.findIndex((word) => word === 'what' || word === 'which');
  if (wh < 0) return undefined;
  let start = wh + 1;
  if (['is', 'are', 'was', 'were'].includes(words[start] ?? '')) start++;
  if (['the', 'a', 'an', 'its', 'their'].includes(words[start] ?? '')) start++;
  let end = start;
  while (end < words.length && end < start + 4 && !phraseEnds.has(words[end] as string)) end++;
  const phrase = end > start ? headMeasures(words, start, end) : undefined;
  if (phrase !== undefined) return phrase;
  const verb = words.slice(end).find((word) => own(measureVerbs, word) !== undefined);
  return verb === undefined ? undefined : own(measureVerbs, verb);
}
