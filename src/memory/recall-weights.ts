import type { RecallSignals } from './types.ts';

/**
 * The weights of hybrid recall, all in one place. Each signal is scaled to 0..1 before weighting:
 * - vector: cosine similarity of the query and memory embeddings (negative counts as 0);
 * - text: full-text rank of the memory for the query words (ts_rank_cd, normalised to rank/(rank+1));
 * - graph: the score of the best relation path from the entities the query names that reaches the
 *   memory, relative to the best path of the recall (graph/graph-walk.ts);
 * - recency: halves every `recencyHalfLifeDays` since the memory was written;
 * - importance: as written (0..1);
 * - reinforcement: 0.5 neutral, up for memories recalled into approved work, down for rejected or failed work.
 */
export interface RecallWeights {
  vector: number;
  text: number;
  graph: number;
  recency: number;
  importance: number;
  reinforcement: number;
}

/**
 * Chosen on the benchmark's tuning split (the chain family of bench/memory-dataset.ts and the
 * families of held-out-families.ts and held-out-families-2.ts), never on the held-out split
 * (held-out-families-3.ts): with paths scored by the question words they say (round 3), graph 0.5 /
 * vector 0.3 gave a mean answer@5 over the split's families of 0.363 against 0.343 for 0.35 / 0.4.
 * Round 4 (typed relations the walk can follow, paths that lose a little per step and gain with the
 * square of the question words they say) moved to graph 0.6 / vector 0.2 / text 0.1, chosen on the
 * tuning split (which then included round 3's held-out families, diagnosed in round 4) with
 * bench/multi-hop-tune.ts: mean answer@5 over 16 family-depth cells (seed 1) 0.375 → 0.401. These
 * stay the default with the typed-relation walk, the default walk (see {@link passageWalkWeights}).
 */
export const defaultRecallWeights: RecallWeights = {
  vector: 0.2,
  text: 0.1,
  graph: 0.6,
  recency: 0.05,
  importance: 0.05,
  reinforcement: 0.1,
};

/**
 * With the passage walk (round 5, graph/passage-walk.ts; `walk: 'passages' | 'both'`): graph 0.7 /
 * vector 0.1, chosen on the tuning split (then with round 4's held-out families): 14 cells, seed 1,
 * passage walk alone, 0.396 (0.6 / 0.2) → 0.405 (0.7 / 0.1); 0.363 with 0.5 / 0.3. Not the default:
 * on round 5's held-out split it added 0.03 two-hop and 0.01 three-hop answer@5 over the relation walk,
 * lost ground on the handbook family, and took about 2.6× as long (docs/memory-rounds.md).
 */
export const passageWalkWeights: RecallWeights = { ...defaultRecallWeights, vector: 0.1, graph: 0.7 };

/**
 * With the personalised-PageRank walk (round 6, graph/pagerank-walk.ts; `walk: 'pagerank'`), chosen
 * on the tuning split with bench/multi-hop-tune.ts (docs/memory-rounds.md).
 */
export const pagerankWalkWeights: RecallWeights = { ...defaultRecallWeights };

/** Plain vector recall, the baseline GraphRAG is measured against. */
export const vectorOnlyWeights: RecallWeights = {
  vector: 1,
  text: 0,
  graph: 0,
  recency: 0,
  importance: 0,
  reinforcement: 0,
};

export const recencyHalfLifeDays = 30;
const dayMs = 86_400_000;

export function recencySignal(ageMs: number): number {
  return 0.5 ** (Math.max(0, ageMs) / dayMs / recencyHalfLifeDays);
}

/** Maps an unbounded reinforcement score to 0..1 with 0.5 for a memory never reinforced. */
export function reinforcementSignal(reinforcement: number): number {
  return 0.5 + 0.5 * Math.tanh(reinforcement);
}

export function score(signals: RecallSignals, weights: RecallWeights = defaultRecallWeights): number {
  return (
    weights.vector * Math.max(0, signals.vector) +
    weights.text * signals.text +
    weights.graph * signals.graph +
    weights.recency * signals.recency +
    weights.importance * signals.importance +
    weights.reinforcement * signals.reinforcement
  );
}
