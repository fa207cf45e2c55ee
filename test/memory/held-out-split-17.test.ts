import { describe, expect, it } from 'vitest';
import type { HandbookSet } from '../../bench/held-out-families-17.ts';
import { cleaningChemicals, purchaseSignoffs, safetyWalkrounds } from '../../bench/held-out-families-17.ts';
import { expectNoteShapes, linkSayings } from './helpers/note-shapes.ts';
import {
  bridgeFormInvariants,
  distinctNameInvariants,
  distractorInvariants,
  entityNames,
  handbookSetInvariants,
  headingInvariants,
  linkWordingCounts,
  questionWordingInvariants,
  sharedWordInvariants,
  wholeNameInvariants,
} from './helpers/handbook-set-invariants.ts';
import { splitFunctionWords, wordStems } from './helpers/word-stems.ts';

/**
 * The data of held-out split 17 (bench/held-out-families-17.ts), checked without running recall: the split is
 * measured once, so nothing here ranks anything. Each question's chain of entity names must run through its
 * supporting notes one link per note, the answer must be said beside a name of its chain by the last note only,
 * the question must name the start and nothing after it, and a question may share at most one ordinary word with
 * its notes. Notes are a site's paperwork and phones: purchase orders exported as text, inspection checklists,
 * an internal tool's release notes and voice memos' automatic transcripts; half of them are distractors putting a
 * named thing or a bridge beside a wrong value of the asked kind, many naming a second entity of the family in
 * another relation. Bridges are written more than one way (a round as "R14", "round R14" or "PPM R14"; a cost
 * centre as "CC-4410", "cost centre 4410" or "4410"), and each way must turn up.
 */
const families: readonly (readonly [string, (seed: number) => HandbookSet])[] = [
  ['safety walk-rounds', safetyWalkrounds],
  ['cleaning chemicals', cleaningChemicals],
  ['purchase sign-offs', purchaseSignoffs],
];
const seeds = [1, 2, 3];

/** Word stems of `text` without this test's function words and without the words of `except` (a name). */
const stems = (text: string, except?: string): Set<string> => wordStems(text, splitFunctionWords, except);

const handle = '@[a-z]+';
const day = String.raw`(?:Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} 2043`;
const isoDay = String.raw`2043-\d\d-\d\d`;
const price = String.raw`£\d+\.\d\d`;
/** The four shapes a note may take: a purchase order, a checklist, release notes, a voice memo. */
const shapes = {
  order: new RegExp(
    String.raw`^PO-0\d{3} · [A-Z][^\n·]+ · raised ${isoDay} by ${handle}(?:\n\d+\. \d+ × [^\n]+ @ ${price} = ${price})+(?:\n[A-Z][a-z ]+: [^\n]+)+$`,
    'u',
  ),
  checklist: new RegExp(
    String.raw`^Checklist: [^\n·]+ · [^\n·]+ · ${isoDay} · ${handle}(?:\n(?:\[x\] [^\n]+|\[ \] [^\n]+ — found: [^\n]+|\[n/a\] [^\n]+))+\nSigned off by ${handle} ${isoDay} \d\d:\d\d$`,
    'u',
  ),
  release: new RegExp(
    String.raw`^[A-Z][a-zA-Z]+ \d+\.\d{1,2}\.\d · released ${day}(?:\n(?:Added|Changed|Fixed|Known issues)(?:\n- [^\n]+)+)+$`,
    'u',
  ),
  memo: new RegExp(String.raw`^Voice memo · ${handle} · ${day} \d\d:\d\d · \d+:\d\d(?:\n[^\n]+){2,}$`, 'u'),
} as const;

const months = 'January February March April May June July August September October November December'.split(' ');
const weekdays = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
const spelledDay = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (\d{1,2}) ([A-Z][a-z]+) 2043\b/gu;

const shortMonths = months.map((month) => month.slice(0, 3));

/**
 * "Thursday 12 November 2043" falls on a Thursday, and after the day the note was written (its heading's day): a
 * note looks forward to the days it spells out, a visit booked or a quote's expiry.
 */
function expectRealSpelledDays(content: string): void {
  const heading = content.split('\n')[0] ?? '';
  const [iso] = /2043-\d\d-\d\d/u.exec(heading) ?? [];
  const [, dayOfMonth, month] = /(\d{1,2}) ([A-Z][a-z]{2}) 2043/u.exec(heading) ?? [];
  const written =
    iso === undefined
      ? Date.UTC(2043, shortMonths.indexOf(month as string), Number(dayOfMonth))
      : Date.parse(`${iso}T00:00:00Z`);
  expect(Number.isNaN(written), heading).toBe(false);
  for (const [, weekday, date, spelledMonth] of content.matchAll(spelledDay)) {
    const day = Date.UTC(2043, months.indexOf(spelledMonth as string), Number(date));
    expect(weekdays[new Date(day).getUTCDay()], content).toBe(weekday);
    expect(day, content).toBeGreaterThan(written);
  }
}

