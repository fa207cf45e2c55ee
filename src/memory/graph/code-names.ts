import { sharedWordNet } from '../lexicon/wordnet.ts';
import { isEnglishWord } from './english-words.ts';
import { functionWords } from './question-terms.ts';

/**
 * Lower-case code names (eighteenth round, docs/memory-rounds.md): notes name systems and parts in lower case
 * ("Release Dune 2 ships a new version of libtern. / libtern belongs to the Storage Crew."), and the offline
 * extractor took only capitalised runs and codes with a digit or hyphen, so two notes naming "libtern" shared
 * no entity. A lower-case word is a code name when it is no English word (english-words.ts) and stands where
 * English puts a name, not a common noun: a singular common noun takes a determiner ("the changelog", "its
 * runbook", "a bad config push", "the Zurich roadshow") and a plural stands bare ("gives masterclasses"),
 * while a name stands alone ("bundles brackenhttp", "libtern belongs to …") or as the modifier of the noun a
 * determiner belongs to ("the mossdb upgrade").
 */

/** Determiners and possessives that open a common noun phrase. */
const determiners = new Set(
  'the a an this that these those its their our your his her my every each some any no another either neither whose'.split(
    ' ',
  ),
);

/** A word run of a sentence as the offline extractor tokenises it (letters, digits, apostrophes, hyphens). */
interface Token {
  word: string;
  start: number;
  end: number;
}

/** A code name's place in its sentence. */
export interface CodeNameSpan {
  name: string;
  start: number;
  end: number;
}

const tokenPattern = /[\p{L}\p{N}][\p{L}\p{N}'’-]*|&/gu;

/**
 * Whether a lower-case word could be a code name wherever it stands: four letters or more and no English word.
 * Entity linking reads a question's words with it (a stored entity "libtern" links where the question says
 * "libtern"); the extractor asks a note's words for the position as well ({@link codeNameSpans}).
 */
export function isCodeNameWord(word: string): boolean {
  return /^\p{Ll}{4,}$/u.test(word) && !isEnglishWord(word);
}

/** The lower-case code names of a sentence, in order (see the module's comment). */
export function codeNameSpans(sentence: string): CodeNameSpan[] {
  const tokens: Token[] = [...sentence.matchAll(tokenPattern)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
  const spans: CodeNameSpan[] = [];
  for (const [index, token] of tokens.entries()) {
    if (!isCodeNameWord(token.word) || !standsAsName(sentence, tokens, index)) continue;
    spans.push({ name: token.word, start: token.start, end: token.end });
  }
  return spans;
}

/** Whether the word at `index` stands where a name does rather than a common noun (the module's comment). */
function standsAsName(sentence: string, tokens: readonly Token[], index: number): boolean {
  const token = tokens[index] as Token;
  // A bare plural is a common noun ("gives masterclasses"); "-ss", "-us", "-is" end singulars.
  if (/[^siu']s$/u.test(token.word)) return false;
  const previous = tokens[index - 1];
  const joined = previous !== undefined && /^\s+$/u.test(sentence.slice(previous.end, token.start));
  if (previous === undefined || !joined) return true;
  const before = previous.word.toLowerCase();
  if (determiners.has(before)) return modifiesNextNoun(sentence, tokens, index);
  // After a possessive ("Sir Percival's engineman") or a capitalised name inside a noun phrase ("the Zurich
  // roadshow"), the word is that phrase's head noun.
  if (/['’]s$/u.test(previous.word)) return false;
  if (/^\p{Lu}/u.test(previous.word)) return !determiners.has((tokens[index - 2]?.word ?? '').toLowerCase());
  // After an adjective ("a bad config push") it is a common noun; after a verb or preposition a name ("in" and
  // "on" are WordNet adjectives too).
  if (functionWords.has(before)) return true;
  const wordNet = sharedWordNet();
  return !(wordNet.senses(before, 'adj').length > 0 && wordNet.senses(before, 'verb').length === 0);
}

/**
 * "the mossdb upgrade": the determiner belongs to the next word when that word is an English noun closing the
 * phrase (not a verb's "-s" form: "the changelog lists the steps" makes "changelog" the head).
 */
function modifiesNextNoun(sentence: string, tokens: readonly Token[], index: number): boolean {
  const token = tokens[index] as Token;
  const next = tokens[index + 1];
  if (next === undefined || !/^\s+$/u.test(sentence.slice(token.end, next.start))) return false;
  if (!/^\p{Ll}+$/u.test(next.word) || /s$/u.test(next.word)) return false;
  return sharedWordNet().senses(next.word, 'noun').length > 0;
}
