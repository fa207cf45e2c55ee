import { durationAlternation, numberWords, quantityAnswers, unitAlternation } from './measures.ts';

/**
 * Values a note states as answers rather than names (fourteenth round, docs/memory-rounds.md): a telephone
 * number, a percentage, a sum of money, a time window, a quantity with its unit. Until then the offline
 * extractor knew proper names, dates, quoted phrases and lower-case codes only, so "Ring Orbis on 0161
 * 601 9470" stated no relation a walk could end at, and "Fri 02:00–06:00" became an entity "Fri 02" of
 * kind person. Plain formats of English business writing, nothing taken from an evaluation set.
 */

/** The kinds of value an entity can be; a question can ask for each (question-shape.ts). */
export const valueKinds = ['phone', 'percentage', 'money', 'time window', 'quantity'] as const;
export type ValueKind = (typeof valueKinds)[number];

/** A value found in a sentence. */
export interface ValueSpan {
  name: string;
  start: number;
  end: number;
  kind: ValueKind;
}

const day = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?';
const clock = '\\d{1,2}[:.]\\d{2}(?:\\s?[ap]m)?';
/** Checked in this order; a later kind's match overlapping an earlier one's is not a value of its own. */
const namedPatterns: readonly [ValueKind, RegExp][] = [
  // "Fri 02:00–06:00", "Mon–Fri 07:00-09:00", "weekdays 9:30 to 11:00", "Sat 23:00–02:00".
  [
    'time window',
    new RegExp(
      `(?:\\b(?:${day}(?:\\s?[–—-]\\s?${day})?|weekdays|weekends|daily)\\s+)?\\b${clock}\\s?(?:[–—-]|to)\\s?${clock}(?![\\d:])`,
      'giu',
    ),
  ],
  // "0113 505 8554", "+44 20 7946 0321", "(01632) 960 418", "0800-123-4567": a leading 0 or a country code.
  [
    'phone',
    /(?<![\p{L}\p{N}£$€.,])(?:\+\d{1,3}[\s-]?|\(0\d{2,4}\)\s?|0\d{2,4}[\s-])\d{2,4}(?:[\s-]\d{3,4}){1,2}(?![\p{L}\p{N}%])/gu,
  ],
  // "52.5%", "3 per cent", "12 percent".
  ['percentage', /(?<![\p{L}\p{N}.])\d+(?:\.\d+)?\s?(?:%|per ?cent\b)/giu],
  // "£12,400", "$3.5m", "€79.50", "4,000 GBP".
  [
    'money',
    /(?:[£$€]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion)\b)?|(?<![\p{L}\p{N}.])\d[\d,]*(?:\.\d+)?\s?(?:GBP|EUR|USD)\b)/gu,
  ],
];

/** The fourteenth round's quantities: "25 litres", "1.2 tonnes", "40 kg", "500 GB" (`quantityAnswers.units` off). */
const shortQuantity: [ValueKind, RegExp] = [
  'quantity',
  /(?<![\p{L}\p{N}.£$€])\d[\d,]*(?:\.\d+)?\s?(?:kg|g|mg|tonnes?|t|litres?|liters?|l|ml|m|km|cm|mm|m2|m3|m²|m³|sq ft|kW|kWh|MW|MWh|V|GB|TB|MB|pallets?|cartons?|crates?|drums?)(?![\p{L}\p{N}])/gu,
];

const number = '\\d[\\d,]*(?:\\.\\d+)?';
const count = `(?:${number}|${numberWords.flatMap((word) => [word, word[0]?.toUpperCase() + word.slice(1)]).join('|')})`;
/**
 * Not inside a word or a number, not after a currency sign, and not a room's, block's or class's number
 * and letter ("Room 3 A", "Block 2 B", "Grade 4 C"): a single capital after those is no unit.
 */
const notInside =
  '(?<![\\p{L}\\p{N}.£$€])(?<!\\b(?:Room|Block|Flat|Unit|Gate|Bay|Platform|Level|Floor|Ward|Grade|Class|Stand|Dock|Zone|Phase|Plan|Option|Figure|Table|Section|Part|Step|Line|Row|Terminal|Building|Suite|Door|Lot|Batch|Form|Type|Model|Mark|Group|Team|Year|No\\.?)\\s)';
