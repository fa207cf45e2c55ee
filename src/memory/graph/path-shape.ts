import type { Queryable } from '../sql.ts';
import type { CreditedPath } from './hop-guidance.ts';
import { judgeLoops, type LoopPath } from './loop-hops.ts';
import type { QuestionChain } from './question-chain.ts';
import { judgePlacement, type TypedPath } from './type-placement.ts';

/**
 * The nineteenth round's rules about the shape of a complete path (docs/memory-rounds.md), applied in one place after the
 * kind judge: typed hops in the question's order (type-placement.ts) and hops whose note loops back to an entity the
 * path has passed (loop-hops.ts). Both choose among paths of at least the chain's length `need`, as per-hop
 * guidance does: look-alikes of a complete chain, which the eighteenth round found outranking true chains whose
 * relations are untyped.
 */
export async function judgePathShape<P extends LoopPath & TypedPath>(
  db: Queryable,
  credited: CreditedPath<P>[],
  need: number,
  chain: Pick<QuestionChain, 'clauses'> | undefined,
): Promise<CreditedPath<P>[]> {
  return judgeLoops(db, judgePlacement(credited, need, chain), need);
}
