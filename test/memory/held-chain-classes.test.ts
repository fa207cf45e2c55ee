import { describe, expect, it } from 'vitest';
import { heldChainMiss } from '../../bench/held-chain-classes.ts';

/**
 * The classes bench/held-chain-misses.ts counts a held chain's miss by (thirty-third round): hand-made rankings of a
 * chain 1 → 2 → 3 whose rare entities are 10 (notes 1, 2), 20 (notes 2, 3 and the sibling 4) and 30 (note 1 and the
 * near note 5); note 6 shares none.
 */
const rareOf = new Map<number, Set<number>>([
  [1, new Set([10, 30])],
  [2, new Set([10, 20])],
  [3, new Set([20])],
  [4, new Set([20])],
  [5, new Set([30])],
  [6, new Set([40])],
]);
const rare = (id: number) => rareOf.get(id) ?? new Set<number>();
const chain = [1, 2, 3];

describe('held chain misses, the classes', () => {
  it('names what outranks the answer: the chain, a sibling of its end, a note near it, one elsewhere', () => {
    const graph = new Map([
      [1, 0.5],
      [2, 0.6],
      [3, 0.4],
      [4, 0.9],
      [5, 0.7],
      [6, 1],
    ]);
    const miss = heldChainMiss({ chain, ranked: [6, 4, 5, 2, 7, 3], graphRanked: [6, 4, 5, 2, 1, 3], graph, rare });
    expect(miss.kind).toBe('graph below');
    expect(miss.outrankers).toEqual(['elsewhere, walked', 'sibling', 'near chain', 'chain', 'elsewhere, not walked']);
  });

  it('reads a miss the graph ranks in its top 5 as the blend’s, and one it never credits by the deepest note it did', () => {
    const graph = new Map([
      [1, 0.5],
      [3, 0.4],
    ]);
    expect(heldChainMiss({ chain, ranked: [6, 4, 5, 2, 7, 3], graphRanked: [3], graph, rare }).kind).toBe('blend');
    const unreached = heldChainMiss({ chain, ranked: [6], graphRanked: [1], graph: new Map([[2, 0.3]]), rare });
    expect(unreached.kind).toBe('not reached, lost after note 1');
    expect(unreached.outrankers).toEqual(['elsewhere, not walked']);
  });
});
