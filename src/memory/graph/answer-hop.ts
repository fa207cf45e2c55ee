import { contentWords } from './question-terms.ts';

/**
 * The answer hop (sixteenth round, docs/memory.md): once the walk has paths as long as the question's chain
 * (chain-length.ts), the note stating each path's last relation is a candidate answer, and the held-out
 * splits showed the walk often reaching the bridge entity without choosing, among that entity's notes, the
 * one that states the question's **last** relation ("when does <bridge> renew"). Here each candidate note is
 * compared with that relation alone — the question's last clause (question-chain.ts) — through the
 * embedder recall already has: the notes' stored vectors against one more text embedded per recall, in one
 * statement for all candidates. The offline embedder compares character n-grams ("collects" and
 * "collections" share most); a sentence encoder (`local:minilm-l6`) compares meaning.
 *
 * Set on the tuning grid only:
 * - `exponent`: a candidate's credit is multiplied by its similarity over the best candidate's, to this
 *   power (never below `floor`). 0 is off.
 * - `candidates`: how many of the best-credited answer notes are judged; the rest get the worst judged factor
 *   (every one judged is one more row the statement reads, and notes ranked that low rarely reach the top 5).
 */
export const answerHop = { exponent: 0, floor: 0.05, candidates: 48, text: 'answer' as 'answer' | 'clause' };

/**
 * The text the answer hop compares candidates with, from the question chain's clauses (question-chain.ts):
 * with `text: 'clause'` the last clause as read ("the lab who picks up the samples of"); with `'answer'` its
 * own words without the last bridge's noun phrase, which the clause before ends with ("'s clinic sends to
 * **the lab**"), so a note naming a lab does not look like the answer's relation ("who picks up the samples
 * of"); the whole clause where those words say nothing but the asking word. Undefined where the question
 * reads as no chain.
 */
export function answerText(clauses: readonly string[]): string | undefined {
  const last = clauses.at(-1);
  if (last === undefined || answerHop.text === 'clause') return last;
  const words = last.split(' ');
  const before = (clauses.at(-2) ?? '').split(' ');
  for (let length = Math.min(words.length - 1, before.length); length > 0; length--)
    if (words.slice(0, length).join(' ') === before.slice(-length).join(' ')) {
      const own = words.slice(length).join(' ');
      // "when does" alone (the reader put the relation's words elsewhere) says nothing to compare with.
      return contentWords(own).length > 0 ? own : last;
    }
  return last;
}

/** How alike notes are to the question's last relation: their stored vectors against the clause's. */
export interface AnswerJudge {
  /** Per memory, the cosine of its vector to the clause (one statement; a memory without a vector is left out). */
  similarities(memoryIds: number[]): Promise<Map<number, number>>;
}

/** A path's credit as the walk computes it, before its memories are credited. */
export interface CreditedPath<P> {
  path: P;
  fit: number;
  value: number;
}

/**
 * The walk's credited paths with each answer candidate's value scaled by its answer-hop factor: the paths of
 * at least the chain's length `need`, best first by `value × fit`, up to {@link answerHop.candidates}
 * distinct last notes. Unchanged where the judge is missing, the chain rule does not hold (`need` 0) or the
 * lever is off.
 */
export async function judgeAnswers<P extends { steps: number; memoryId: number }>(
  credited: CreditedPath<P>[],
  need: number,
  judge: AnswerJudge | undefined,
): Promise<CreditedPath<P>[]> {
  if (judge === undefined || need === 0 || answerHop.exponent === 0) return credited;
  const candidates = new Set<number>();
  for (const { path } of [...credited].sort((left, right) => right.value * right.fit - left.value * left.fit)) {
    if (candidates.size >= answerHop.candidates) break;
    if (path.steps >= need) candidates.add(path.memoryId);
  }
  if (candidates.size === 0) return credited;
  const similarity = await judge.similarities([...candidates]);
  const best = Math.max(0, ...similarity.values());
  if (best <= 0) return credited;
  const factors = new Map([...candidates].map((id) => [id, answerFactor(similarity.get(id) ?? 0, best)]));
  // A long path whose note was not judged ranked below every judged one: it gets no more than the worst of them.
  const worst = Math.min(...factors.values());
  return credited.map((entry) =>
    entry.path.steps >= need ? { ...entry, value: entry.value * (factors.get(entry.path.memoryId) ?? worst) } : entry,
  );
}

/** A candidate's factor: its similarity over the best candidate's, to {@link answerHop.exponent}, at least `floor`. */
export function answerFactor(similarity: number, best: number): number {
  return Math.max(answerHop.floor, Math.max(0, similarity) / best) ** answerHop.exponent;
}
