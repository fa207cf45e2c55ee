import { sharedWordNet } from '../lexicon/wordnet.ts';
import { nounKinds } from './noun-kinds.ts';
import { functionWords } from './question-terms.ts';
import { agentNoun } from './question-words.ts';

/**
 * Things people write about as entities (thirty-first round, docs/memory-rounds.md): a lower-case noun phrase whose head
 * is a concrete WordNet noun, with its modifiers ("wort pump", "co2 extinguisher"), optionally placed ("in the
 * cold store", "(cold store)", or a place field beside it: "cold store | wort pump"). Rounds 29–30 found that on
 * formats no rule was written for the question's start, and often the chain's middle, is such a thing, which
 * the offline extractor made no entity of, so no walk started or crossed there.
 *
 * One thing is one key however it is said: the head's singular, after every other word of the thing and of its
 * place in alphabetical order, so "the wort pump in the cold store", "the cold store wort pump" and "wort pump
 * (cold store)" are all `cold store wort pump`. Words are compared whole (WordNet's singular for the head), not by
 * the walk's five-letter stem (question-terms.ts), which would make "contract" and "contractor" one key.
 */

/** The kind of a thing phrase's entity (`offlineExtractorRules.things`). */
export const thingKind = 'object';

/**
 * How a question links things, where the store holds them (`offlineExtractorRules.things`, read when a note is written;
 * these are read at recall). `on`: a question's things link at all. `named`: also in a question that links a name;
 * off, its things link only where no name does (the `linking` misses of rounds 29–30). `bridge`: the walk crosses a
 * thing after its first step; off, a thing is a start or an end only, as a value is with value-bridges.ts's `stop` (a
 * thing many notes say, "infusion pump", joins them all).
 */
export const thingLinking = { on: true, named: true, bridge: false };

/** A thing phrase found in a text: its key (see the module's comment) and the text range it covers. */
export interface ThingSpan {
  key: string;
  start: number;
  end: number;
}

/** Prepositions that place a thing ("the hop doser in the brewhouse"), as passage-start.ts's placing words. */
const placing = new Set(['in', 'at', 'on', 'inside', 'near']);
/** Determiners a placed phrase may open with. */
const determiners = new Set(['the', 'a', 'an', 'our', 'their', 'its', 'this', 'that']);
/** Heads that name no particular thing ("the next item", "a short note"): never an entity. */
const genericHeads = new Set(
  'thing things item items note notes record records entry entries stuff one ones matter detail part piece bit lot kind sort type way work'.split(
    ' ',
  ),
);
/** WordNet kinds of a concrete thing one can point at: a machine, a substance, a room. */
const concreteKinds = new Set(['noun.artifact', 'noun.object', 'noun.substance', 'noun.location', 'noun.food']);

interface Token {
  word: string;
  start: number;
  end: number;
}

/** Words and single punctuation marks, with their ranges. */
function tokensOf(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|[^\s\p{L}\p{N}]/gu)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Pronouns that point at no one in particular ("anyone", "something") and numbers ("option two"): no thing's word. */
const indefinites = new Set(
  'anyone anybody anything someone somebody something everyone everybody everything nobody nothing none whoever whatever two three four five six seven eight nine ten eleven twelve'.split(
    ' ',
  ),
);

/**
 * Words that say which one by where it stands in a sequence, as a pronoun does: "the next release", "the same
 * model", "the other van" name a different thing in every note (the memory bench's background notes said "next
 * release" in 619 of 5,000).
 */
const deictic = new Set('next last previous following same other current former latter first second third'.split(' '));

const remembered = new Map<string, boolean>();

/**
 * Whether a lower-case word can head a thing: a noun with a concrete sense among its first three, an -er word WordNet
 * does not hold (a trade word: "doser", "seamer"), or an -er noun that names no person ("chiller"); never a
 * generic head, a noun mostly used as an adjective or adverb ("open"), or a person's or a body's noun.
 */
