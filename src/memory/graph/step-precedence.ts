import { bestFullLength, type CreditedPath, type GuidedPath, hopsFromFirst } from './hop-guidance.ts';

/**
 * Each bridge chosen by its own step (twentieth round, docs/memory-rounds.md). A question read as a chain names its bridges
 * one step at a time: "the supplier of X" is whichever entity X's notes say supplies it, whatever that entity
 * does next. The walk scores a complete path by the mean of its hops' weights, so a strong last hop makes up for a
 * weak first one: a path that leaves the named entity through a weakly stated relation to another entity, and then
 * finds a note saying the question's last step in its words, outranks the chain whose first relation is stated as
 * asked and whose answer note says the last step in its own words. Here, among the best full-length paths, every
 * hop but the last is compared with the other judged paths' hops that leave the **same** path prefix (siblings at
 * the same branching point): a hop weaker than its strongest sibling multiplies its path's credit by the ratio of
 * their weights (the walk's own edge weight times relevance, what the hop added to the path's log weight) to
 * `exponent`. The last hop, which chooses the answer among the bridge's notes, competes as before.
 *
 * Why general: it asks nothing of how notes are worded, only that a chain's bridge be the one its own step names
 * best; a step that no sibling states better (every first hop untyped and equally relevant) costs nothing.
 * - `exponent`: 0 is off; 1 multiplies by the ratio itself.
 * - `candidates`: how many of the best-credited paths of at least the chain's length are compared (as loop-hops.ts).
 */
export const stepPrecedence = { exponent: 0, candidates: 64 };

/** A walked path as the rule reads it: guidance's, with the sum of its edges' log weights (graph-walk.ts). */
export type WeighedPath = GuidedPath & { logWeight: number };

/** What a path's hop added to its log weight: the log of that edge's weight times its note's relevance. */
function hopWeight(hop: WeighedPath): number {
  return hop.logWeight - ((hop.parent as WeighedPath | undefined)?.logWeight ?? 0);
}

/**
 * Per judged path, the product over its hops but the last of (hop weight / strongest sibling's) ^ `exponent`,
 * where siblings are judged paths' hops leaving the same prefix (the same parent path object).
 */
export function precedenceFactors<P extends WeighedPath>(paths: readonly P[], exponent: number): Map<P, number> {
  const hopsOf = new Map<P, P[]>();
  const strongest = new Map<GuidedPath | undefined, number>();
  for (const path of paths) {
    const hops = hopsFromFirst(path);
    hopsOf.set(path, hops);
    for (const hop of hops.slice(0, -1)) {
      const weight = hopWeight(hop);
      if (weight > (strongest.get(hop.parent) ?? -Infinity)) strongest.set(hop.parent, weight);
    }
  }
  const factors = new Map<P, number>();
  for (const [path, hops] of hopsOf) {
    let log = 0;
    for (const hop of hops.slice(0, -1)) log += hopWeight(hop) - (strongest.get(hop.parent) ?? hopWeight(hop));
    if (log < 0) factors.set(path, Math.exp(log * exponent));
  }
  return factors;
}

/**
 * The walk's credited paths with each judged path's value multiplied by its {@link precedenceFactors} factor; the
 * others as given. Unchanged where the rule is off or the chain rule does not hold (`need` below 2).
 */
export function judgePrecedence<P extends WeighedPath>(credited: CreditedPath<P>[], need: number): CreditedPath<P>[] {
  if (stepPrecedence.exponent === 0 || need < 2) return credited;
  const judged = bestFullLength(credited, need, stepPrecedence.candidates).map(({ path }) => path);
  const factors = precedenceFactors(judged, stepPrecedence.exponent);
  if (factors.size === 0) return credited;
  return credited.map((entry) => {
    const factor = factors.get(entry.path);
    return factor === undefined ? entry : { ...entry, value: entry.value * factor };
  });
}
