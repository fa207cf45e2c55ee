import { describe, expect, it } from 'vitest';
import { officeVending } from '../../bench/tuning-family-vending.ts';

describe('the office vending tuning family (mail and wiki notes, value answers)', () => {
  it('draws the same set from the same seed, 100 notes, 24 two-hop and 12 three-hop questions', () => {
    expect(officeVending(2)).toEqual(officeVending(2));
    for (const seed of [1, 2, 3]) {
      const set = officeVending(seed);
      expect(set.memories).toHaveLength(100);
      expect(set.questions.filter((question) => question.hops === 2)).toHaveLength(24);
      expect(set.questions.filter((question) => question.hops === 3)).toHaveLength(12);
    }
  });

  it('ends every chain at a note holding a value of one of four kinds, never naming it in the question', () => {
    const shapes = [/0161 \d{3} \d{4}/u, /\d\.\d%/u, /(?:Mon|Tue|Wed|Thu|Fri) 0\d:00–0\d:00/u, /£\d{2}\.\d{2}/u];
    for (const seed of [1, 2, 3]) {
      const set = officeVending(seed);
      const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
      const kinds = new Set<number>();
      for (const question of set.questions) {
        for (const key of question.supporting) expect(content.has(key)).toBe(true);
        const last = question.supporting.at(-1) as string;
        const kind = Number(/answer-(\d)-/u.exec(last)?.[1]);
        kinds.add(kind);
        expect(content.get(last)).toMatch(shapes[kind] as RegExp);
        expect(question.question).not.toMatch(shapes[kind] as RegExp);
      }
      expect([...kinds].sort()).toEqual([0, 1, 2, 3]);
    }
  });

  it('writes chain notes as e-mails, replies quoting a question, and wiki revisions with added rows', () => {
    const set = officeVending(1);
    const chain = set.memories.filter((memory) => !memory.key.includes('-note-'));
    expect(chain.filter((memory) => /\n> .+\?$/mu.test(memory.content)).length).toBeGreaterThanOrEqual(5);
    expect(chain.filter((memory) => /^\+ .+ \| .+: /mu.test(memory.content)).length).toBeGreaterThanOrEqual(5);
    expect(chain.filter((memory) => /^Subject: (?!Re: )/u.test(memory.content)).length).toBeGreaterThanOrEqual(5);
  });
});
