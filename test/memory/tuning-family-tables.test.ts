import { describe, expect, it } from 'vitest';
import { equipmentTables } from '../../bench/tuning-family-tables.ts';
import type { ChainedQuestion } from '../../bench/held-out-families-10.ts';
import { readTables } from '../../src/memory/graph/table-rows.ts';

describe('the hospital equipment tuning family (notes that are tables)', () => {
  it('draws the same set from the same seed, 100 notes, 24 two-hop and 12 three-hop questions', () => {
    expect(equipmentTables(2)).toEqual(equipmentTables(2));
    for (const seed of [1, 2, 3]) {
      const set = equipmentTables(seed);
      expect(set.memories).toHaveLength(100);
      expect(set.questions.filter((question) => question.hops === 2)).toHaveLength(24);
      expect(set.questions.filter((question) => question.hops === 3)).toHaveLength(12);
    }
  });

  it('states links as table rows (some below a superseded row) and as sentences, naming no bridge in a question', () => {
    for (const seed of [1, 2, 3]) {
      const set = equipmentTables(seed);
      const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
      const chainNotes = set.memories.filter((memory) => !memory.key.includes('-note-'));
      const tables = chainNotes.filter((memory) => readTables(memory.content).rows.length > 0);
      expect(tables.length).toBeGreaterThanOrEqual(15);
      expect(chainNotes.length - tables.length).toBeGreaterThanOrEqual(5);
      expect(
        tables.filter((memory) => /,(?:old|replaced)$|\| old \||,2032-09-30$/mu.test(memory.content)).length,
      ).toBeGreaterThanOrEqual(5);
      for (const question of set.questions as ChainedQuestion[]) {
        for (const key of question.supporting) expect(content.has(key)).toBe(true);
        expect(content.get(question.supporting.at(-1) as string)).toContain(question.chain.at(-1) as string);
        for (const name of question.chain.slice(1)) expect(question.question).not.toContain(name);
        expect(question.question).toContain(question.chain[0] as string);
      }
    }
  });
});
