import { offlineExtractorRules } from './offline-extractor-rules.ts';
import { valueSpans } from './value-spans.ts';
import { codeNameSpans } from './code-names.ts';
import { identifierPattern, isIdentifier } from './identifiers.ts';
import { bridgeAliases, withCodeSpans } from './bridge-aliases.ts';

/** Capitalised words that open sentences or stand alone without naming anything. */
const notNames = new Set(
  'a an the this that these those it its we our you your they their he she his her i my me and or but if when then so as at by for from in into of on to with without after before during while because also each every all any some no not one two three new our'.split(
    ' ',
  ),
);
/** Words that open sentences without naming anything ("Met the team", "Please check"). */
const sentenceOpeners = new Set(
  'met meet meeting please note remember ask asked call check checked today yesterday tomorrow however then next first finally also still maybe perhaps since until once only there here what when where why how who which yes yeah yep sure ok okay reminder summary cheers thanks regards ring phone dial contact email does do did is are was were can could would should has have had'.split(
    ' ',
  ),
);
const joiners = new Set(['of', 'for', 'and', 'de', 'van', 'von', '&']);
/**
 * Abbreviations a name runs on across, as it runs on across a title without a full stop ("Dr Hamish
 * Nordahl"): "Dr. Alice Moreau", "Concerto No. 1", "St. Ives", "Op. 35".
 */
const nameAbbreviations = new Set(['No', 'Nos', 'St', 'Mt', 'Op', 'Vol', 'Dr', 'Mr', 'Mrs', 'Ms', 'Prof']);

const kindHints: [RegExp, string][] = [
  [/\b(project|programme|program|initiative)\b/i, 'project'],
  [/\b(team|department|squad|group|office)\b/i, 'team'],
  [/\b(database|service|api|server|cluster|platform|system|library|datacenter|data center)\b/i, 'system'],
  [/\b(inc|ltd|gmbh|corp|corporation|company|labs?)\b/i, 'organisation'],
  [/\b(city|datacenter|region)\b/i, 'place'],
];

function kindOf(name: string, quoted: boolean): string {
  if (quoted) return 'topic';
  return kindHints.find(([pattern]) => pattern.test(name))?.[1] ?? (name.split(' ').length === 2 ? 'person' : 'thing');
}

/** A name, date, quoted phrase, value or identifier found in a sentence, with its place and kind. */
export interface Span {
  name: string;
  start: number;
  end: number;
  kind: string;
}

const month =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
/**
 * Dates as notes write them: "14 March 2027", "the 14th of March 2027", "March 14, 2027", "2027-03-14",
 * "Q3 2027", "March 2027". ("the 14th of March 2027" was read as two entities, "14th" and "March 2027",
 * until the twelfth round: a path then ended at "14th", no date.)
 */
const datePattern = datePatternOf(true);
/** The same without "the 14th of March 2027" (before the twelfth round; {@link offlineExtractorRules.ordinalOf} off). */
const datePatternBefore = datePatternOf(false);

function datePatternOf(ordinalOf: boolean): RegExp {
  const day = ordinalOf ? '\\d{1,2}(?:(?:st|nd|rd|th) of|(?:st|nd|rd|th)?)' : '\\d{1,2}(?:st|nd|rd|th)?';
  return new RegExp(
    `\\b(?:${day} ${month}(?: \\d{4})?|${month} \\d{1,2}(?:st|nd|rd|th)?(?:, \\d{4})?|${month} \\d{4}|\\d{4}-\\d{2}-\\d{2}|Q[1-4] \\d{4})\\b`,
    'g',
  );
}

/** Indefinite pronouns and quantifiers ({@link offlineExtractorRules.plainWords}). */
const indefinites = new Set(
  'nobody noone everyone everybody everything anyone anybody anything someone somebody something nothing none most many few several both either neither ours theirs yours mine another others'.split(
    ' ',
  ),
);

/** A capitalised word that names nothing ("The", "Its", "Nobody"). */
function notName(word: string): boolean {
  const lower = word.toLowerCase();
  if (!offlineExtractorRules.plainWords) return notNames.has(lower);
  if (/^\p{Lu}{2,}$/u.test(word)) return false;
  return notNames.has(lower) || indefinites.has(lower);
}

