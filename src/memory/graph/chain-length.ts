import { questionHops } from './question-hops.ts';

/**
 * How the question's chain length (question-hops.ts) rules which paths of the relation walk may end as
 * the answer (fourteenth round, docs/memory.md). Rounds 12 and 13 found the answer lost to a path of one
 * or two relations that reaches an entity of the asked kind next to the named one ("Sir Godric was
 * repainted … on 18 January 2037" for "when does the club whose driver looks after Sir Godric end its
 * season?"), while the question reads a chain of three. `shorter` is what a path shorter than the
 * question's chain passes on to its memories when some path of that length reaches an entity that can
 * be the answer (0: nothing, the hard rule; 1: the rule is off); `slack` is how many relations short
 * of the chain a path may be and still count as full (the grammar over-counts an attribute noun now
 * and then).
 */
export const chainRule = { shorter: 1, slack: 0 };

/** A walked path as the rule reads it: its length in relations and whether its end can be the answer. */
export interface EndingPath {
  steps: number;
  fits: boolean;
}

/**
 * The fewest relations a path of the walk must have for its end to count as the answer: the question's
 * chain (bridges + 1, less {@link chainRule.slack}), at most the walk's longest path (`maxSteps`) — but
 * only where some walked path that long ends at an entity that can be the answer. Where none does, or
 * the question's chain is not known, 0: every path counts, as before (the extractor may have merged two
 * of the chain's links into one note's relation, and a walk with nowhere to go must still rank).
 */
export function fullChainSteps(
  question: string,
  names: readonly string[],
  maxSteps: number,
  paths: Iterable<EndingPath>,
): number {
  if (chainRule.shorter === 1) return 0;
  const bridges = questionHops(question, names);
  if (bridges === undefined) return 0;
  const need = Math.min(maxSteps, bridges + 1 - chainRule.slack);
  if (need <= 1) return 0;
  for (const path of paths) if (path.fits && path.steps >= need) return need;
  return 0;
}

/** What a path of `steps` relations passes on, given {@link fullChainSteps}' answer `need`. */
export function chainFactor(steps: number, need: number): number {
  return steps < need ? chainRule.shorter : 1;
}
