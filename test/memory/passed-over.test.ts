import { afterEach, describe, expect, it } from 'vitest';
import { passedOver, passedOverFactors, type BridgedPath } from '../../src/memory/graph/passed-over.ts';
import { questionChain } from '../../src/memory/graph/question-chain.ts';

/**
 * Bridges passed over (seventeenth round, src/memory/graph/passed-over.ts, docs/memory.md): a hop whose note says
 * nothing of its step costs only where another walked note leaving the same entity at the same hop says it.
 * The paths are built by hand; the question and the stems are written for the test.
 */
const defaults = { ...passedOver };
afterEach(() => {
  Object.assign(passedOver, defaults);
});

/** A path through `hops` ([memory id, entity reached]) from the seed entity `seed`. */
function pathOf(seed: number, hops: [number, number][]): BridgedPath {
  let path: BridgedPath = { parent: undefined, memoryId: -1, steps: 0, end: seed };
  for (const [memoryId, end] of hops) path = { parent: path, memoryId, steps: path.steps + 1, end };
  return path;
}

const question = 'Who repairs the boat that Ilsa Varn sails?';
const chain = questionChain(question, ['ilsa varn']);
// The stems each note says: 1 says the first step ("sails"), 2 and 3 say none, 4 and 5 say the last ("repairs").
const said = new Map<number, ReadonlySet<string>>([
  [1, new Set(['sail'])],
  [2, new Set()],
  [3, new Set()],
  [4, new Set(['repai'])],
  [5, new Set(['repai'])],
]);
const saidOn = (hop: BridgedPath) => said.get(hop.memoryId) ?? new Set<string>();

describe('bridges passed over', () => {
  it('reads the question as two steps, "sails" in the first and "repairs" in the last', () => {
    expect(chain?.relations.map((step) => [...step])).toEqual([
      ['sail', 'boat'],
      ['boat', 'repai'],
    ]);
  });

  it('costs a silent hop only where a note leaving the same entity at the same hop says the step', () => {
    passedOver.passedOver = 0.5;
    // From Ilsa Varn (entity 10): the true hop says "sails" (note 1) into boat 20; a silent note (2) into boat 30.
    const truePath = pathOf(10, [
      [1, 20],
      [4, 40],
    ]);
    const lookAlike = pathOf(10, [
      [2, 30],
      [5, 50],
    ]);
    // From another seed (11) only silent notes leave: nothing says the step there, so silence costs nothing.
    const alone = pathOf(11, [
      [3, 31],
      [5, 51],
    ]);
    const factors = passedOverFactors([truePath, lookAlike, alone], 2, chain, saidOn);
    expect(factors.get(truePath) ?? 1).toBe(1);
    expect(factors.get(lookAlike)).toBeCloseTo(0.5, 12);
    expect(factors.get(alone) ?? 1).toBe(1);
  });

  it('leaves the last hop to `last`, shorter paths and walks without the chain rule alone', () => {
    passedOver.passedOver = 0.5;
    passedOver.last = 0.25;
    // Two last hops from boat 20: note 4 says "repairs", note 3 does not.
    const answer = pathOf(10, [
      [1, 20],
      [4, 40],
    ]);
    const sibling = pathOf(10, [
      [1, 20],
      [3, 41],
    ]);
    const short = pathOf(10, [[2, 30]]);
    const factors = passedOverFactors([answer, sibling, short], 2, chain, saidOn);
    expect(factors.get(answer) ?? 1).toBe(1);
    expect(factors.get(sibling)).toBeCloseTo(0.25, 12);
    expect(factors.has(short)).toBe(false);
    expect(passedOverFactors([answer, sibling], 0, chain, saidOn).size).toBe(0);
    expect(passedOverFactors([answer, sibling], 2, undefined, saidOn).size).toBe(0);
  });

  it('is off at 1', () => {
    passedOver.passedOver = 1;
    passedOver.last = 1;
    const lookAlike = pathOf(10, [
      [2, 30],
      [5, 50],
    ]);
    const truePath = pathOf(10, [
      [1, 20],
      [4, 40],
    ]);
    expect(passedOverFactors([truePath, lookAlike], 2, chain, saidOn).size).toBe(0);
  });
});
