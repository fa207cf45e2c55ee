import type { CreditedPath } from './graph/hop-guidance.ts';
import type { WalkedPath } from './graph/graph-walk.ts';
import type { RecallWeights } from './recall-weights.ts';
import type { RecallSignals } from './types.ts';

/**
 * The guard on GraphRAG's final ranking (twenty-first round, docs/memory-rounds.md): where the relation walk's own evidence
 * is weak — no entity of the question linked, no complete chain, paths through bare co-occurrence or words of no
 * known type — the ranking falls back towards what recall without the graph ranks first; where the walk reached the
 * answer through relations its notes say, the ranking is kept. On notes of a shape the extractor was never shaped
 * for, the walk still credits something, and its credit pushed look-alikes above what vector recall found
 * (held-out splits 14 and 15). `mode` 'off' leaves recall as before.
 */
export const recallGuard = {
  mode: 'off' as 'off' | 'scale' | 'reserve' | 'fuse',
  /** The fallback ranking: vector similarity alone, or hybrid recall's score without the graph signal. */
  fallback: 'vector' as 'vector' | 'hybrid',
  /** The best path's mean edge weight (graph-walk.ts pathWeights) at and below which its relations count as unsaid. */
  typedFloor: 0.25,
  /** The mean edge weight from which its relations count as fully said (the asked type is 1, an akin one 0.7). */
  typedFull: 0.75,
  /** What the confidence keeps where the best path is shorter than the question's chain (no complete chain found). */
  incomplete: 0.5,
  /** Below this confidence, `reserve` gives slots to the fallback's best. */
  threshold: 0.5,
  /** Slots of the top `limit` the fallback's best take when `reserve` acts. */
  slots: 2,
  /** Reciprocal-rank constant of `fuse`. */
  rankConstant: 10,
};

/** What the guard reads of one relation walk. */
export interface WalkEvidence {
  /** Entities the question names that the graph linked (0: the walk started from the best vector hits). */
  named: number;
  /** The question's chain length in relations the walk found complete (0: none, or no chain read). */
  need: number;
  /** The best credited path (by credit), if any. */
  best?: {
    steps: number;
    /** Its edges' geometric mean weight: 1 for asked types throughout, 0.2 for bare co-occurrence. */
    typed: number;
    /** Its credit (value × fit) and that of the best path ending in another memory (a look-alike), raw. */
    credit: number;
    rival: number;
  };
}

/** Reads the walk's evidence from its credited paths (graph-walk.ts `trace`). */
export function walkEvidence(named: number, need: number, paths: readonly CreditedPath<WalkedPath>[]): WalkEvidence {
  let best: CreditedPath<WalkedPath> | undefined;
  for (const path of paths)
    if (path.path.steps > 0 && (best === undefined || path.value * path.fit > best.value * best.fit)) best = path;
  if (best === undefined) return { named, need };
  let rival = 0;
  for (const path of paths)
    if (path.path.steps > 0 && path.path.memoryId !== best.path.memoryId)
      rival = Math.max(rival, path.value * path.fit);
  const { steps, logWeight } = best.path;
  return {
    named,
    need,
    best: { steps, typed: Math.exp(logWeight / steps), credit: best.value * best.fit, rival },
  };
}

/** The walk's confidence, 0..1: how far its best path follows relations the notes say to a complete chain. */
export function walkConfidence(evidence: WalkEvidence, settings = recallGuard): number {
  const best = evidence.best;
  if (evidence.named === 0 || best === undefined) return 0;
  const span = Math.max(1e-9, settings.typedFull - settings.typedFloor);
  const typed = Math.min(1, Math.max(0, (best.typed - settings.typedFloor) / span));
  const complete = evidence.need > 0 && best.steps >= evidence.need ? 1 : settings.incomplete;
  return typed * complete;
}

export interface GuardCandidate {
  id: number;
  score: number;
  signals: RecallSignals;
}

/**
 * The final order of recall's candidates (`ranked`: by GraphRAG's score, best first) given the walk's confidence.
 * `scale` scales the graph signal's weight by the confidence; `fuse` fuses GraphRAG's ranks with the fallback's by
 * reciprocal rank, weighted by the confidence; `reserve` gives the fallback's best `slots` of the top `limit` where
 * the confidence is below `threshold`. The rest keep GraphRAG's order.
 */
export function guardRanking<C extends GuardCandidate>(
  ranked: readonly C[],
  confidence: number,
  weights: RecallWeights,
  limit: number,
  settings = recallGuard,
): C[] {
  if (settings.mode === 'off' || ranked.length === 0) return [...ranked];
  const fallbackScore = (candidate: C) =>
    settings.fallback === 'vector'
      ? Math.max(0, candidate.signals.vector)
      : candidate.score - weights.graph * candidate.signals.graph;
  const byFallback = () =>
    [...ranked].sort((left, right) => fallbackScore(right) - fallbackScore(left) || right.id - left.id);
  if (settings.mode === 'scale') {
    const scaled = (candidate: C) => candidate.score - (1 - confidence) * weights.graph * candidate.signals.graph;
    return [...ranked].sort((left, right) => scaled(right) - scaled(left) || right.id - left.id);
  }
  if (settings.mode === 'fuse') {
    const fused = new Map<number, number>();
    const add = (list: readonly C[], weight: number) =>
      list.forEach((candidate, rank) =>
        fused.set(candidate.id, (fused.get(candidate.id) ?? 0) + weight / (settings.rankConstant + rank + 1)),
      );
    add(ranked, confidence);
    add(byFallback(), 1 - confidence);
    return [...ranked].sort(
      (left, right) => (fused.get(right.id) as number) - (fused.get(left.id) as number) || right.id - left.id,
    );
  }
  if (confidence >= settings.threshold) return [...ranked];
  const slots = Math.min(settings.slots, limit);
  const kept = ranked.slice(0, limit - slots);
  const keptIds = new Set(kept.map((candidate) => candidate.id));
  const entering = byFallback()
    .filter((candidate) => !keptIds.has(candidate.id))
    .slice(0, slots);
  const top = new Set([...keptIds, ...entering.map((candidate) => candidate.id)]);
  return [...kept, ...entering, ...ranked.filter((candidate) => !top.has(candidate.id))];
}
