import { describe, expect, it } from 'vitest';
import { formatMakers } from '../../bench/format-families.ts';
import type { HandbookSet } from '../../bench/handbook-company.ts';

type ChainedQuestion = HandbookSet['questions'][number];

/** Words that carry no topic: sharing them is not sharing vocabulary. */
const functionWords = new Set(
  'a an the of to for from on in at by with into is are was be do does did we our us i im it its that this and or as has have what which who whom whose when where how will can should must me my you your their there it s'.split(
    ' ',
  ),
);

/** A text's topic words as 4-letter stems ("lighting", "lights" → "ligh"), less the words of `names`. */
function stems(text: string, names: readonly string[] = []): Set<string> {
  const words = (value: string) => value.toLowerCase().match(/[a-z]+/gu) ?? [];
  const named = new Set(names.flatMap(words));
  return new Set(
    words(text)
      .filter((word) => word.length > 1 && !functionWords.has(word) && !named.has(word))
      .map((word) => word.slice(0, 4)),
  );
}

/** The note shapes the families write in; a prose paragraph, a mail or a wiki page matches none. */
const shapes: Readonly<Record<string, RegExp>> = {
  chat: /^\[\d\d:\d\d\] [^:]+: /u,
  ticket: /^[A-Z]+-\d+ /u,
  calendar: /^(?:\d{4}-\d\d-\d\d|Sun \d+ \w+ \d{4}) (?:\(all day\)|\d\d:\d\d(?:–\d\d:\d\d)?) {2}/u,
  log: /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?Z? /u,
  keyValue: /^(?:# \S+\.yaml\n)?-? ?[a-z_ .]+: \S/u,
  yamlKey: /^[A-Z][\w ]+:\n {2}\w+: /u,
  rows: /^[^,\n]+,[^,\n]+,[^,\n]+/u,
  split: /^\d{4}-\d\d-\d\d split: /u,
};
const shapeOf = (content: string) => Object.keys(shapes).find((name) => (shapes[name] as RegExp).test(content));

describe.each(Object.entries(formatMakers))('the %s tuning family (other formats)', (_, family) => {
  it('is the same company for a seed and another for another seed: 100 notes, 24 two-hop and 12 three-hop questions', () => {
    expect(family(2)).toEqual(family(2));
    expect(family(2).memories).not.toEqual(family(3).memories);
    for (const seed of [1, 2, 3]) {
      const { memories, questions } = family(seed);
      expect(memories).toHaveLength(100);
      expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(24);
      expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(12);
    }
  });

  it('resolves every chain link by link, and only one note puts the last bridge beside the answer', () => {
    for (const seed of [1, 2, 3]) {
      const { memories, questions } = family(seed);
      const content = new Map(memories.map(({ key, content: text }) => [key, text]));
      for (const { question, supporting, chain } of questions as ChainedQuestion[]) {
        expect(chain).toHaveLength(supporting.length + 1);
        for (const [index, key] of supporting.entries()) {
          const note = content.get(key) ?? '';
          expect(note, `${question} / ${key}`).toContain(chain[index] as string);
          expect(note, `${question} / ${key}`).toContain(chain[index + 1] as string);
        }
        const [bridge, answer] = chain.slice(-2) as [string, string];
        expect(memories.filter((memory) => memory.content.includes(bridge) && memory.content.includes(answer))).toEqual(
          [{ key: supporting.at(-1), content: content.get(supporting.at(-1) as string) }],
        );
      }
    }
  });

  it('names only the start in a question, and its answer note shares no other word with it', () => {
    for (const seed of [1, 2, 3]) {
      const { memories, questions } = family(seed);
      const content = new Map(memories.map(({ key, content: text }) => [key, text]));
      for (const { question, supporting, chain } of questions as ChainedQuestion[]) {
        expect(question).toContain(chain[0] as string);
        for (const name of chain.slice(1)) expect(question).not.toContain(name);
        const answerNote = content.get(supporting.at(-1) as string) ?? '';
        const shared = [...stems(answerNote, chain.slice(-2))].filter((stem) => stems(question).has(stem));
        expect(shared, `${question}\n${answerNote}`).toEqual([]);
      }
    }
  });

  it('writes every note as chat, ticket, log, calendar, YAML or key-value lines, or rows: no prose, mail or wiki', () => {
    for (const seed of [1, 2, 3]) {
      const { memories } = family(seed);
      for (const { content } of memories) expect(shapeOf(content), content).toBeDefined();
      const chainShapes = new Set(
        memories.filter(({ key }) => !key.includes('-note-')).map(({ content }) => shapeOf(content)),
      );
      expect(chainShapes.size).toBeGreaterThanOrEqual(5);
    }
  });
});
