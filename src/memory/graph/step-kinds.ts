import type { QuestionChain } from './question-chain.ts';
import { questionPhrases } from './question-phrases.ts';
import { contentToken } from './question-words.ts';
import { folded, nounKinds, type NounKind } from './noun-kinds.ts';
import { sharedWordNet } from '../lexicon/wordnet.ts';

/**
 * The kind of entity each bridge of a question's chain is (entity-kinds.ts), from the noun the question calls it
 * by: the last noun of its phrase, which is the English head of a compound ("Mayfield Clinics's account
 * **owner**": a person; "the sales **region**": a place; "the **supplier** of …": a person). The reader
 * (question-phrases.ts) keeps the phrase's first word as its head ("account"), so the phrase is read again here
 * from its head on: the head and the content words right after it, up to three words, stopping at a verb form in
 * -ing / -ed or a verb's -s form ("the society whose member **drives** it": "drives" is also a plural noun). Empty for a bridge said by a free relative ("whoever teaches") or a noun of no kind ("the contact").
 * Per bridge in chain order (`chain.heads`).
 */
export function stepKinds(
  question: string,
  names: readonly string[],
  chain: Pick<QuestionChain, 'heads'>,
  senses: number,
): ReadonlySet<NounKind>[] {
  const read = questionPhrases(question, names);
  if (read === undefined) return chain.heads.map(() => new Set());
  const { words, bridges } = read;
  return chain.heads.map((head) => {
    const phrase = head === undefined ? undefined : bridges.find((bridge) => bridge.head === head);
    if (phrase === undefined || head === undefined) return new Set<NounKind>();
    const at = words.indexOf(head, phrase.start);
    if (at < 0) return new Set<NounKind>();
    const said = [head];
    for (let index = at + 1; index < at + 3 && contentToken(words[index]); index++) {
      if (/(?:ing|ed)$/.test(words[index] as string) || verbInS(words[index] as string)) break;
      said.push(words[index] as string);
    }
    return headKinds(said, senses);
  });
}

/** A verb's third-person -s form, by WordNet: "drives", "sails" (not "sales", whose base "sale" is no verb). */
function verbInS(word: string): boolean {
  return (
    word.endsWith('s') &&
    sharedWordNet()
      .baseForms(word, 'verb')
      .some((base) => base !== word)
  );
}

/**
 * The kinds the head of a noun phrase's words names: the last word WordNet holds as a noun (English puts a
 * compound's head last: "account owner", "storage depot"); empty where none is a noun or the head names no kind.
 */
export function headKinds(said: readonly string[], senses: number): ReadonlySet<NounKind> {
  const wordNet = sharedWordNet();
  for (let index = said.length - 1; index >= 0; index--) {
    const word = said[index] as string;
    if (wordNet.senses(folded(word), 'noun').some((synset) => !synset.instance))
      return nounKinds(word, senses, wordNet);
  }
  return new Set();
}

const asking = /\b(where|who|whom|which|what)\b(?:\s+([\p{L}]+))?/iu;
const notNouns = new Set(['is', 'are', 'was', 'were', 'does', 'do', 'did', 'will', 'has', 'have', 'can', 'should']);

/**
 * The kind of entity the question's answer is (the last hop of a path lands on it): "where" a place, "who" a
 * person or a group, "which / what <noun>" that noun's kinds ("in which **town**" a place); empty where the
 * asking word has no noun after it ("what is …") or the noun names no kind. Read in the last clause that asks
 * (after the last ";" or ":" with an asking word: the clauses before state what the question knows).
 */
export function answerKinds(question: string, senses: number): ReadonlySet<NounKind> {
  const clauses = question.split(/[;:]/);
  const clause = [...clauses].reverse().find((text) => asking.test(text)) ?? question;
  const [, word, after] = asking.exec(clause) ?? [];
  const lower = word?.toLowerCase();
  if (lower === 'where') return new Set(['place']);
  if (lower === 'who' || lower === 'whom') return new Set(['person', 'group']);
  if (after === undefined || notNouns.has(after.toLowerCase())) return new Set();
  return headKinds([after.toLowerCase()], senses);
}
