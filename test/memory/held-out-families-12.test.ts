import { describe, expect, it } from 'vitest';
import type { HandbookSet } from '../../bench/held-out-families-12.ts';
import { agencyHiring, complianceAudits, tillRollouts } from '../../bench/held-out-families-12.ts';
import { handbookSetInvariants, linkWordingCounts, distractorInvariants } from './helpers/handbook-set-invariants.ts';
import { wordStems } from './helpers/word-stems.ts';

/**
 * The data of held-out split 12 (bench/held-out-families-12.ts), checked without running recall: the split
 * is measured once, so nothing here ranks anything. Each question's chain of entity names must run through
 * its supporting notes one link per note, the answer must be said beside a name of its chain by the last
 * note only, the question must name the start and nothing after it, and at least half of a question's
 * notes must share no word with it. Notes are the record a team leaves while working: meeting minutes,
 * ticket comments and chat lines, short lines, abbreviations and relative dates beside absolute ones; half
 * of them are distractors putting a named entity beside a wrong value of the asked kind, many naming a
 * second entity of the family in another relation.
 */
const families: readonly (readonly [string, (seed: number) => HandbookSet])[] = [
  ['agency hiring', agencyHiring],
  ['compliance audits', complianceAudits],
  ['till rollouts', tillRollouts],
];
const seeds = [1, 2, 3];

const functionWords = new Set(
  'a an the of in on at to for by with from into which who whom whose what when where how that this those does do did is are was were be been being has have had its it their them they his her she he we us our whoever whichever and or one another other some any each every'.split(
    ' ',
  ),
);

/** Word stems of `text` without this test's function words and without the words of `except` (a name). */
const stems = (text: string, except?: string): Set<string> => wordStems(text, functionWords, except);

/** The three shapes a note may take: a ticket comment, chat lines, or minutes with a decision or an action. */
const shapes = {
  ticket: /^[A-Z]{2,4}-\d{4} · comment by \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+: \S/u,
  chat: /^(\[\d\d:\d\d\] \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+: \S[^\n]*\n?)+$/u,
  minutes: /^[A-Z][\w -]+, (Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2}\n(.+\n)*(Decision|Action): /,
} as const;
const shapeOf = (note: string) => Object.entries(shapes).find(([, pattern]) => pattern.test(note))?.[0];

/** An absolute date written with a relative one ("yesterday (3 Mar)", "w/c 9 Mar", "today, 2038-03-09"). */
const relativeDate =
  /yesterday \(\d{1,2} [A-Z][a-z]{2}\)|last [A-Z][a-z]{2} \(\d{1,2} [A-Z][a-z]{2}\)|on [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}|w\/c \d{1,2} [A-Z][a-z]{2}|today, 2038-\d\d-\d\d|earlier this week \([A-Z][a-z]{2} \d{1,2}\/\d{1,2}\)/;
const abbreviations = /\b(EOD|TBC|PO|JD|req|pls|fyi|OOO|ETA|PSL|SKU|Q[1-4])\b|w\/c/;

/**
 * The wording of a link: the lower-case words of the lines naming either end, the two names as
 * placeholders. Dates, times, speakers and other names (drawn afresh for each note) drop out, and so do
 * the words of a relative date, so one template gives one shape.
 */
function linkShape(note: string, from: string, to: string): string {
  const lines = note.split('\n').filter((line) => line.includes(from) || line.includes(to));
  const marked = lines.join(' ').replaceAll(from, ' <a> ').replaceAll(to, ' <b> ').replace(relativeDate, ' ');
  return (marked.match(/<a>|<b>|(?<![\p{L}'-])\p{Ll}[\p{Ll}'-]*/gu) ?? []).join(' ');
}

describe.each(families)('held-out split 12: %s', (_, make) => {
  handbookSetInvariants(make, seeds, stems);

  it.each(seeds)('seed %i: every note is a ticket comment, chat lines or minutes, in short lines', (seed) => {
    const set = make(seed);
    const used = new Set<string | undefined>();
    for (const { content } of set.memories) {
      expect(shapeOf(content), content).toBeDefined();
      used.add(shapeOf(content));
      for (const line of content.split('\n')) expect(line.length, line).toBeLessThanOrEqual(170);
      // Chat lines run forward in time: a reply never comes before the line it answers.
      const times = [...content.matchAll(/^\[(\d\d):(\d\d)\]/gm)].map(([, hour, minute]) => `${hour}${minute}`);
      expect(times, content).toEqual([...times].sort());
    }
    expect([...used].sort()).toEqual(['chat', 'minutes', 'ticket']);
    // Chain notes and distractors alike come in all three shapes.
    const supporting = new Set(set.questions.flatMap((question) => question.supporting));
    for (const side of [true, false]) {
      const kinds = set.memories
        .filter(({ key }) => supporting.has(key) === side)
        .map(({ content }) => shapeOf(content));
      expect(new Set(kinds).size, side ? 'chain notes' : 'distractors').toBe(3);
    }
  });

  it.each(seeds)('seed %i: notes use relative dates beside absolute ones and working abbreviations', (seed) => {
    const notes = make(seed).memories.map(({ content }) => content);
    expect(notes.filter((note) => relativeDate.test(note)).length).toBeGreaterThanOrEqual(10);
    expect(notes.filter((note) => abbreviations.test(note)).length).toBeGreaterThanOrEqual(30);
    expect(notes.filter((note) => /@\p{Lu}\p{Ll}+/u.test(note)).length).toBeGreaterThanOrEqual(10);
  });

  distractorInvariants(make, seeds, { twoNamed: true });

  it('words each link three ways (the three-hop one) or four ways over the three seeds', () => {
    expect(linkWordingCounts(make, seeds, linkShape)).toEqual([3, 4, 4, 4]);
  });

  it('asks each kind of question at least two ways over the three seeds, as a chat message', () => {
    for (const hops of [2, 3]) {
      const asked = seeds.flatMap((seed) => make(seed).questions.filter((question) => question.hops === hops));
      const wordings = new Set(asked.map((question) => question.question.replace(question.chain[0] as string, '<0>')));
      expect(wordings.size).toBeGreaterThanOrEqual(2);
      for (const { question } of asked) expect(question).toMatch(/\?$/);
    }
  });
});

it('split 12 pools 216 two-hop and 108 three-hop questions, with three kinds of answer', () => {
  const questions = families.flatMap(([, make]) => seeds.flatMap((seed) => make(seed).questions));
  expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(216);
  expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(108);
  const answers = families.map(([, make]) => make(1).questions.map((question) => question.chain.at(-1) as string));
  // An amount, a date, a person: no family's answers look like another's.
  expect(answers[0]?.every((answer) => /^€\d{1,2},\d{3}$/.test(answer))).toBe(true);
  for (const answer of answers[1] ?? []) {
    const [weekday, day, month, year] = answer.split(' ');
    expect(
      new Date(`${day} ${month} ${year} UTC`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' }),
    ).toBe(weekday);
  }
  expect(answers[2]?.every((answer) => /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(answer))).toBe(true);
});
