import { describe, expect, it } from 'vitest';
import { guardRanking, recallGuard, walkConfidence, type WalkEvidence } from '../../src/memory/recall-guard.ts';
import { defaultRecallWeights } from '../../src/memory/recall-weights.ts';

const settings = { ...recallGuard, mode: 'reserve' as const, fallback: 'vector' as const, threshold: 0.5, slots: 1 };

/** Eight candidates by GraphRAG's score: the graph put 1–5 first; vector similarity prefers 8, then 7. */
const ranked = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({
  id,
  score: 1 - id / 10,
  signals: {
    vector: id === 8 ? 0.9 : id === 7 ? 0.8 : 0.3,
    text: 0,
    graph: id <= 5 ? 1 : 0,
    recency: 0,
    importance: 0,
    reinforcement: 0,
  },
}));
const top = (confidence: number) =>
  guardRanking(ranked, confidence, defaultRecallWeights, 5, settings)
    .slice(0, 5)
    .map((candidate) => candidate.id);

describe('the recall guard', () => {
  const strong: WalkEvidence = { named: 1, need: 2, best: { steps: 2, typed: 1, credit: 0.8, rival: 0.4 } };

  it('trusts a complete chain of said relations from a linked entity', () => {
    expect(walkConfidence(strong, settings)).toBe(1);
  });

  it('does not trust bare co-occurrence, an unlinked question or a walk that found nothing', () => {
    expect(walkConfidence({ ...strong, best: { ...strong.best!, typed: 0.2 } }, settings)).toBe(0);
    expect(walkConfidence({ ...strong, named: 0 }, settings)).toBe(0);
    expect(walkConfidence({ named: 1, need: 0 }, settings)).toBe(0);
  });

  it('counts a chain shorter than the question asks for less', () => {
    expect(walkConfidence({ ...strong, need: 0 }, settings)).toBe(settings.incomplete);
  });

  it("keeps GraphRAG's ranking when the walk is confident", () => {
    expect(top(1)).toEqual([1, 2, 3, 4, 5]);
  });

  it("lets vector recall's best into the top 5 when the walk is not", () => {
    expect(top(0)).toEqual([1, 2, 3, 4, 8]);
    expect(
      guardRanking(ranked, 0, defaultRecallWeights, 5, { ...settings, slots: 2 })
        .slice(0, 5)
        .map((c) => c.id),
    ).toEqual([1, 2, 3, 8, 7]);
  });

  it('changes nothing when off', () => {
    expect(guardRanking(ranked, 0, defaultRecallWeights, 5, { ...settings, mode: 'off' })).toEqual(ranked);
  });
});