/** The lines of a purchase order number from 1, and each line's total is its quantity times its unit price. */
function expectCoherentOrder(note: string): void {
  const lines = [...note.matchAll(/^(\d+)\. (\d+) × .+ @ £(\d+)\.(\d\d) = £(\d+)\.(\d\d)$/gmu)];
  expect(lines.length, note).toBeGreaterThan(0);
  for (const [index, [, number, quantity, pounds, pence, totalPounds, totalPence]] of lines.entries()) {
    expect(Number(number), note).toBe(index + 1);
    expect(Number(totalPounds) * 100 + Number(totalPence), note).toBe(
      Number(quantity) * (Number(pounds) * 100 + Number(pence)),
    );
  }
}

/** A checklist is signed off by its inspector on its own day, and every open item says what was found. */
function expectCoherentChecklist(note: string): void {
  const [, on, by] = /^Checklist: .+ · (2043-\d\d-\d\d) · (@[a-z]+)$/mu.exec(note) ?? [];
  expect(note.split('\n').at(-1)?.startsWith(`Signed off by ${by} ${on} `), note).toBe(true);
  for (const line of note.split('\n').filter((text) => text.startsWith('[ ] ')))
    expect(line, note).toMatch(/ — found: /u);
}

const sectionOrder = ['Added', 'Changed', 'Fixed', 'Known issues'];

/** Release notes' minor version is the month of release, and their sections come in the usual order, once each. */
function expectCoherentRelease(note: string): void {
  const [, minor, month] = /^[A-Za-z]+ \d+\.(\d+)\.\d · released \w+ \d+ ([A-Z][a-z]{2}) 2043$/mu.exec(note) ?? [];
  expect('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ').indexOf(month as string) + 1, note).toBe(
    Number(minor),
  );
  const sections = note.split('\n').filter((line) => sectionOrder.includes(line));
  expect(sections, note).toEqual(sectionOrder.filter((section) => sections.includes(section)));
}

/** A memo lasts what its words take at two to three words a second, and the transcriber writes no full stops. */
function expectCoherentMemo(note: string): void {
  const [heading, ...spoken] = note.split('\n');
  const [, minutes, seconds] = / (\d+):(\d\d)$/u.exec(heading as string) ?? [];
  const length = Number(minutes) * 60 + Number(seconds);
  const words = spoken.join(' ').split(/\s+/u).length;
  expect(length, note).toBeGreaterThanOrEqual(Math.floor(words / 3));
  expect(length, note).toBeLessThanOrEqual(Math.ceil(words / 2));
  for (const line of spoken) expect(line, note).not.toMatch(/[.!?]$/u);
}

/** The lines of a note's heading: its first line in every shape. */
const headingLines = (note: string) => note.split('\n').slice(0, 1);

/** What a transcriber writes for a pause: not wording. */
const fillerWords = /\b(?:um|uh|er|so|like|right|okay)\b/gu;

/**
 * The wording of a link: the lower-case words of the lines naming either end, the two names as placeholders,
 * every other entity name, every handle and every filler word dropped.
 */
