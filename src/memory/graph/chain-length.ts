/**
 * How the question's chain length (question-hops.ts) rules which paths of the relation walk may end as
 * the answer (fourteenth round, docs/memory-rounds.md). Rounds 12 and 13 found the answer lost to a path of one
 * or two relations that reaches an entity of the asked kind next to the named one ("Sir Godric was
 * repainted … on 18 January 2037" for "when does the club whose driver looks after Sir Godric end its
 * season?"), while the question reads a chain of three. Set on the tuning side only:
 *
 * - `shorter`: what a path shorter than the question's chain passes on to its memories when some path
 *   that long reaches an entity that can be the answer. 0 is the hard rule (0.1 ranked the same); 1
 *   turns the rule off. A short path's memories still get their share as the start of a long one.
 * - `longest`: the rule never asks for more relations than this. The grammar over-counts a noun that
 *   names what of the answer is asked ("that depot's **maintenance**", "the **deal** with the firm"),
 *   and a four-relation requirement then took the answer from the true three-relation chain (tuning
 *   side 2-hop 0.495 with no cap, 0.558 with 3, 0.533 with 2).
 */
export const chainRule = { shorter: 0, longest: 3 };

/** A walked path as the rule reads it: its length in relations and whether its end can be the answer. */
export interface EndingPath {
  steps: number;
  fits: boolean;
}

/**
 * The fewest relations a path of the walk must have for its end to count as the answer: the question's
 * chain (`bridges` + 1, question-hops.ts; undefined where the question reads as no chain), at most {@link chainRule.longest} and the walk's longest path (`maxSteps`) — but
 * only where some walked path that long ends at an entity that can be the answer. Where none does, or
 * the question's chain is not known, 0: every path counts, as before (the extractor may have merged two
 * of the chain's links into one note's relation, and a walk with nowhere to go must still rank).
 */
export function fullChainSteps(bridges: number | undefined, maxSteps: number, paths: Iterable<EndingPath>): number {
  if (chainRule.shorter === 1 || bridges === undefined) return 0;
  const need = Math.min(maxSteps, chainRule.longest, bridges + 1);
  if (need <= 1) return 0;
  for (const path of paths) if (path.fits && path.steps >= need) return need;
  return 0;
}

/** What a path of `steps` relations passes on, given {@link fullChainSteps}' answer `need`. */
export function chainFactor(steps: number, need: number): number {
  return steps < need ? chainRule.shorter : 1;
}