/** The entities a sentence names, in the order they stand (the offline extractor's reading of a sentence). */
export function entitySpans(sentence: string): Span[] {
  const spans: Span[] = [];
  for (const match of sentence.matchAll(/"([^"]{3,80})"|“([^”]{3,80})”/g)) {
    const name = (match[1] ?? match[2] ?? '').trim();
    spans.push({ name, start: match.index, end: match.index + match[0].length, kind: kindOf(name, true) });
  }
  if (offlineExtractorRules.values)
    for (const value of valueSpans(sentence))
      if (!spans.some((span) => value.start < span.end && value.end > span.start)) spans.push(value);
  for (const match of sentence.matchAll(offlineExtractorRules.ordinalOf ? datePattern : datePatternBefore)) {
    const inside = spans.some((span) => match.index >= span.start && match.index < span.end);
    if (!inside) spans.push({ name: match[0], start: match.index, end: match.index + match[0].length, kind: 'date' });
  }
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|&/gu)];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] as RegExpMatchArray;
    const word = token[0];
    const capitalised = /^\p{Lu}/u.test(word) || /^\p{Lu}{2,}/u.test(word);
    // A sentence's first word is capitalised anyway: an opener, a verb form or an adverb there names
    // nothing. A word ending in -ly that is no adverb's ending ("Tessaly", "Italy") followed by a
    // capitalised word starts a name ("Tessaly Hospitality operates …"; "Recently Acme …" does not).
    const nextCapitalised = /^\p{Lu}/u.test((tokens[index + 1] as RegExpMatchArray | undefined)?.[0] ?? '');
    const adverb = /[a-z]ly$/.test(word) && !(nextCapitalised && !/(al|en|an|t|e|i|l|r|d|s|b|u)ly$/.test(word));
    // "What's the number …?" opens with "what" as well.
    const opener =
      index === 0 &&
      (sentenceOpeners.has(word.toLowerCase().replace(/['’]s$/u, '')) || /[a-z](ed|ing)$/.test(word) || adverb);
    if (!capitalised || opener || notName(word)) {
      index++;
      continue;
    }
    let last = index;
    let next = index + 1;
    while (next < tokens.length) {
      const candidate = (tokens[next] as RegExpMatchArray)[0];
      const previous = tokens[next - 1] as RegExpMatchArray;
      // A name does not run on across punctuation ("Renewal: Acme Logistics").
      const gap = sentence.slice((previous.index as number) + previous[0].length, tokens[next]?.index);
      const afterAbbreviation = nameAbbreviations.has(previous[0]) && /^\.\s+$/u.test(gap);
      if (!/^\s+$/u.test(gap) && !afterAbbreviation) break;
      const abbreviation =
        nameAbbreviations.has(candidate) && sentence[(tokens[next]?.index as number) + candidate.length] === '.';
      if ((/^\p{Lu}|^\d/u.test(candidate) && !notName(candidate)) || abbreviation) {
        last = next;
        next++;
      } else if (
        joiners.has(candidate.toLowerCase()) &&
        next + 1 < tokens.length &&
        /^\p{Lu}/u.test((tokens[next + 1] as RegExpMatchArray)[0])
      ) {
        next++;
      } else break;
    }
    let start = token.index as number;
    // "Bookings for Saltmarsh Barn …", "Collections for Veldt Labs …": at a sentence's start a capitalised
    // common noun followed by "for" heads a phrase about the name after it, it is not part of it.
    const second = tokens[index + 1] as RegExpMatchArray | undefined;
    if (index === 0 && last >= index + 2 && second?.[0].toLowerCase() === 'for')
      start = (tokens[index + 2] as RegExpMatchArray).index as number;
    const lastToken = tokens[last] as RegExpMatchArray;
    const end = (lastToken.index as number) + lastToken[0].length;
    const name = sentence.slice(start, end).replace(/['’]s$/u, '');
    const inside = spans.some((span) => start < span.end && end > span.start);
    if (!inside && name.length > 1) spans.push({ name, start, end, kind: kindOf(name, false) });
    index = last + 1;
  }
  for (const match of sentence.matchAll(identifierPattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!isIdentifier(match[0]) || spans.some((span) => start < span.end && end > span.start)) continue;
    spans.push({ name: match[0], start, end, kind: 'identifier' });
  }
  if (offlineExtractorRules.codeNames)
    for (const { name, start, end } of codeNameSpans(sentence))
      if (!spans.some((span) => start < span.end && end > span.start))
        spans.push({ name, start, end, kind: 'identifier' });
  return (bridgeAliases.on ? withCodeSpans(sentence, spans) : spans).sort((left, right) => left.start - right.start);
}
