import { describe, expect, it } from 'vitest';
import { siteRegister } from '../../bench/tuning-family-sites.ts';

const fullNames =
  /Harbour Depot|Northgate Distribution Centre|Marsh Lane Cold Store|Quayside Transit Hub|Kingsway Cross Dock|Ashby Road Freight Terminal|Westfield Bonded Warehouse|Riverside Parts Store|Coldharbour Returns Centre|Meadowbank Trailer Park/u;
const initialsOf = (name: string) =>
  name
    .split(/\s+/u)
    .map((word) => word[0])
    .join('');

/** The site a register note names, its initials and nickname. */
function sitesOf(memories: readonly { key: string; content: string }[]) {
  return memories
    .filter((memory) => memory.key.includes('-register-'))
    .map((memory) => {
      const full = fullNames.exec(memory.content)?.[0] as string;
      return { full, initials: initialsOf(full), nickname: /"the (\w+)"/u.exec(memory.content)?.[1] as string };
    });
}
/** How a note writes a site: the forms of it that it contains. */
function writings(content: string, site: { full: string; initials: string; nickname: string }): string[] {
  return [
    content.includes(site.full) ? 'full' : '',
    new RegExp(`\\b${site.initials}\\b`, 'u').test(content) ? 'initials' : '',
    content.includes(`the ${site.nickname}`) ? 'nickname' : '',
  ].filter((way) => way !== '');
}

describe('the site register tuning family (a site named in full, by initialism or by nickname across notes)', () => {
  it('draws the same set from the same seed, 100 notes, 24 two-hop and 12 three-hop questions', () => {
    expect(siteRegister(2)).toEqual(siteRegister(2));
    for (const seed of [1, 2, 3]) {
      const set = siteRegister(seed);
      expect(set.memories).toHaveLength(100);
      expect(new Set(set.memories.map((memory) => memory.key)).size).toBe(100);
      expect(set.questions.filter((question) => question.hops === 2)).toHaveLength(24);
      expect(set.questions.filter((question) => question.hops === 3)).toHaveLength(12);
    }
  });

  it('names the chain site in both notes it joins, and many chains write it two ways that share no text', () => {
    for (const seed of [1, 2, 3]) {
      const set = siteRegister(seed);
      const sites = sitesOf(set.memories);
      expect(sites).toHaveLength(6);
      const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
      let sharingNoText = 0;
      for (const question of set.questions) {
        const [first, second] = question.supporting.slice(question.hops - 2).map((key) => content.get(key) as string);
        const site = sites.find((candidate) => writings(first as string, candidate).length > 0);
        expect(site).toBeDefined();
        const [before, after] = [writings(first as string, site!), writings(second as string, site!)];
        expect(after.length).toBeGreaterThan(0);
        if (!before.some((way) => after.includes(way))) sharingNoText++;
      }
      // Over a third (13–21 of 36 per seed): the rest write it one way twice or name it in full and initials.
      expect(sharingNoText).toBeGreaterThan(set.questions.length / 3);
    }
  });

  it('defines every nickname once, off the chain, and the initialisms in odd seeds only', () => {
    for (const seed of [1, 2, 3]) {
      const registers = siteRegister(seed).memories.filter((memory) => memory.key.includes('-register-'));
      for (const { content } of registers) {
        expect(content).toMatch(/known as "the \w+"/u);
        expect(/\([A-Z]{2,4}\)/u.test(content)).toBe(seed % 2 === 1);
      }
    }
  });

  it('writes one look-alike per seed whose initials are a chain site’s', () => {
    for (const seed of [1, 2, 3]) {
      const set = siteRegister(seed);
      const sites = sitesOf(set.memories);
      const lookAlikes = new Set(
        set.memories
          .filter((memory) => /asked for a new pallet wrapper|Toolbox talk/u.test(memory.content))
          .map((memory) => /(?:at )?([A-Z]\w+(?: [A-Z]\w+){1,3}) (?:asked|next)/u.exec(memory.content)?.[1]),
      );
      expect(lookAlikes.size).toBe(1);
      const [lookAlike] = [...lookAlikes] as string[];
      expect(sites.map((site) => site.full)).not.toContain(lookAlike);
      expect(sites.map((site) => site.initials)).toContain(initialsOf(lookAlike as string));
    }
  });
});
