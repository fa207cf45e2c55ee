import { functionWords } from './question-terms.ts';

/**
 * How many entities a question passes through between the one it names and its answer, read from its
 * grammar alone (ninth round, docs/memory.md): each bridge is a noun phrase the question introduces
 * with a determiner or a possessive ("the lab", "that clinic", "the vendor's", "another van") or a
 * free relative ("whoever teaches", "someone who leads"), and a noun phrase repeated ("a clinic … that
 * clinic") is one bridge. The answer's own phrase ("which courier", "what is the renewal date", "the
 * person who …" after who) and the names the question links are not bridges. A phrase that only says
 * what of the answer is asked ("the samples", "the contract", "the harvest": the object of the
 * question's first verb when a preposition hangs the next phrase on it) is not one either.
 * Undefined when the question has no asking word (then nothing is known about its length).
 */
export function questionHops(question: string, names: readonly string[] = []): number | undefined {
  return questionPhrases(question, names)?.bridges.length;
}

/** A bridge noun phrase of a question: where it starts among the question's tokens and its head word. */
export interface BridgePhrase {
  /** Index in {@link QuestionPhrases.words} of the word that opens the phrase (its determiner, "'s", …). */
  start: number;
  head: string;
}

/** A question's tokens, the index of its first asking word and its bridge phrases in the order said. */
export interface QuestionPhrases {
  /** Lower-case words and "'s"; the linked names and capitalised names after the first word are "name". */
  words: string[];
  asking: number;
  bridges: BridgePhrase[];
}

/**
 * The bridge phrases {@link questionHops} counts, where each first occurs (tenth round: the question's
 * chain, question-chain.ts, is read from their positions). Undefined when the question asks nothing.
 */
export function questionPhrases(question: string, names: readonly string[] = []): QuestionPhrases | undefined {
  const words = tokens(question, names);
  const asking = words.findIndex(
    (word, index) => askingWords.has(word) || (word === 'how' && quantities.has(words[index + 1] ?? '')),
  );
  if (asking < 0) return undefined;
  const phrases: BridgePhrase[] = [];
  const add = (head: string | undefined, start: number) => {
    if (head !== undefined && !phrases.some((phrase) => phrase.head === head)) phrases.push({ start, head });
  };
  // The answer's own noun: "which courier", "what date", "what is the renewal date".
  let answerHead: string | undefined;
  const afterAsking = words[asking + 1];
  if ((words[asking] === 'which' || words[asking] === 'what') && afterAsking !== undefined) {
    answerHead = copulas.has(afterAsking) ? headAfter(words, asking + 2) : headAfter(words, asking + 1);
  }
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === "'s") add(headAfter(words, index + 1), index);
    if (word === 'name' || word === "'s") continue;
    if (freeRelatives.has(word)) add(`~${word}`, index);
    else if (determiners.has(word)) {
      // "that maintains", "that tested": a relative pronoun before a verb, not a determiner.
      const after = words[index + 1] ?? '';
      if (word === 'that' && /(?<!s)s$|ed$/.test(after) && words[index + 2] !== "'s") continue;
      const head = headAfter(words, index + 1);
      if (head !== undefined && head !== answerHead) add(head, index);
    } else if (words[index + 1] === "'s") add(word, index);
  }
  const objectOfVerb = attributeObject(words, asking);
  return { words, asking, bridges: phrases.filter((phrase) => phrase.head !== objectOfVerb) };
}

const askingWords = new Set(['when', 'what', 'which', 'who', 'whom', 'whose', 'where']);
/** "How much does …", "how large is …": a question asking an amount (fourteenth round), not "how we deploy". */
const quantities = new Set(['much', 'many', 'large', 'big', 'long', 'high', 'old', 'often', 'far']);
const copulas = new Set(['is', 'are', 'was', 'were']);
const determiners = new Set(['the', 'a', 'an', 'that', 'this', 'another', 'some', 'its', 'their', 'his', 'her']);
const freeRelatives = new Set(['whoever', 'whatever', 'someone', 'somebody', 'something']);
const prepositions = new Set(['of', 'for', 'at', 'with', 'from', 'behind', 'to', 'in', 'on', 'by']);

/** Lower-case words and "'s", the linked names and capitalised names after the first word made "name". */
function tokens(question: string, names: readonly string[]): string[] {
  let text = question;
  for (const name of names)
    if (name.length > 0) text = text.replace(new RegExp(`\\b${escape(name)}\\b`, 'giu'), ' name ');
  const raw = text.match(/[\p{L}\p{N}][\p{L}\p{N}-]*|['’]s\b|[;:?,]/gu) ?? [];
  const out: string[] = [];
  for (const [index, word] of raw.entries()) {
    if (/^['’]s$/.test(word)) out.push("'s");
    else if (index > 0 && (/^\p{Lu}/u.test(word) || /\d/.test(word))) {
      if (out.at(-1) !== 'name') out.push('name');
    } else out.push(word.toLowerCase());
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The word that stands for the noun phrase starting at `start`: its first word other than a word that
 * only says which one ("an **earlier** event", "the **other** van"), so "an earlier event … that
 * event's venue" is one phrase.
 */
function headAfter(words: readonly string[], start: number): string | undefined {
  let first = start;
  while (articles.has(words[first] ?? '')) first++;
  for (let index = first; index < words.length && index < first + 3; index++) {
    const word = words[index] as string;
    if (word === 'name' || word === "'s" || /^[;:?,]$/.test(word) || functionWords.has(word)) return undefined;
    if (!whichOne.has(word)) return word;
  }
  return undefined;
}

/** Words that say which one of a kind a phrase means, not what kind. */
const articles = new Set(['the', 'a', 'an']);
const whichOne = new Set(['other', 'earlier', 'older', 'original', 'former', 'same', 'new', 'first', 'previous']);

/**
 * The noun phrase right after the asking clause's first verb when a preposition hangs another phrase
 * on it ("who picks up **the samples** of the lab", "when does **the contract** of the operator …
 * expire"): it names what of the answer is asked, not an entity on the way.
 */
function attributeObject(words: readonly string[], asking: number): string | undefined {
  for (let index = asking + 1; index < words.length && index < asking + 6; index++) {
    const word = words[index] as string;
    if (word === 'the') {
      const head = headAfter(words, index + 1);
      let end = index + 1;
      while (end < words.length && words[end] !== head) end++;
      const next = words[end + 1];
      if (head !== undefined && next !== undefined && prepositions.has(next) && !copulas.has(words[index - 1] ?? ''))
        return head;
      return undefined;
    }
  }
  return undefined;
}

/**
 * How the question's chain length bounds a walk (ninth round, chosen on the tuning side): a walk follows
 * at most `longer` relations beyond the chain the question reads as, and never fewer than `fewest` in
 * all (the grammar is read right for about three questions in four on the tuning side; a question read
 * one bridge short would otherwise lose its answer). 9 for `longer` turns the bound off.
 */
export const hopBounds = { longer: 0, fewest: 3 };

/**
 * The most relations a walk should follow for a question read as `bridges` bridges ({@link questionHops}),
 * within the caller's longest (`hops`): a question passing through n entities between the named one and
 * its answer is a chain of n + 1 relations, and a longer path has wandered past the answer, collecting the
 * question's words from notes about other entities (docs/memory.md, ninth round). Without an estimate
 * (`bridges` undefined), `hops`.
 */
export function walkSteps(hops: number, bridges: number | undefined): number {
  if (bridges === undefined) return hops;
  return Math.min(hops, Math.max(hopBounds.fewest, bridges + 1 + hopBounds.longer));
}
