import { describe, expect, it } from 'vitest';
import { dispatchYard } from '../../bench/tuning-family-dispatch.ts';

const lotCode = /\b\d\dK\d{3}\b/u;
const crewName = /Kestrel|Osprey|Merlin|Harrier|Curlew|Plover|Dunlin|Avocet/u;

/** How a note writes the lot or crew it names: the words around the bare name. */
const lotWriting = (content: string, code: string) => new RegExp(`(lot |LOT |Lot |)${code}`, 'u').exec(content)?.[1];
const crewWriting = (content: string, crew: string) =>
  /Team \w+/u.test(content) ? 'team' : new RegExp(`${crew} crew`, 'u').test(content) ? 'crew' : 'bare';

describe('the dispatch yard tuning family (bridges written two to four ways across notes)', () => {
  it('draws the same set from the same seed, 100 notes, 24 two-hop and 12 three-hop questions', () => {
    expect(dispatchYard(2)).toEqual(dispatchYard(2));
    for (const seed of [1, 2, 3]) {
      const set = dispatchYard(seed);
      expect(set.memories).toHaveLength(100);
      expect(new Set(set.memories.map((memory) => memory.key)).size).toBe(100);
      expect(set.questions.filter((question) => question.hops === 2)).toHaveLength(24);
      expect(set.questions.filter((question) => question.hops === 3)).toHaveLength(12);
    }
  });

  it('names each chain bridge in both notes it joins, and writes bridges more than one way across a seed', () => {
    for (const seed of [1, 2, 3]) {
      const set = dispatchYard(seed);
      const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
      const lotWritings = new Set<string | undefined>();
      const crewWritings = new Set<string>();
      let differentlyWritten = 0;
      for (const question of set.questions) {
        const [first, second, answer] = question.supporting.slice(question.hops - 2).map((key) => content.get(key));
        const code = lotCode.exec(first as string)?.[0] as string;
        expect(second).toContain(code);
        const crew = crewName.exec(second as string)?.[0] as string;
        expect(answer).toContain(crew);
        lotWritings.add(lotWriting(first as string, code)).add(lotWriting(second as string, code));
        crewWritings.add(crewWriting(second as string, crew)).add(crewWriting(answer as string, crew));
        if (
          lotWriting(first as string, code) !== lotWriting(second as string, code) ||
          crewWriting(second as string, crew) !== crewWriting(answer as string, crew)
        )
          differentlyWritten++;
      }
      expect(lotWritings.size).toBeGreaterThanOrEqual(3);
      expect(crewWritings.size).toBe(3);
      // Most chains cross at least one bridge written two ways.
      expect(differentlyWritten).toBeGreaterThan(set.questions.length / 2);
    }
  });

  it('starts three-hop questions at a work order written as WO-n or "work order n", and two-hop ones at a customer', () => {
    const set = dispatchYard(1);
    const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
    for (const question of set.questions) {
      const start = content.get(question.supporting[0] as string) as string;
      if (question.hops === 3) {
        const order = /(?:WO-|[Ww]ork order )(\d{5})/u.exec(question.question)?.[1] as string;
        expect(start).toMatch(new RegExp(`(?:WO-|work order )${order}`, 'u'));
      } else {
        const customer = / to ([A-Z]\w+ [A-Z]\w+)/u.exec(question.question)?.[1] as string;
        expect(start).toContain(customer);
      }
    }
  });

  it('writes look-alike lots one digit off a chain lot, never a chain lot itself', () => {
    for (const seed of [1, 2, 3]) {
      const set = dispatchYard(seed);
      const chainLots = new Set(
        set.memories
          .filter((memory) => memory.key.includes('-second-'))
          .map((memory) => lotCode.exec(memory.content)?.[0]),
      );
      const lookAlikes = set.memories
        .filter((memory) => memory.key.includes('-note-'))
        .flatMap((memory) => lotCode.exec(memory.content)?.[0] ?? []);
      expect(lookAlikes.length).toBeGreaterThan(5);
      for (const lot of lookAlikes) {
        expect(chainLots.has(lot)).toBe(false);
        expect([...chainLots].some((chain) => chain?.slice(0, -1) === lot.slice(0, -1))).toBe(true);
      }
    }
  });
});
