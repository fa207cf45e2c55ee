import { describe, expect, it } from 'vitest';
import { hallPower, infusionPumps } from '../../bench/tuning-family-quantities.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { measureOf } from '../../src/memory/graph/measures.ts';
import { questionShape } from '../../src/memory/graph/question-shape.ts';
import { valueSpans } from '../../src/memory/graph/value-spans.ts';

/** The twentieth round's tuning families (bench/tuning-family-quantities.ts; docs/memory-rounds.md). */
describe.each([
  ['pumps', infusionPumps],
  ['halls', hallPower],
])('the %s tuning family', (_, family) => {
  it('is the same company for a seed and another for another seed', () => {
    expect(family(2)).toEqual(family(2));
    expect(family(2).memories).not.toEqual(family(3).memories);
  });

  it('has 100 notes, 24 two-hop and 12 three-hop questions, each answer note stating a quantity of the asked measure', () => {
    const { memories, questions } = family(1);
    expect(memories).toHaveLength(100);
    expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(24);
    expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(12);
    for (const { question, supporting } of questions) {
      const note = memories.find(({ key }) => key === supporting.at(-1))?.content ?? '';
      const stated = valueSpans(note).map(({ name }) => measureOf(normalizeEntityName(name)));
      const asked = questionShape(question, []).measures ?? [];
      expect(
        stated.some((measure) => measure !== undefined && asked.includes(measure)),
        question,
      ).toBe(true);
    }
  });
});
