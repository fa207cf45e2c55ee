import { describe, expect, it } from 'vitest';
import { breweryPlant } from '../../bench/tuning-family-brewery.ts';

const machines = /keg washer|glycol chiller|malt mill|bottle filler|can seamer|hop doser|wort pump|pallet wrapper/u;
const rooms = /cold store|packing hall|brewhouse|cask cellar|tap room|loading yard/u;

describe('the brewery plant tuning family (questions that start from a lower-case thing)', () => {
  it('draws the same set from the same seed, 100 notes, 24 two-hop and 12 three-hop questions', () => {
    expect(breweryPlant(2)).toEqual(breweryPlant(2));
    for (const seed of [1, 2, 3]) {
      const set = breweryPlant(seed);
      expect(set.memories).toHaveLength(100);
      expect(new Set(set.memories.map((memory) => memory.key)).size).toBe(100);
      expect(set.questions.filter((question) => question.hops === 2)).toHaveLength(24);
      expect(set.questions.filter((question) => question.hops === 3)).toHaveLength(12);
    }
  });

  it('starts every question at a machine in a room, said in lower case, that its first note names too', () => {
    for (const seed of [1, 2, 3]) {
      const set = breweryPlant(seed);
      const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
      for (const question of set.questions) {
        const machine = machines.exec(question.question)?.[0] as string;
        const room = rooms.exec(question.question)?.[0] as string;
        expect(machine).toBeDefined();
        expect(room).toBeDefined();
        // No capitalised word but the question's first: nothing the offline linker would take for a name.
        expect(question.question.split(' ').slice(1).join(' ')).not.toMatch(/\b\p{Lu}/u);
        const first = content.get(question.supporting[0] as string) as string;
        expect(first).toContain(machine);
        expect(first).toContain(room);
        for (const key of question.supporting) expect(content.has(key)).toBe(true);
      }
    }
  });

  it('names each start machine in another room and another machine in its room in look-alike notes', () => {
    const set = breweryPlant(1);
    const lookAlikes = set.memories.filter((memory) => memory.key.includes('-note-'));
    expect(lookAlikes.length).toBeGreaterThanOrEqual(30);
    for (const question of set.questions.filter((asked) => asked.hops === 2)) {
      const machine = machines.exec(question.question)?.[0] as string;
      const room = rooms.exec(question.question)?.[0] as string;
      const others = set.memories.filter(
        (memory) => memory.key !== question.supporting[0] && memory.content.includes(machine),
      );
      expect(others.some((memory) => !memory.content.includes(room))).toBe(true);
    }
  });

  it('ends every chain at a note holding a value of one of four kinds, never named in the question', () => {
    const shapes = [/0113 \d{3} \d{4}/u, /\d\.\d%/u, /(?:Mon|Tue|Wed|Thu|Fri) \d\d:00–\d\d:00/u, /£\d{3}\.00/u];
    for (const seed of [1, 2, 3]) {
      const set = breweryPlant(seed);
      const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
      const kinds = new Set<number>();
      for (const question of set.questions) {
        const last = question.supporting.at(-1) as string;
        const kind = Number(/answer-(\d)-/u.exec(last)?.[1]);
        kinds.add(kind);
        expect(content.get(last)).toMatch(shapes[kind] as RegExp);
        expect(question.question).not.toMatch(shapes[kind] as RegExp);
      }
      expect([...kinds].sort()).toEqual([0, 1, 2, 3]);
    }
  });
});