function linkShapeOf(names: readonly string[]) {
  return (note: string, from: string, to: string) => {
    const naming = note.split('\n').filter((line) => line.includes(from) || line.includes(to));
    let marked = naming.join(' ').replaceAll(from, ' <a> ').replaceAll(to, ' <b> ');
    for (const other of names) marked = marked.replaceAll(other, ' ');
    marked = marked.replace(/@[a-z]+/gu, ' ').replace(fillerWords, ' ');
    return (marked.match(/<a>|<b>|(?<![\p{L}'-])\p{Ll}[\p{Ll}'_-]*/gu) ?? []).join(' ');
  };
}

/** A chain note that puts a superseded name or value beside the current one. */
const superseding = /\(was |instead of | from R\d\d to round |, not CC-/u;

/**
 * The ways each family writes its bridges, by the chain place of the bridge (1: first, 2: second): every way turns
 * up on every seed.
 */
const aliasForms: Record<string, readonly (readonly [number, (name: string) => RegExp])[]> = {
  'safety walk-rounds': [
    [1, (route) => new RegExp(`round ${route}\\b`, 'u')],
    [1, (route) => new RegExp(`PPM ${route}\\b`, 'u')],
    [1, (route) => new RegExp(`(?<!round |PPM )\\b${route}\\b`, 'u')],
    [2, (contractor) => new RegExp(`\\b${contractor} (?:Fire|Safety)`, 'u')],
    [2, (contractor) => new RegExp(`\\b${contractor}\\b(?! Fire| Safety)`, 'u')],
  ],
  'cleaning chemicals': [
    [1, (brand) => new RegExp(`\\b${brand} (?:HD|Plus|Eco|Forte)\\b`, 'u')],
    [1, (brand) => new RegExp(`\\b${brand}\\b(?! HD| Plus| Eco| Forte)`, 'u')],
  ],
  'purchase sign-offs': [
    [1, (centre) => new RegExp(`CC-${centre}\\b`, 'u')],
    [1, (centre) => new RegExp(`cost centre ${centre}\\b`, 'u')],
    [1, (centre) => new RegExp(`(?<!CC-|cost centre )\\b${centre}\\b`, 'u')],
    [2, (holder) => new RegExp(`\\b[A-Z][a-z]+ ${holder}\\b`, 'u')],
    [2, (holder) => new RegExp(`\\b[A-Z]\\. ${holder}\\b`, 'u')],
    [2, (holder) => new RegExp(`(?<![A-Z][a-z]* |[A-Z]\\. )\\b${holder}\\b`, 'u')],
  ],
};

describe.each(families)('held-out split 17: %s', (family, make) => {
  handbookSetInvariants(make, seeds, stems);

  it.each(seeds)(
    'seed %i: every note is a purchase order, a checklist, release notes or a voice memo, on real days',
    (seed) => {
      // Chain notes and distractors alike come in all four shapes.
      expectNoteShapes(make(seed), shapes, 2043, (shape, content) => {
        expectRealSpelledDays(content);
        if (shape === 'order') expectCoherentOrder(content);
        if (shape === 'checklist') expectCoherentChecklist(content);
        if (shape === 'release') expectCoherentRelease(content);
        if (shape === 'memo') expectCoherentMemo(content);
      });
    },
  );

  it.each(seeds)('seed %i: links are often on two lines, and some replace an older name or value', (seed) => {
    const counts = linkSayings(make(seed), superseding);
    // "PO-0323 · Halberd Safety Services Ltd · …" / "1. 4 × quarterly visits, R26 @ …".
    expect(counts.twoLines).toBeGreaterThanOrEqual(6);
    expect(counts.sameLine).toBeGreaterThanOrEqual(10);
    // "… now post to CC-4150, not CC-5940", "Capacity of cabinet C5 set to 180 litres (was 630 litres)".
    expect(counts.superseding).toBeGreaterThanOrEqual(3);
  });

  wholeNameInvariants(make, seeds);

  bridgeFormInvariants(make, seeds, aliasForms[family] ?? []);

  sharedWordInvariants(make, seeds, stems);

  distractorInvariants(make, seeds, { twoNamed: true });

  distinctNameInvariants(make, seeds);

  headingInvariants(make, seeds, headingLines);

  it('words each link three ways (the three-hop one) or four ways over the three seeds', () => {
    expect(linkWordingCounts(make, seeds, linkShapeOf(entityNames(make, seeds)))).toEqual([3, 4, 4, 4]);
  });

  questionWordingInvariants(make, seeds);
});

it('split 17 pools 216 two-hop and 108 three-hop questions, with lower-case starts and three kinds of answer', () => {
  const questions = families.flatMap(([, make]) => seeds.flatMap((seed) => make(seed).questions));
  expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(216);
  expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(108);
  // "the hose reel by the acid store": a thing, not a name.
  for (const { chain } of questions) expect(chain[0]).toMatch(/^the [a-z0-9 -]+$/u);
  const answers = families.map(([, make]) => make(1).questions.map((question) => question.chain.at(-1) as string));
  // A day spelled out, a volume, a sum of money.
  expect(
    answers[0]?.every((answer) => /^(?:Mon|Tues|Wednes|Thurs|Fri)day \d{1,2} [A-Z][a-z]+ 2043$/u.test(answer)),
  ).toBe(true);
  expect(answers[1]?.every((answer) => /^[1-9]\d0 litres$/u.test(answer))).toBe(true);
  expect(answers[2]?.every((answer) => /^£[1-9],\d00$/u.test(answer))).toBe(true);
});
