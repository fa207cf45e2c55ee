import { type CreditedPath, type GuidedPath, hopSteps, hopsFromFirst } from './hop-guidance.ts';
import type { QuestionChain } from './question-chain.ts';
import { type RelationType, relationTypesIn } from './relation-types.ts';

/**
 * Typed hops in the question's order (nineteenth round, docs/memory-rounds.md). The walk weighs a relation of a type the
 * question asks for as the strongest evidence wherever on the path it comes (graph-walk.ts `pathWeights.asked`): a
 * question that asks "the lab that clinic **uses**" and "who **picks up** the samples of" that lab gives the typed
 * `uses` relation full weight at the last hop as much as at the second. A look-alike path one bridge off the chain
 * ("Dr X covers for Dr Y" → "Dr Y **works at** Stonebridge Clinic" → "Stonebridge Clinic **uses** Corran
 * Diagnostics") then carries every asked type, each one hop later than the question says it, and ends at a lab where
 * the question asks for a courier. Here the question's chain (question-chain.ts) gives each step the types its own
 * words say; a hop of a path of at least the chain's length whose relation was counted as an asked type that its
 * own step does not say (hops mapped to steps as per-hop guidance maps them) is misplaced.
 *
 * Set on the tuning grid only (docs/memory-rounds.md, nineteenth round; with loop-hops.ts at 0.25 the mean of cells went
 * 0.648 → 0.662 at 0.7 / 1.2, 0.664 at 0.5 / 1.2 with one more cell down; `misplaced` 0.3 alone lost 10 catalogue and
 * 6 releases two-hop answers, so the default stays well above it; `placed` 1.5 lost 8 cells):
 * - `misplaced`: what a path's credit is multiplied by per misplaced typed hop (1 is off);
 * - `placed`: the same per typed hop whose type its own step says (1 is off).
 */
export const typePlacement = { misplaced: 0.7, placed: 1.2 };

/** A walked path as the rule reads it: guidance's, with the asked types it has covered so far (graph-walk.ts). */
export type TypedPath = GuidedPath & { covered: ReadonlySet<RelationType> };

const none: ReadonlySet<RelationType> = new Set();

/** Per hop of a path (from the first): the asked type its relation was counted as, if any (what it added to `covered`). */
export function hopTypes(path: TypedPath): (RelationType | undefined)[] {
  return hopsFromFirst(path).map((at) => {
    const before = (at.parent as TypedPath | undefined)?.covered ?? none;
    return [...at.covered].find((type) => !before.has(type));
  });
}

/** The types each of the chain's steps says in its own words (its clause), in chain order. */
export function stepTypes(chain: Pick<QuestionChain, 'clauses'>): ReadonlySet<RelationType>[] {
  return chain.clauses.map((clause) => relationTypesIn(clause));
}

/** The factor of a path whose hops were counted as `types` ({@link hopTypes}) against the steps' types. */
export function placementFactor(
  types: readonly (RelationType | undefined)[],
  steps: readonly ReadonlySet<RelationType>[],
): number {
  if (steps.length === 0) return 1;
  const own = hopSteps(steps, types.length);
  let factor = 1;
  for (const [hop, type] of types.entries()) {
    if (type === undefined) continue;
    factor *= (own[hop] ?? none).has(type) ? typePlacement.placed : typePlacement.misplaced;
  }
  return factor;
}

/**
 * The walk's credited paths with every path of at least the chain's length `need` scaled by its
 * {@link placementFactor}; unchanged where the rule is off, the chain rule does not hold (`need` 0) or the question
 * reads as no chain.
 */
export function judgePlacement<P extends TypedPath>(
  credited: CreditedPath<P>[],
  need: number,
  chain: Pick<QuestionChain, 'clauses'> | undefined,
): CreditedPath<P>[] {
  if (need === 0 || chain === undefined || (typePlacement.misplaced === 1 && typePlacement.placed === 1))
    return credited;
  const steps = stepTypes(chain);
  return credited.map((entry) => {
    if (entry.path.steps < need) return entry;
    const factor = placementFactor(hopTypes(entry.path), steps);
    return factor === 1 ? entry : { ...entry, value: entry.value * factor };
  });
}
