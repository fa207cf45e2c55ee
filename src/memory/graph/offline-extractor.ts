import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';
import { directedRelationOf } from './relation-types.ts';
import { answeredQuestion, readMail } from './mail-notes.ts';
import { acrossQuantities, isValueKind, valueSpans } from './value-spans.ts';
import { copulaRelation } from './relation-gaps.ts';
import { codeNameSpans } from './code-names.ts';
import { descriptionReferent, neuterReferent } from './sentence-referents.ts';
import { withLaterPronoun } from './later-pronoun.ts';
import { readTables, rowPairs } from './table-rows.ts';
import { identifierPattern, isIdentifier } from './identifiers.ts';
import { readRecords } from './record-notes.ts';
import { destinationFirst } from './move-sentences.ts';
import { aliasedExtraction, bridgeAliases, withCodeSpans } from './bridge-aliases.ts';
import { aliasTable, withAliasForms } from './alias-table.ts';
import { subjectThing, thingKind } from './thing-phrases.ts';
import { thingRelations, thingsIn } from './thing-relations.ts';

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
/** Abbreviations whose full stop ends no sentence. */
const abbreviationEnd = /(?:^|[\s(])(?:No|Nos|St|Mt|Op|Vol|Dr|Mr|Mrs|Ms|Prof|vs|approx|e\.g|i\.e)\.$/;

/**
 * Sentences of a note: split after . ! ? ; and at line breaks, but not after an abbreviation
 * ("performed by Dr. Moreau", "Concerto No. 1 is …"), whose full stop ends no sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    let current = '';
    for (const piece of line.split(/(?<=[.!?;])\s+/)) {
      current = current ? `${current} ${piece}` : piece;
      if (!abbreviationEnd.test(current)) {
        sentences.push(current);
        current = '';
      }
    }
    if (current) sentences.push(current);
  }
  return sentences;
}
const relationStopWords = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'its',
  'their',
  'his',
  'her',
]);

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

interface Span {
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
/**
 * A sentence opening with one of these speaks of the previous sentence's first name; so does one opening
 * with a reply's "Yes, it …" ({@link offlineExtractorRules.mail}).
 */
const pronounOpener = /^(it|its|they|their|he|she|his|her)\b/i;
const answeredPrefix = '(?:(?:yes|yeah|yep|no|nope|sure|right|ok|okay)\\b[,.!]?\\s+)?';
const answeredPronounOpener = new RegExp(`^${answeredPrefix}${pronounOpener.source.slice(1)}`, 'i');
/**
 * {@link offlineExtractorRules.standingPossessives}: a possessive standing for a noun phrase ("Ours is …",
 * "Theirs was …") opens a sentence about the previous sentence's first name, as "Its …" does.
 */
const standingPossessiveOpener = /^(it|its|they|their|he|she|his|her|ours|theirs|yours|mine|hers)\b/i;
const pronounOpeners = [pronounOpener, answeredPronounOpener];
const standingOpeners = [
  standingPossessiveOpener,
  new RegExp(`^${answeredPrefix}${standingPossessiveOpener.source.slice(1)}`, 'i'),
];

/**
 * Rules of the offline extractor that can be switched off, so a bench can measure what each adds (they
 * decide what is stored, so they are read when a memory is written, not when it is recalled).
 */
export const offlineExtractorRules = {
  /**
   * A sentence that does not open with a pronoun, names one entity (dates aside) and then says a
   * pronoun speaks of the previous sentence's first name there: "Black Ermintrude was overhauled in
   * 2031. Since then Amos Whitlock has had charge of her footplate." gives Amos Whitlock -has had charge
   * of-> Black Ermintrude. Before the twelfth round only a pronoun opening a sentence did, so a chain
   * stated across two sentences this way was broken (docs/memory-rounds.md, twelfth round).
   */
  laterPronoun: true,
  /**
   * The same where the pronoun comes before the sentence's one name: "Nearly everything it cooks arrives
   * from Wold Fresh Foods." gives the previous sentence's first name -cooks arrives from-> Wold Fresh
   * Foods (fourteenth round; a handbook names the new entity last).
   */
  earlierPronoun: true,
  /** "the 14th of March 2027" is one date (see the date pattern). */
  ordinalOf: true,
  /**
   * Pronouns that point at no one ("Nobody", "Everyone", "Anything", "Most", "Ours") name nothing when they
   * open a sentence, and a word in capitals is an acronym, not the function word it spells ("Blue Anchor
   * IT" is one name; it was "Blue Anchor" and the pronoun "it"). Thirteenth round: "Nobody has raised it
   * since." made "Nobody" one entity of every note that said so.
   */
  plainWords: true,
  /**
   * A sentence that names only dates and opens with no pronoun ("The next one falls due on 17 August
   * 2037.", "The keys went back on 3 May 2032.") says them of the previous sentence's first name, as a
   * sentence opening with "It" would (thirteenth round): a handbook's paragraph gives its date in a side
   * sentence more often than beside the name.
   */
  dateSentences: true,
  /**
   * Values are entities a relation can end at (value-spans.ts, fourteenth round): a telephone number, a
   * percentage, a sum of money, a time window, a quantity with its unit; a sentence naming only values
   * and dates says them of the previous sentence's first name, as {@link dateSentences} does for dates.
   */
  values: true,
  /**
   * E-mails and wiki revisions are read as mail-notes.ts says (fourteenth round): headers and sign-offs
   * left out, a quoted message read before its reply and its question stated back with the reply's
   * answer, a revision's removed rows left out.
   */
  mail: true,
  /**
   * Two names joined by a copula alone take the role the sentence states around them (relation-gaps.ts,
   * seventeenth round): "The fire warden for Arden House is Percival Xenakis" gives Arden House -fire
   * warden for-> Percival Xenakis, "P is their main contact" -main contact->; it was bare co-occurrence.
   */
  copulaRoles: true,
  /**
   * More than five words between two names label the relation by its first five ("holds the main grant of
   * the group from" → "holds main grant of group") rather than bare co-occurrence. Measured in the
   * seventeenth round and off (docs/memory-rounds.md).
   */
  longGaps: false,
  /**
   * A possessive standing for a noun phrase opens a sentence about the previous sentence's first name
   * ("Greyhaven Code sells only through partners. Ours is Stellan Partners." gives Greyhaven Code a relation
   * to Stellan Partners). Seventeenth round (docs/memory-rounds.md).
   */
  standingPossessives: true,
  /**
   * Lower-case words that are no English word and stand where a name does ("ships a new version of libtern",
   * "libtern belongs to …") are entities, as codes with a digit or hyphen were (code-names.ts, eighteenth round).
   */
  codeNames: true,
  /**
   * "It" / "Its" opening a sentence speak of the previous sentence's first name that is no person, not of its
   * first name ("Lowri Penhale rolled out Osprey Ledger. It comes from …"; sentence-referents.ts, eighteenth round).
   */
  neuterIt: true,
  /**
   * A definite description opening a sentence that names something after it ("the failing component turned out
   * to be invoice-relay") speaks of the previous sentence's name of the description's kind (sentence-referents.ts).
   */
  definiteDescriptions: true,
  /** The later pronoun may stand among several names, one before it (later-pronoun.ts, eighteenth round). */
  amidNames: true,
  /**
   * Tables (CSV, tab-separated, pipe) are read row by row (table-rows.ts, twentieth round): a row's key cell relates to
   * each other cell by its column's name; a superseded row states nothing. Notes without a table read as before.
   */
  tables: true,
  /**
   * Chat lines without their speaker, `key=value` log lines and `key: value` records and tickets are read as records
   * (record-notes.ts, twenty-second round): a record's subject relates to each field's value by the field's name.
   */
  records: true,
  /** A move's destination is read before its origin ("moved X from A to B"; move-sentences.ts, twenty-second round). */
  moves: true,
  /**
   * Lower-case things are entities where a relation uses them (thing-phrases.ts, thirty-first round): "the wort pump in
   * the cold store", "the cold store wort pump" and "wort pump (cold store)" are one entity, `cold store wort pump`, and
   * question linking (entity-linking.ts) reads a question's things the same way. Off: measured on tuning data only
   * (docs/memory-rounds.md, "Thirty-first round: things people write about as entities").
   */
  things: false,
};

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

function entitySpans(sentence: string): Span[] {
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

/**
 * The relation the words between two names state: its type when they say one (a typed relation may
 * span a short clause, "who joined in May and now leads"), else the words themselves when few,
 * else plain co-occurrence.
 */
function relationBetween(sentence: string, from: number, to: number): { relation: string; reversed: boolean } {
  const words = sentence
    .slice(from, to)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !relationStopWords.has(word));
  const typed = words.length <= 8 ? directedRelationOf(words.join(' '), { nouns: words.length <= 2 }) : undefined;
  if (typed) return { relation: typed.type, reversed: typed.reversed };
  if (words.length > 5 && offlineExtractorRules.longGaps)
    return { relation: words.slice(0, 5).join(' '), reversed: false };
  return { relation: words.length === 0 || words.length > 5 ? 'related to' : words.join(' '), reversed: false };
}

/** The pairs of names a sentence relates, with the text range of the words between them: each name and the next. */
function sentencePairs(spans: Span[]): { left: Span; right: Span; from: number; to: number }[] {
  const neighbours = spans.slice(1).map((right, index) => {
    const left = spans[index] as Span;
    return { left, right, from: left.end, to: right.start };
  });
  return [...neighbours, ...acrossQuantities(spans)];
}

/**
 * The offline graph extractor: proper names (capitalised word runs), dates, quoted phrases and
 * lower-case identifiers (ticket, asset and system codes: "tkt-4821", "harrow-io") are entities; within a sentence, each entity relates to the next one by the words between them, typed
 * when those words say a relation type ("Alice heads Project Falcon" gives Alice -leads-> Project
 * Falcon; see relation-types.ts). A sentence opening with a pronoun ("Its contract renews on
 * 3 May") speaks of the previous sentence's first name. Deterministic and free; an LLM extractor
 * replaces it when a provider is configured.
 */
export function extractGraphOffline(text: string): GraphExtraction {
  const entities = new Map<string, { name: string; kind: string }>();
  const relations = new Map<string, { source: string; relation: string; target: string }>();
  let previousSubject: Span | undefined;
  let previousSpans: Span[] = [];
  // The last sentence that named anything, and its things ({@link offlineExtractorRules.things}).
  let previous: { sentence: string; things: Span[] } = { sentence: '', things: [] };
  const mail = offlineExtractorRules.mail ? readMail(text, offlineExtractorRules.records) : { text, answered: [] };
  const statements = mail.answered.flatMap(({ question, reply }) => {
    const asked = new Set(entitySpans(question).map((span) => normalizeEntityName(span.name)));
    const answer = firstSentenceSpan(reply, asked);
    const statement = answer === undefined ? undefined : answeredQuestion(question, answer);
    return statement === undefined ? [] : [statement];
  });
  const tables = offlineExtractorRules.tables ? readTables(mail.text) : { text: mail.text, rows: [] };
  const spansOf = (part: string) => entitySpans(part).filter((span) => normalizeEntityName(span.name).length > 1);
  const records = offlineExtractorRules.records ? readRecords(tables.text, spansOf) : { text: tables.text, facts: [] };
  const opener = (offlineExtractorRules.standingPossessives ? standingOpeners : pronounOpeners)[
    offlineExtractorRules.mail ? 1 : 0
  ] as RegExp;
  const moves = (sentence: string) => (offlineExtractorRules.moves ? destinationFirst(sentence) : sentence);
  for (const sentence of [...splitSentences(records.text).map(moves), ...statements]) {
    const found = entitySpans(sentence).filter((span) => normalizeEntityName(span.name).length > 1);
    const matched = opener.exec(sentence);
    const pronoun =
      matched === null
        ? null
        : { 0: matched[0], index: matched.index, start: matched[0].length - (matched[1]?.length ?? 0) };
    const neuter =
      offlineExtractorRules.neuterIt && /^it/iu.test(matched?.[1] ?? '') ? neuterReferent(previousSpans) : undefined;
    const described =
      offlineExtractorRules.definiteDescriptions && pronoun === null && !onlyDates(found)
        ? descriptionReferent(sentence, found, previousSpans)
        : undefined;
    const spans =
      pronoun && previousSubject
        ? [
            { ...(neuter ?? previousSubject), start: pronoun.start, end: pronoun[0].length },
            ...found.filter((span) => span.start > pronoun.start),
          ]
        : described
          ? [described, ...found]
          : pronoun === null && previousSubject
            ? onlyDates(found) && offlineExtractorRules.dateSentences
              ? [{ ...previousSubject, start: 0, end: 0 }, ...found]
              : offlineExtractorRules.laterPronoun
                ? withLaterPronoun(sentence, found, previousSubject, offlineExtractorRules)
                : found
            : found;
    previousSubject = spans[0] ?? previousSubject;
    previousSpans = spans.length > 0 ? spans : previousSpans;
    for (const span of spans) {
      const key = normalizeEntityName(span.name);
      if (!entities.has(key)) entities.set(key, { name: span.name, kind: span.kind });
    }
    for (const [index, { left, right, from, to }] of sentencePairs(spans).entries()) {
      if (normalizeEntityName(left.name) === normalizeEntityName(right.name)) continue;
      const role = offlineExtractorRules.copulaRoles ? copulaRelation(sentence, spans, index) : undefined;
      const { relation, reversed } = role ?? relationBetween(sentence, from, to);
      const [source, target] = reversed ? [right.name, left.name] : [left.name, right.name];
      relations.set(`${source}|${relation}|${target}`, { source, relation, target });
    }
    if (offlineExtractorRules.things) {
      const reading = { relationBetween, sentencePairs, copulaRoles: offlineExtractorRules.copulaRoles };
      const things = thingsIn(sentence, found);
      const it = pronoun !== null && /^it/iu.test(matched?.[1] ?? '');
      const subject = it ? subjectThing(previous.sentence, previous.things, thingKind) : undefined;
      const said = subject && pronoun ? { thing: subject, start: pronoun.start, end: pronoun[0].length } : undefined;
      for (const { source, relation, target } of thingRelations(sentence, spans, things, said, reading)) {
        for (const name of [source, target])
          if (!entities.has(normalizeEntityName(name)))
            entities.set(normalizeEntityName(name), { name, kind: thingKind });
        relations.set(`${source}|${relation}|${target}`, { source, relation, target });
      }
      if (things.length > 0 || spans.length > 0) previous = { sentence, things };
    }
  }
  const labelOf = (column: string) => relationBetween(column, 0, column.length);
  const facts = records.facts.map(({ subject, value, field }) => ({ left: subject, right: value, ...labelOf(field) }));
  for (const { left, right, relation, reversed } of [
    ...tables.rows.flatMap((row) => rowPairs(row, entitySpans, labelOf)),
    ...facts,
  ]) {
    for (const span of [left, right])
      if (!entities.has(normalizeEntityName(span.name))) entities.set(normalizeEntityName(span.name), span);
    const [source, target] = reversed ? [right.name, left.name] : [left.name, right.name];
    if (normalizeEntityName(source) !== normalizeEntityName(target))
      relations.set(`${source}|${relation}|${target}`, { source, relation, target });
  }
  const kept = [...relations.values()].slice(0, 60);
  // A thing no relation uses is said in passing: as an entity it would only join this note to others saying it.
  const related = new Set(
    kept.flatMap(({ source, target }) => [normalizeEntityName(source), normalizeEntityName(target)]),
  );
  const named = [...entities.entries()].filter(([key, { kind }]) => kind !== thingKind || related.has(key));
  const extraction = { entities: named.map(([, entity]) => entity).slice(0, 40), relations: kept };
  const aliased = bridgeAliases.on ? aliasedExtraction(text, extraction) : extraction;
  return aliasTable.on ? withAliasForms(text, aliased) : aliased;
}

/** Whether a sentence's names are dates only (with {@link offlineExtractorRules.values}, dates and values; at least one). */
function onlyDates(found: readonly Span[]): boolean {
  const valueLike = (kind: string) => kind === 'date' || (offlineExtractorRules.values && isValueKind(kind));
  return found.length > 0 && found.every((span) => valueLike(span.kind));
}

/** The first name or value of a reply's first sentence that the question does not name. */
function firstSentenceSpan(reply: string, asked: ReadonlySet<string>): string | undefined {
  const first = splitSentences(reply)[0] ?? '';
  return entitySpans(first).find((span) => !asked.has(normalizeEntityName(span.name)))?.name;
}
