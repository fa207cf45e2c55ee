import { describe, expect, it } from 'vitest';
import { cutText, keepTail, shareBudget } from '../../src/domain/text-cut.ts';

describe('cutText', () => {
  it('leaves a text within the limit whole', () => {
    expect(cutText('short', 10)).toBe('short');
  });

  it('marks a cut with how much was left out and where the rest is', () => {
    expect(cutText('abcdefghij', 4, 'see the ledger')).toBe(
      'abcd\n[… cut: 6 more characters not shown; see the ledger]',
    );
  });
});

describe('keepTail', () => {
  it('keeps the end and marks what was left out before it', () => {
    expect(keepTail('abcdefghij', 3)).toBe('[… cut: 7 earlier characters not shown]\nhij');
    expect(keepTail('abc', 3)).toBe('abc');
  });
});

describe('shareBudget', () => {
  it('gives short texts all they have and splits the rest evenly among long ones', () => {
    expect(shareBudget([10, 1_000, 1_000], 610)).toEqual([10, 300, 300]);
  });

  it('never hands out more than the budget', () => {
    const shares = shareBudget([5_000, 7, 9_000, 300], 1_000);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeLessThanOrEqual(1_000);
    expect(shares[1]).toBe(7);
  });
});
