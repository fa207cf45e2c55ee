import { questionPhrases } from './question-phrases.ts';

export { questionPhrases } from './question-phrases.ts';
export type { BridgePhrase, QuestionPhrases } from './question-phrases.ts';

/**
 * How many entities a question passes through between the one it names and its answer, read from its
 * grammar alone (ninth round, docs/memory-rounds.md): each bridge is a noun phrase the question introduces
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
 * question's words from notes about other entities (docs/memory-rounds.md, ninth round). Without an estimate
 * (`bridges` undefined), `hops`.
 */
export function walkSteps(hops: number, bridges: number | undefined): number {
  if (bridges === undefined) return hops;
  return Math.min(hops, Math.max(hopBounds.fewest, bridges + 1 + hopBounds.longer));
}
