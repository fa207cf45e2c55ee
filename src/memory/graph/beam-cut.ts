/**
 * Which grown paths a step of the relation walk keeps (eighteenth round, docs/memory-rounds.md). The walk is a beam
 * search: each step grows every kept path by the relations of its end entity and keeps the best
 * `pathWeights.beamWidth` (graph-walk.ts). The seventeenth round found most chains whose bridge "the walk never
 * reaches" walked but ranked low; the eighteenth round's diagnosis (bench/reached-bridge-ranks.ts) found the
 * three-hop ones mostly cut by the beam (104 misses on the tuning side, 89 at the third step, the true prefix
 * ranked 33rd to 256th): a chain of four relations must survive three cuts with notes that paraphrase the
 * question. Set on the tuning grid only (answer@5 3-hop 0.514 → 0.535; docs/memory-rounds.md):
 *
 * - `wide`, `wideFrom`: the beam's width for a question whose chain reads as at least `wideFrom` relations
 *   (question-chain.ts); other walks keep `pathWeights.beamWidth` (32). 0 turns it off. Wider than 64 found
 *   nothing more; on every walk, 64 cost the memory bench's 100k recall about a third more CPU.
 * - `perEnd` (off): at most this many paths per end entity are kept before the beam is filled up; 0 is no cap.
 *   Paths over the cap still fill slots left empty, so the beam is never smaller than without it. About 45 % of
 *   the paths above a cut prefix share their end with a better one, yet a cap of 1, 2 or 4 lost or tied.
 * - `wideSteps` (off) and `sharedEnds` (off): below.
 */
export const beamCut = {
  perEnd: 0,
  wide: 64,
  wideFrom: 4,
  /**
   * Where the wide width applies: the cuts after which at most this many steps are left to grow (1: only the
   * beam the walk's last step grows from; 0: every cut).
   */
  wideSteps: 0,
  /**
   * Paths kept beyond the width where their end entity is already a kept path's end: the next step reads each
   * end entity's relations once, so these cost no more relations read, only the paths grown. 0 is none.
   */
  sharedEnds: 0,
};

/**
 * The beam's width for a walk whose question reads as `relations` relations (undefined: no chain read), at a cut
 * after which `left` steps are still to grow.
 */
export function beamWidthFor(base: number, relations: number | undefined, left = 1): number {
  const wide =
    beamCut.wide > 0 && (relations ?? 0) >= beamCut.wideFrom && (beamCut.wideSteps === 0 || left <= beamCut.wideSteps);
  return wide ? Math.max(base, beamCut.wide) : base;
}

/**
 * The paths a step keeps: the first `width` of `sorted` (best first), at most {@link beamCut}.perEnd of them
 * per end entity, then, where fewer than `width` are kept, the best of those passed over; in `sorted`'s order.
 */
export function cutBeam<P extends { end: number }>(sorted: readonly P[], width: number, perEnd = beamCut.perEnd): P[] {
  if (sorted.length <= width) return [...sorted];
  if (perEnd <= 0) return withSharedEnds(sorted, sorted.slice(0, width));
  const kept: P[] = [];
  const passed: P[] = [];
  const perEntity = new Map<number, number>();
  for (const path of sorted) {
    if (kept.length === width) break;
    const count = perEntity.get(path.end) ?? 0;
    if (count < perEnd) {
      perEntity.set(path.end, count + 1);
      kept.push(path);
    } else passed.push(path);
  }
  for (const path of passed) {
    if (kept.length === width) break;
    kept.push(path);
  }
  // In the order they were ranked: the walk grows the beam in its order, and its stable sort keeps ties that way.
  const chosen = new Set(kept);
  return withSharedEnds(
    sorted,
    sorted.filter((path) => chosen.has(path)),
  );
}

/** `kept` and, after them, the best {@link beamCut}.sharedEnds of the other paths that end where a kept one ends. */
function withSharedEnds<P extends { end: number }>(sorted: readonly P[], kept: P[]): P[] {
  if (beamCut.sharedEnds <= 0) return kept;
  const ends = new Set(kept.map((path) => path.end));
  const chosen = new Set(kept);
  const riders: P[] = [];
  for (const path of sorted) {
    if (riders.length === beamCut.sharedEnds) break;
    if (!chosen.has(path) && ends.has(path.end)) riders.push(path);
  }
  return [...kept, ...riders];
}
