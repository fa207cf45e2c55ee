import { describe, expect, it } from 'vitest';
import type { HandbookSet } from '../../bench/held-out-families-11.ts';
import { legalEntities, marketingCampaigns, officeLeases } from '../../bench/held-out-families-11.ts';
import { handbookSetInvariants, linkWordingCounts, distractorInvariants } from './helpers/handbook-set-invariants.ts';
import { wordStems } from './helpers/word-stems.ts';

/**
 * The data of held-out split 11 (bench/held-out-families-11.ts), checked without running recall: the split
 * is measured once, at the end of the round, so nothing here ranks anything. Each question's chain of
 * entity names must run through its supporting notes one link per note, the answer must be said by the
 * last note only, the question must name the start and nothing after it, and at least half of a
 * question's notes must share no word with it (the relation paraphrased). Notes are handbook paragraphs:
 * two to four sentences, a chain note saying more than its link, and half of the notes distractors that
 * put a named entity beside a wrong value of the asked kind.
 */
const families: readonly (readonly [string, (seed: number) => HandbookSet])[] = [
  ['office leases', officeLeases],
  ['legal entities', legalEntities],
  ['marketing campaigns', marketingCampaigns],
];
const seeds = [1, 2, 3];

const functionWords = new Set(
  'a an the of in on at to for by with from into which who whom whose what when where how that this those does do did is are was were be been being has have had its it their them they his her she he we us our whoever whichever and or one another other some any each every'.split(
    ' ',
  ),
);

/** Word stems of `text` without this test's function words and without the words of `except` (a name). */
const stems = (text: string, except?: string): Set<string> => wordStems(text, functionWords, except);

/**
 * The wording of the sentence that names both ends of a link: its lower-case words, the two names as
 * placeholders. Dates, numbers and other names (the paragraph's extras, drawn afresh for each note) drop
 * out, so one template gives one shape.
 */
function linkShape(note: string, from: string, to: string): string {
  const sentence = note.split(/(?<=[.!?])\s+/).find((part) => part.includes(from) && part.includes(to)) ?? '';
  const marked = sentence.replaceAll(from, ' <a> ').replaceAll(to, ' <b> ');
  return (marked.match(/<a>|<b>|(?<![\p{L}'-])\p{Ll}[\p{Ll}'-]*/gu) ?? []).join(' ');
}

const contents = (set: HandbookSet) => new Map(set.memories.map((memory) => [memory.key, memory.content]));
const sentences = (text: string) => text.match(/[.!?](?=\s|$)/g)?.length ?? 0;

describe.each(families)('held-out split 11: %s', (_, make) => {
  handbookSetInvariants(make, seeds, stems);

  it.each(seeds)('seed %i: every note is a paragraph of two to four sentences', (seed) => {
    for (const { content } of make(seed).memories) {
      expect(sentences(content), content).toBeGreaterThanOrEqual(2);
      expect(sentences(content), content).toBeLessThanOrEqual(4);
    }
  });

  it.each(seeds)('seed %i: a chain note says more than its link (a number or another name)', (seed) => {
    const set = make(seed);
    const content = contents(set);
    for (const question of set.questions) {
      for (const [index, key] of question.supporting.entries()) {
        const note = content.get(key) ?? '';
        const rest = note
          .replaceAll(question.chain[index] as string, ' ')
          .replaceAll(question.chain[index + 1] as string, ' ');
        // A digit (a date, a year, a head count) or a capitalised word inside a sentence.
        expect(rest, note).toMatch(/\d|[^.!?\s]\s+[A-Z]/);
      }
    }
  });

  distractorInvariants(make, seeds, { twoNamed: false });

  it('words each link three ways (the three-hop one) or four ways over the three seeds', () => {
    expect(linkWordingCounts(make, seeds, linkShape)).toEqual([3, 4, 4, 4]);
  });

  it('asks each kind of question at least two ways over the three seeds', () => {
    for (const hops of [2, 3]) {
      const wordings = new Set(
        seeds.flatMap((seed) =>
          make(seed)
            .questions.filter((question) => question.hops === hops)
            .map((question) => question.question.replace(question.chain[0] as string, '<0>')),
        ),
      );
      expect(wordings.size).toBeGreaterThanOrEqual(2);
    }
  });
});

it('split 11 pools 216 two-hop and 108 three-hop questions, with three kinds of answer', () => {
  const questions = families.flatMap(([, make]) => seeds.flatMap((seed) => make(seed).questions));
  expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(216);
  expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(108);
  const answers = families.map(([, make]) => make(1).questions.map((question) => question.chain.at(-1) as string));
  // An amount, a town, a person: no family's answers look like another's.
  expect(answers[0]?.every((answer) => /^£\d/.test(answer))).toBe(true);
  expect(answers[1]?.every((answer) => /^\p{Lu}\p{Ll}+$/u.test(answer))).toBe(true);
  expect(answers[2]?.every((answer) => /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(answer))).toBe(true);
});