function headWord(said: string): boolean {
  const word = singular(said);
  let head = remembered.get(word);
  if (head !== undefined) return head;
  const wordNet = sharedWordNet();
  const senses = wordNet.senses(word, 'noun').filter((synset) => !synset.instance);
  const other = wordNet.senses(word, 'adj').length + wordNet.senses(word, 'adv').length;
  if (genericHeads.has(word) || !/\p{L}{3}/u.test(word)) head = false;
  // A word WordNet does not hold heads a thing as an instrument noun does ("doser", "seamer"), not as a verb's form
  // its morphology misses ("logged", "went") or a clipped word ("config") does.
  else if (senses.length === 0) head = other === 0 && wordNet.senses(word, 'verb').length === 0 && agentNoun(word);
  else if (other > senses.length) head = false;
  else
    head =
      senses.slice(0, 3).some((synset) => concreteKinds.has(synset.lexname)) ||
      (agentNoun(word) && !senses.some((synset) => synset.lexname === 'noun.person'));
  if (remembered.size > 50_000) remembered.clear();
  remembered.set(word, head);
  return head;
}

/** A lower-case word that may stand in a thing phrase: no function word, no name, no bare number. */
function phraseWord(tokens: readonly Token[], index: number): boolean {
  const word = tokens[index]?.word ?? '';
  if (!/^[\p{Ll}\p{N}][\p{Ll}\p{N}-]*$/u.test(word) || !/\p{L}/u.test(word)) return false;
  // "can" before a word that is no verb is the noun ("the brewhouse can seamer"), not the modal.
  if (word === 'can') {
    const next = tokens[index + 1]?.word ?? '';
    return /^\p{Ll}+$/u.test(next) && !functionWords.has(next) && sharedWordNet().senses(next, 'verb').length === 0;
  }
  return !functionWords.has(word) && !indefinites.has(word);
}

/** A run of phrase words from `index`, whitespace between them, trimmed back to its last head word. */
function phraseAt(
  text: string,
  tokens: readonly Token[],
  index: number,
): { words: string[]; last: number } | undefined {
  let last = index - 1;
  while (
    last + 1 < tokens.length &&
    phraseWord(tokens, last + 1) &&
    (last < index || /^\s+$/u.test(text.slice((tokens[last] as Token).end, (tokens[last + 1] as Token).start)))
  )
    last++;
  // A run followed by a determiner ends in a verb: "the ward keeps its drug fridge" (no "ward keep").
  if (last >= index && determiners.has(tokens[last + 1]?.word.toLowerCase() ?? '')) last--;
  while (last >= index && !headWord((tokens[last] as Token).word)) last--;
  if (last < index || deictic.has((tokens[index] as Token).word)) return undefined;
  return { words: tokens.slice(index, last + 1).map((token) => token.word), last };
}

/** A place's head: WordNet reads it as a location, a building or a room (noun-kinds.ts). */
function placeHead(words: readonly string[]): boolean {
  return nounKinds(words.at(-1) ?? '', 3).has('place');
}