/** The unit ends a word, and a duration followed by "ago" ("two years ago") is a time, not a quantity. */
const notAgo = '(?![\\p{L}\\p{N}])(?!\\s+ago\\b)';
/**
 * Twentieth round, every measure of measures.ts: a duration first, which may be written in words and in parts
 * ("two working days", "1 h 40 min", "2 hours and 30 minutes"), then any number with a unit, after an optional
 * range or sign ("2–8 °C", "-18 °C", "460 A", "2.5 bar", "1,450 rpm", "5 ml/h").
 */
const measuredQuantities: readonly [ValueKind, RegExp][] = [
  [
    'quantity',
    new RegExp(
      `${notInside}${count}(?:\\s?(?:[–—-]|to)\\s?${count})?\\s?(?:(?:working|business|calendar|clear)\\s)?(?:${durationAlternation})(?:,?\\s(?:and\\s)?${number}\\s?(?:${durationAlternation}))*${notAgo}`,
      'gu',
    ),
  ],
  [
    'quantity',
    new RegExp(
      `${notInside}(?:(?:minus\\s|[-−])${number}|${number}(?:\\s?(?:[–—-]|to)\\s?[-−]?${number})?)\\s?(?:${unitAlternation})${notAgo}`,
      'gu',
    ),
  ],
];

/** The values a sentence states, in order, none overlapping another. */
export function valueSpans(sentence: string): ValueSpan[] {
  const spans: ValueSpan[] = [];
  const patterns = [...namedPatterns, ...(quantityAnswers.units ? measuredQuantities : [shortQuantity])];
  for (const [kind, pattern] of patterns)
    for (const match of sentence.matchAll(pattern)) {
      const name = match[0].trim();
      const start = match.index + match[0].indexOf(name);
      const end = start + name.length;
      if (spans.some((span) => start < span.end && end > span.start)) continue;
      spans.push({ name, start, end, kind });
    }
  return spans.sort((left, right) => left.start - right.start);
}

/**
 * Pairs of names with one quantity between them, to relate as well as each to the quantity: "Tabitha trained
 * for six years under Maestro Rautio" states that Tabitha trained under Maestro Rautio, and relating only
 * neighbours (pair-relations.ts) parted them once "six years" was a value. With `quantityAnswers.across`.
 */
export function acrossQuantities<S extends { kind: string; start: number; end: number }>(
  spans: readonly S[],
): { left: S; right: S; from: number; to: number }[] {
  if (!quantityAnswers.across) return [];
  const named = (span: S) => span.kind !== 'date' && !isValueKind(span.kind);
  const pairs: { left: S; right: S; from: number; to: number }[] = [];
  for (let index = 1; index + 1 < spans.length; index++) {
    const [left, middle, right] = [spans[index - 1] as S, spans[index] as S, spans[index + 1] as S];
    if (middle.kind === 'quantity' && named(left) && named(right))
      pairs.push({ left, right, from: left.end, to: right.start });
  }
  return pairs;
}

/** Whether an entity kind is a value's. */
export function isValueKind(kind: string): kind is ValueKind {
  return (valueKinds as readonly string[]).includes(kind);
}

/**
 * The value kind of a whole entity name ("0161 601 9470" a phone number, "52.5%" a percentage), or
 * undefined when the name is no value or holds more than one. A model extractor names its entities'
 * kinds from its own list (person, place, thing …), and a question asking a value needs the value's
 * kind (question-shape.ts `fitsAnswer`): its entities take their kind from their name the way the
 * offline extractor's do.
 */
export function valueKindOf(name: string): ValueKind | undefined {
  const trimmed = name.trim();
  const [only, ...more] = valueSpans(trimmed);
  return only !== undefined && more.length === 0 && only.start === 0 && only.end === trimmed.length
    ? only.kind
    : undefined;
}
