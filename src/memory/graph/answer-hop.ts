import { bestFullLength, type CreditedPath, type GuidedPath } from './hop-guidance.ts';
import type { StepJudge } from './meaning-hops.ts';
import { contentWords } from './question-terms.ts';

// The kind judge runs just before this one (kind-hops.ts); the walk imports both from here.
export { judgeKinds } from './kind-hops.ts';

/**
 * The answer hop (sixteenth round, docs/memory-rounds.md): once the walk has paths as long as the question's chain
 * (chain-length.ts), the note stating each path's last relation is a candidate answer, and the held-out
 * splits showed the walk often reaching the bridge entity without choosing, among that entity's notes, the
 * one that states the question's **last** relation ("when does <bridge> renew"). Here each candidate note is
 * compared with that relation alone — the question's last clause (question-chain.ts) — through the
 * embedder recall already has: the notes' stored vectors against one more text embedded per recall, in one
 * statement for all candidates. The offline embedder compares character n-grams ("collects" and
 * "collections" share most); a sentence encoder (`local:minilm-l6`) compares meaning.
 *
 * Set on the tuning grid only (docs/memory-rounds.md, sixteenth round): with minilm, `last` at 0.25 gained answer@5
 * (0.715 / 0.528 → 0.724 / 0.547) and supporting@5; with the offline embedder every setting lost answer@5
 * (n-grams cannot tell a look-alike's wording of the relation from the answer's), so the judge runs only
 * with a paraphrase-aware embedder, as the meaning levers do (meaning-levers.ts).
 * - `exponent`: a candidate's credit is multiplied by its similarity over the best candidate's, to this
 *   power (never below `floor`). 0 is off.
 * - `candidates`: how many of the best-credited full-length paths are judged; the rest get the worst judged
 *   factor (every one judged is one more row a statement reads, and paths ranked that low rarely reach the top 5).
 * - `text`: the last relation as the clause reads it, or the answer's own words ({@link answerText}).
 * - `hops`: `last` judges the answer's note only; `all` judges every hop's note against its own relation clause
 *   (the diagnosis's largest class is a look-alike answer through the wrong bridge, whose last note states the
 *   asked relation as well as the true one does).
 */
export const answerHop = {
  exponent: 0.25,
  floor: 0.05,
  candidates: 48,
  text: 'answer' as 'answer' | 'clause',
  hops: 'last' as 'last' | 'all',
  /** With which embedders the judge runs: paraphrase-aware ones only (`local:minilm-l6`), or any. */
  embedders: 'paraphrase' as 'paraphrase' | 'any',
};

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

/** How alike notes are to the question's relations: their stored vectors against the judged texts'. */
export interface AnswerJudge {
  /** How many texts are judged against ({@link judgedTexts}): 1 for the last relation alone, 0 for none. */
  texts: number;
  /** The step judge (meaning-hops.ts), run by the kind judge before this one; where recall's lever gives it. */
  steps?: StepJudge;
  /** Per memory, the cosine of its vector to text `text` (one statement; a memory without a vector is left out). */
  similarities(memoryIds: number[], text: number): Promise<Map<number, number>>;
}

/**
 * The texts the judge compares with: {@link answerText} alone (`hops: 'last'`), or every relation clause of
 * the chain with the last one as {@link answerText} (`hops: 'all'`: each hop's note against its own clause).
 */
export function judgedTexts(clauses: readonly string[]): string[] {
  const last = answerText(clauses);
  if (last === undefined) return [];
  return answerHop.hops === 'last' ? [last] : [...clauses.slice(0, -1), last];
}

/** A path as the judge reads it: as per-hop guidance does (a link to the path it grew from, its last memory, its length). */
export type JudgedPath = GuidedPath;

/**
 * The walk's credited paths with each candidate's value scaled by its answer-hop factor: the best
 * {@link answerHop.candidates} paths of at least the chain's length `need` by `value × fit`; the other paths
 * that long get the worst judged factor, shorter ones none. Unchanged where the judge is missing, the chain
 * rule does not hold (`need` 0) or the lever is off.
 */
export async function judgeAnswers<P extends JudgedPath>(
  credited: CreditedPath<P>[],
  need: number,
  judge: AnswerJudge | undefined,
): Promise<CreditedPath<P>[]> {
  if (judge === undefined || judge.texts === 0 || need === 0 || answerHop.exponent === 0) return credited;
  const judged = bestFullLength(credited, need, answerHop.candidates).map(({ path }) => ({
    path,
    hops: judgedHops(path, judge.texts),
  }));
  if (judged.length === 0) return credited;
  // Per text, the memories judged against it and their similarities: one statement per text.
  const similarity: Map<number, number>[] = [];
  const best: number[] = [];
  for (let text = 0; text < judge.texts; text++) {
    const ids = new Set(
      judged.flatMap(({ hops }) => hops.filter((hop) => hop.text === text).map((hop) => hop.memoryId)),
    );
    const read = ids.size > 0 ? await judge.similarities([...ids], text) : new Map<number, number>();
    similarity.push(read);
    best.push(Math.max(0, ...read.values()));
  }
  const factors = new Map<P, number>();
  for (const { path, hops } of judged) {
    let factor = 1;
    for (const hop of hops)
      factor *= answerFactor(similarity[hop.text]?.get(hop.memoryId) ?? 0, best[hop.text] as number);
    factors.set(path, factor);
  }
  // A long path not judged ranked below every judged one: it gets no more than the worst of them.
  const worst = Math.min(...factors.values());
  return credited.map((entry) =>
    entry.path.steps >= need ? { ...entry, value: entry.value * (factors.get(entry.path) ?? worst) } : entry,
  );
}

/**
 * The hops of a path the judge reads and the text each is judged against: its last hop against the last text;
 * with several texts each earlier hop against its own, a path longer than the chain's later hops against the
 * last (as hop-guidance.ts maps hops to steps).
 */
export function judgedHops(path: JudgedPath, texts: number): { memoryId: number; text: number }[] {
  const hops: { memoryId: number; text: number }[] = [];
  for (let at: JudgedPath | undefined = path; at !== undefined && at.memoryId >= 0; at = at.parent) {
    const text = at === path ? texts - 1 : Math.min(at.steps - 1, texts - 1);
    hops.unshift({ memoryId: at.memoryId, text });
    if (texts === 1) break;
  }
  return hops;
}

/** A hop's factor: its similarity over the best judged note's, to {@link answerHop.exponent}, at least `floor`. */
export function answerFactor(similarity: number, best: number): number {
  if (best <= 0) return 1;
  return Math.max(answerHop.floor, Math.max(0, similarity) / best) ** answerHop.exponent;
}
