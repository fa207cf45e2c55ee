import { afterEach, describe, expect, it } from 'vitest';
import { siblingFactor, siblingSteps } from '../../src/memory/graph/sibling-steps.ts';

/**
 * The twenty-second round's sibling steps (src/memory/graph/sibling-steps.ts, docs/memory-rounds.md): a walk that reaches a
 * value by a relation and leaves it against another relation of the same label reaches what shares the value.
 */
afterEach(() => {
  siblingSteps.factor = 0.3;
});

describe('steps between things sharing a value', () => {
  it('weighs a step in at a target and out against the same label by the factor', () => {
    // Show A -lighting-> designer, then designer <-lighting- show B.
    expect(siblingFactor({ label: 'lighting', forward: true }, { label: 'lighting', forward: false })).toBe(0.3);
  });

  it('leaves a chain that repeats a relation forwards, another label, and a first step alone', () => {
    expect(siblingFactor({ label: 'reports to', forward: true }, { label: 'reports to', forward: true })).toBe(1);
    expect(siblingFactor({ label: 'lighting', forward: true }, { label: 'uses', forward: false })).toBe(1);
    expect(siblingFactor({ label: 'lighting', forward: false }, { label: 'lighting', forward: false })).toBe(1);
    expect(siblingFactor(undefined, { label: 'lighting', forward: false })).toBe(1);
  });

  it('is off at factor 1', () => {
    siblingSteps.factor = 1;
    expect(siblingFactor({ label: 'lighting', forward: true }, { label: 'lighting', forward: false })).toBe(1);
  });
});