/** The head's singular as WordNet knows it ("pumps" → "pump"; "glass" stays). */
function singular(word: string): string {
  if (!/[^s]s$/u.test(word)) return word;
  const wordNet = sharedWordNet();
  for (const [ending, replacement] of [
    ['ies', 'y'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['xes', 'x'],
    ['s', ''],
  ] as const) {
    const base = word.slice(0, -ending.length) + replacement;
    if (word.endsWith(ending) && wordNet.senses(base, 'noun').length > 0) return base;
  }
  return word;
}

/** The key of a thing said with these words, placed by `place` (see the module's comment). */
export function thingKey(words: readonly string[], place: readonly string[] = []): string {
  const head = singular(words.at(-1) ?? '');
  const rest = [...words.slice(0, -1), ...place].map((word) => word.normalize('NFKD').replace(/\p{M}/gu, ''));
  return [...new Set(rest)].sort().concat(head).join(' ');
}

/**
 * The things a text names: each lower-case noun phrase of at least two words, or of one word placed by another
 * phrase, whose head can head a thing ({@link headWord}), with its place when one follows ("in the cold store",
 * "(cold store)") or stands in the neighbouring field ("cold store | wort pump", a place's head either side). A
 * phrase right after a name or a number is that name's attribute ("Fri late shift", "3.3% trade discount"): none.
 */
export function thingSpans(text: string): ThingSpan[] {
  const tokens = tokensOf(text);
  const spans: ThingSpan[] = [];
  let index = 0;
  while (index < tokens.length) {
    const previous = tokens[index - 1];
    const glued =
      previous !== undefined &&
      /^\s+$/u.test(text.slice(previous.end, (tokens[index] as Token).start)) &&
      /^[\p{Lu}\p{N}]|\p{N}$/u.test(previous.word) &&
      !functionWords.has(previous.word.toLowerCase());
    const phrase =
      glued || (previous !== undefined && phraseWord(tokens, index - 1)) ? undefined : phraseAt(text, tokens, index);
    if (phrase === undefined) {
      index++;
      continue;
    }
    const place = placeAfter(text, tokens, phrase.last);
    const start = (tokens[index] as Token).start;
    if (place !== undefined) {
      spans.push({ key: thingKey(phrase.words, place.words), start, end: (tokens[place.last] as Token).end });
      index = place.next;
      continue;
    }
    if (phrase.words.length >= 2)
      spans.push({ key: thingKey(phrase.words), start, end: (tokens[phrase.last] as Token).end });
    index = phrase.last + 1;
  }
  return besideFields(text, spans);
}

/** The phrase placing the one ending at token `last`: "in the cold store", "(cold store)". */
function placeAfter(
  text: string,
  tokens: readonly Token[],
  last: number,
): { words: string[]; last: number; next: number } | undefined {
  const after = tokens[last + 1]?.word.toLowerCase();
  if (after === '(') {
    const place = phraseAt(text, tokens, last + 2);
    if (place !== undefined && tokens[place.last + 1]?.word === ')') return { ...place, next: place.last + 2 };
    return undefined;
  }
  if (after === undefined || !placing.has(after)) return undefined;
  const at = determiners.has(tokens[last + 2]?.word.toLowerCase() ?? '') ? last + 3 : last + 2;
  const place = phraseAt(text, tokens, at);
  if (place === undefined) return undefined;
  // "in bay 4", "in the store B": a place that runs on into a number or a name is named by it, not by its words.
  const following = tokens[place.last + 1];
  const named =
    following !== undefined &&
    /^\s+$/u.test(text.slice((tokens[place.last] as Token).end, following.start)) &&
    /^[\p{Lu}\p{N}]/u.test(following.word);
  return !named && placeHead(place.words) ? { ...place, next: place.last + 1 } : undefined;
}

/**
 * Two things in neighbouring fields, one of them a place ("cold store | wort pump", "wort pump, cold store"): the
 * place qualifies the other, as "in the cold store" would. Only a separator may stand between them.
 */
function besideFields(text: string, spans: readonly ThingSpan[]): ThingSpan[] {
  const out: ThingSpan[] = [];
  for (let index = 0; index < spans.length; index++) {
    const left = spans[index] as ThingSpan;
    const right = spans[index + 1];
    const between = right === undefined ? '' : text.slice(left.end, right.start);
    if (right !== undefined && /^\s*[|,]\s*$/u.test(between)) {
      const leftPlace = placeHead(left.key.split(' '));
      const rightPlace = placeHead(right.key.split(' '));
      if (leftPlace !== rightPlace) {
        const [place, thing] = leftPlace ? [left, right] : [right, left];
        out.push({ key: thingKey(thing.key.split(' '), place.key.split(' ')), start: left.start, end: right.end });
        index++;
        continue;
      }
    }
    out.push(left);
  }
  return out;
}

/**
 * The thing a sentence is about, if a clause's subject is one: a thing phrase right before "is", "was", "has" …
 * ("Handover, Fri: the brewhouse can seamer is retired"). "Its work moved to …" in the next sentence speaks of it,
 * not of the sentence's first name ("Handover").
 */
export function subjectThing<Span extends { start: number; end: number; kind: string }>(
  sentence: string,
  spans: readonly Span[],
  kind: string,
): Span | undefined {
  return spans.find(
    (span) => span.kind === kind && /^\s+(?:is|was|are|were|has|had|will)\b/iu.test(sentence.slice(span.end)),
  );
}
