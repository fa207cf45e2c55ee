import { describe, expect, it } from 'vitest';
import type { HandbookSet } from '../../bench/held-out-families-15.ts';
import { plasmidStocks, purchasingFrameworks, resellerFunds } from '../../bench/held-out-families-15.ts';
import { expectRealDates } from './helpers/real-dates.ts';
import {
  distinctNameInvariants,
  distractorInvariants,
  handbookSetInvariants,
  linkWordingCounts,
  questionWordingInvariants,
  sharedWordInvariants,
} from './helpers/handbook-set-invariants.ts';
import { splitFunctionWords, wordStems } from './helpers/word-stems.ts';

/**
 * The data of held-out split 15 (bench/held-out-families-15.ts), checked without running recall: the split
 * is measured once, so nothing here ranks anything. Each question's chain of entity names must run through
 * its supporting notes one link per note, the answer must be said beside a name of its chain by the last
 * note only, the question must name the start and nothing after it, and a question may share at most one
 * ordinary word with its notes. Notes are what a team keeps from talking and deciding: meeting transcripts
 * (a link often a question in one speaker turn and its answer in the next), decision-log entries (often
 * superseding one that named another value) and records (a subject in the heading, the other end in a
 * labelled field); half of them are distractors putting a named entity beside a wrong value of the asked
 * kind, many naming a second entity of the family in another relation.
 */
const families: readonly (readonly [string, (seed: number) => HandbookSet])[] = [
  ['purchasing frameworks', purchasingFrameworks],
  ['reseller funds', resellerFunds],
  ['plasmid stocks', plasmidStocks],
];
const seeds = [1, 2, 3];

/** Word stems of `text` without this test's function words and without the words of `except` (a name). */
const stems = (text: string, except?: string): Set<string> => wordStems(text, splitFunctionWords, except);

const name = String.raw`\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+`;
const day = String.raw`(?:Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} 2041`;
/** The three shapes a note may take: a meeting transcript, a decision-log entry, a record. */
const shapes = {
  transcript: new RegExp(
    String.raw`^Transcript: [a-z -]+, ${day} \(auto-generated, lightly edited\)(?:\n\[\d\d:\d\d\] ${name}: [^\n]+){2,}$`,
    'u',
  ),
  decision: new RegExp(
    String.raw`^[A-Z]{2}-0\d{3}: [^\n]+\nStatus: accepted(?:, supersedes [A-Z]{2}-0\d{2,3})? · ${day} · decided by ${name}\nContext: [^\n]+\nDecision: [^\n]+\nConsequences: [^\n]+$`,
    'u',
  ),
  record: new RegExp(
    String.raw`^[A-Z][a-z ]+ · [^\n·]+ · ${day} · logged by ${name}(?:\n[A-Z][a-z -]+: [^\n]+){2,}$`,
    'u',
  ),
} as const;
const shapeOf = (note: string) => Object.entries(shapes).find(([, pattern]) => pattern.test(note))?.[0];

/**
 * Every entity name and value of the asked kind of a family over the seeds, longest first, so a link's
 * wording reads without them (a superseded value too).
 */
function entityNames(make: (seed: number) => HandbookSet): string[] {
  const names = new Set(
    seeds.flatMap((seed) => {
      const set = make(seed);
      return [...set.askedKind, ...set.questions.flatMap((question) => question.chain)];
    }),
  );
  return [...names].sort((one, other) => other.length - one.length);
}

/**
 * The wording of a link: the lower-case words of the lines naming either end, the two names as placeholders
 * and every other entity name dropped.
 */
function linkShapeOf(names: readonly string[]) {
  return (note: string, from: string, to: string) => {
    const naming = note.split('\n').filter((line) => line.includes(from) || line.includes(to));
    let marked = naming.join(' ').replaceAll(from, ' <a> ').replaceAll(to, ' <b> ');
    for (const other of names) marked = marked.replaceAll(other, ' ');
    return (marked.match(/<a>|<b>|(?<![\p{L}'-])\p{Ll}[\p{Ll}'_-]*/gu) ?? []).join(' ');
  };
}

/**
 * How each supporting note of a company says its link: on one line; as a record's subject in its heading and
 * the other end in a field; in two speaker turns of a transcript; on two lines of a decision. And how many
 * chain notes are decisions superseding an earlier one.
 */
function linkSayings(set: HandbookSet) {
  const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
  const links = new Map<string, [string, string]>();
  for (const question of set.questions)
    for (const [index, key] of question.supporting.entries())
      links.set(key, [question.chain[index] as string, question.chain[index + 1] as string]);
  const counts = { sameLine: 0, headingAndField: 0, twoTurns: 0, decisionLines: 0, superseding: 0 };
  for (const [key, [from, to]] of links) {
    const note = content.get(key) ?? '';
    const lines = note.split('\n');
    if (/^Status: accepted, supersedes/mu.test(note)) counts.superseding++;
    if (lines.some((line) => line.includes(from) && line.includes(to))) counts.sameLine++;
    else if (shapeOf(note) === 'record') {
      const [heading, ...fields] = lines as [string, ...string[]];
      const headed = heading.includes(from) ? to : from;
      expect(heading.includes(from) || heading.includes(to), note).toBe(true);
      expect(
        fields.some((line) => line.includes(headed)),
        note,
      ).toBe(true);
      counts.headingAndField++;
    } else if (shapeOf(note) === 'transcript') counts.twoTurns++;
    else counts.decisionLines++;
  }
  return counts;
}

/** The stems a question shares with its supporting notes, the named start aside. */
describe.each(families)('held-out split 15: %s', (_, make) => {
  handbookSetInvariants(make, seeds, stems);

  it.each(seeds)('seed %i: every note is a transcript, a decision or a record, dated on real working days', (seed) => {
    const set = make(seed);
    for (const { content } of set.memories) {
      const shape = shapeOf(content);
      expect(shape, content).toBeDefined();
      for (const line of content.split('\n')) expect(line.length, line).toBeLessThanOrEqual(170);
      expectRealDates(content, 2041);
      if (shape === 'transcript') {
        // The recorder's stamps run forward, within the hour.
        const stamps = [...content.matchAll(/^\[(\d\d):(\d\d)\] /gm)].map(
          ([, minutes, seconds]) => Number(minutes) * 60 + Number(seconds),
        );
        for (const [index, stamp] of stamps.entries()) {
          expect(stamp, content).toBeLessThan(60 * 60);
          if (index > 0) expect(stamp, content).toBeGreaterThan(stamps[index - 1] as number);
        }
        for (const [, seconds] of content.matchAll(/^\[\d\d:(\d\d)\]/gm)) expect(Number(seconds)).toBeLessThan(60);
        // Nobody answers their own line.
        const speakers = [...content.matchAll(/^\[\d\d:\d\d\] ([^:]+):/gm)].map((match) => match[1]);
        for (const [index, speaker] of speakers.entries())
          if (index > 0) expect(speaker, content).not.toBe(speakers[index - 1]);
      }
      if (shape === 'decision') {
        // An entry supersedes an earlier, lower-numbered one.
        const [, own, earlier] = /^[A-Z]{2}-(\d+):[^\n]*\nStatus: accepted(?:, supersedes [A-Z]{2}-(\d+))?/u.exec(
          content,
        ) ?? [undefined, '0'];
        if (earlier !== undefined) expect(Number(earlier), content).toBeLessThan(Number(own));
      }
    }
    // Chain notes and distractors alike come in all three shapes.
    const supporting = new Set(set.questions.flatMap((question) => question.supporting));
    for (const side of [true, false]) {
      const notes = set.memories.filter(({ key }) => supporting.has(key) === side).map(({ content }) => content);
      expect(new Set(notes.map(shapeOf)), side ? 'chain notes' : 'distractors').toEqual(
        new Set(['transcript', 'decision', 'record']),
      );
    }
  });

  it.each(seeds)('seed %i: links are often apart — two speaker turns, a heading and a field', (seed) => {
    const counts = linkSayings(make(seed));
    // "[04:12] …: Who actually holds FA-417?" / "[04:31] …: Calloway Trading. Since the re-tender."
    expect(counts.twoTurns).toBeGreaterThanOrEqual(6);
    // "Contract summary · FA-417 · …" / "Supplier: Calloway Trading".
    expect(counts.headingAndField).toBeGreaterThanOrEqual(6);
    expect(counts.sameLine).toBeGreaterThanOrEqual(10);
    // A decision superseding an earlier one, which its context names ("… bought through Kestrel IT until …").
    expect(counts.superseding).toBeGreaterThanOrEqual(3);
  });

  sharedWordInvariants(make, seeds, stems);

  distractorInvariants(make, seeds, { twoNamed: true });

  // "Box 14" must not be found in "Box 145", "a.costa@…" in "na.costa@…".
  distinctNameInvariants(make, seeds);

  it.each(seeds)('seed %i: no heading holds a value of the asked kind', (seed) => {
    // A heading's day ("Thu 15 May 2041") must not hold a service day ("15 May 2041"), nor any other value.
    const set = make(seed);
    for (const { content } of set.memories) {
      const headings = content.split('\n').slice(0, shapeOf(content) === 'decision' ? 2 : 1);
      for (const value of set.askedKind) for (const line of headings) expect(line, value).not.toContain(value);
    }
  });

  it('words each link three ways (the three-hop one) or four ways over the three seeds', () => {
    expect(linkWordingCounts(make, seeds, linkShapeOf(entityNames(make)))).toEqual([3, 4, 4, 4]);
  });

  questionWordingInvariants(make, seeds);
});

it('split 15 pools 216 two-hop and 108 three-hop questions, with three kinds of answer', () => {
  const questions = families.flatMap(([, make]) => seeds.flatMap((seed) => make(seed).questions));
  expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(216);
  expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(108);
  const answers = families.map(([, make]) => make(1).questions.map((question) => question.chain.at(-1) as string));
  // An e-mail address (new), a sum of money and a date (common in earlier splits).
  expect(answers[0]?.every((answer) => /^[a-z]\.[a-z]+@[a-z]+\.example$/.test(answer))).toBe(true);
  expect(answers[1]?.every((answer) => /^£[1-9]\d,[05]00$/.test(answer))).toBe(true);
  expect(answers[2]?.every((answer) => /^[12]\d [A-Z][a-z]+ 2041$/.test(answer))).toBe(true);
});
