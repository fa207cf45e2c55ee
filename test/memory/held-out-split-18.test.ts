import { describe, expect, it } from 'vitest';
import type { HandbookSet } from '../../bench/held-out-families-18.ts';
import { labFreezers, lineCrews, supplyHauliers } from '../../bench/held-out-families-18.ts';
import { expectNoteShapes, linkSayings } from './helpers/note-shapes.ts';
import {
  bridgeFormInvariants,
  distinctNameInvariants,
  distractorInvariants,
  entityNames,
  escaped,
  handbookSetInvariants,
  headingInvariants,
  linkWordingCounts,
  questionWordingInvariants,
  sharedWordInvariants,
  wholeNameInvariants,
} from './helpers/handbook-set-invariants.ts';
import { splitFunctionWords, wordStems } from './helpers/word-stems.ts';

/**
 * The data of held-out split 18 (bench/held-out-families-18.ts), checked without running recall: the split is
 * measured once, so nothing here ranks anything. Each question's chain of entity names must run through its
 * supporting notes one link per note, the answer must be said beside a name of its chain by the last note only,
 * the question must name the start and nothing after it, and a question may share at most one ordinary word with
 * its notes. Notes are what a site's systems keep: maintenance work orders, an on-call phone's SMS threads, kanban
 * cards exported as text and spreadsheet blocks pasted as tab-separated text; half of them are distractors putting
 * a named thing or a bridge beside a wrong value of the asked kind, many naming a second entity of the family in
 * another relation. Bridges are written more than one way (a room as "C2.07", "room C2.07" or "lab C2.07"; a crew
 * as "Kestrel", "Team Kestrel" or "Kestrel crew"), and each way must turn up.
 */
const families: readonly (readonly [string, (seed: number) => HandbookSet])[] = [
  ['lab freezers', labFreezers],
  ['supply hauliers', supplyHauliers],
  ['line crews', lineCrews],
];
const seeds = [1, 2, 3];

/** Word stems of `text` without this test's function words and without the words of `except` (a name). */
const stems = (text: string, except?: string): Set<string> => wordStems(text, splitFunctionWords, except);

const handle = '@[a-z]+';
const isoDay = String.raw`2044-\d\d-\d\d`;
/** The four shapes a note may take: a work order, an SMS thread, a kanban card, a pasted sheet. */
const shapes = {
  workOrder: new RegExp(
    String.raw`^WO-\d{5} · raised ${isoDay} by ${handle} · P[1-4](?:\n[A-Z][a-z ]+: [^\n]+)+\nClosed ${isoDay} · \d\.[05] h booked$`,
    'u',
  ),
  sms: new RegExp(
    String.raw`^SMS · on-call phone · (?:Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} 2044(?:\n\d\d:\d\d (?:PAGER|${handle}): [^\n]+)+$`,
    'u',
  ),
  card: new RegExp(
    String.raw`^Card #\d{3} · [A-Z][a-z ]+ board · (?:To do|Doing|Blocked|Done)\nTitle: [^\n]+\nLabels: [a-z -]+, [a-z -]+(?:\n${handle} ${isoDay}: [^\n]+)+$`,
    'u',
  ),
  sheet: new RegExp(
    String.raw`^Pasted from [a-z-]+\.xlsx · ${isoDay} · ${handle}(?:\n[^\n\t]+(?:\t[^\n\t]+)+){2,}$`,
    'u',
  ),
} as const;

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** A work order is closed on the day it was raised or up to three days later. */
function expectCoherentWorkOrder(note: string): void {
  const [opened] = /2044-\d\d-\d\d/u.exec(note) ?? [];
  const [, closed] = /^Closed (2044-\d\d-\d\d)/mu.exec(note) ?? [];
  const days = (day(closed as string) - day(opened as string)) / 86_400_000;
  expect(days, note).toBeGreaterThanOrEqual(0);
  expect(days, note).toBeLessThanOrEqual(3);
}

/** An SMS thread's texts come in time order, within the day. */
function expectCoherentSms(note: string): void {
  const minutes = [...note.matchAll(/^(\d\d):(\d\d) /gmu)].map(
    ([, hours, minute]) => Number(hours) * 60 + Number(minute),
  );
  expect(minutes.length, note).toBeGreaterThan(0);
  for (const [index, minute] of minutes.entries()) {
    expect(minute, note).toBeLessThan(24 * 60);
    if (index > 0) expect(minute, note).toBeGreaterThan(minutes[index - 1] as number);
  }
}

/** A card's comments are in date order, a day or more apart. */
function expectCoherentCard(note: string): void {
  const days = [...note.matchAll(/^@[a-z]+ (2044-\d\d-\d\d): /gmu)].map(([, iso]) => day(iso as string));
  for (const [index, at] of days.entries()) if (index > 0) expect(at, note).toBeGreaterThan(days[index - 1] as number);
}

/** A pasted sheet's rows are as wide as its header, with no empty cell. */
function expectCoherentSheet(note: string): void {
  const [, header, ...rows] = note.split('\n');
  const width = (header as string).split('\t').length;
  for (const row of rows) {
    expect(row.split('\t'), note).toHaveLength(width);
    for (const cell of row.split('\t')) expect(cell.trim(), note).not.toBe('');
  }
}

/** The lines of a note's heading: its first line in every shape. */
const headingLines = (note: string) => note.split('\n').slice(0, 1);

/** What a transcriber writes for a pause: not wording. */
const fillerWords = /\b(?:PAGER)\b/gu;

/** The lower-case words a bridge may be written with, beside its name. */
const aliasWords = /\b(?:freezer|room|lab)\s+(?=<[ab]>)|(?<=<[ab]>)\s+(?:depot|hub|crew)\b/gu;

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
    // A bridge's other ways of being written ("room C2.07", "Crewe hub") are not wording.
    marked = marked.replace(aliasWords, ' ');
    return (marked.match(/<a>|<b>|(?<![\p{L}'-])\p{Ll}[\p{Ll}'_-]*/gu) ?? []).join(' ');
  };
}

/** A chain note that puts a superseded name or value beside the current one. */
const superseding = /\(was |instead of |, not | move from /u;

/**
 * The ways each family writes its bridges, by the chain place of the bridge (1: first, 2: second): every way turns
 * up on every seed.
 */
const aliasForms: Record<string, readonly (readonly [number, (name: string) => RegExp])[]> = {
  'lab freezers': [
    [1, (unit) => new RegExp(`freezer ${unit}\\b`, 'u')],
    [1, (unit) => new RegExp(`(?<!freezer )\\b${unit}\\b`, 'u')],
    [2, (place) => new RegExp(`room ${escaped(place)}\\b`, 'u')],
    [2, (place) => new RegExp(`lab ${escaped(place)}\\b`, 'u')],
    [2, (place) => new RegExp(`(?<!room |lab )\\b${escaped(place)}\\b`, 'u')],
  ],
  'supply hauliers': [
    [1, (firm) => new RegExp(`\\b${firm} (?:Haulage|Freight Ltd)\\b`, 'u')],
    [1, (firm) => new RegExp(`\\b${firm}\\b(?! Haulage| Freight)`, 'u')],
    [2, (place) => new RegExp(`\\b${place} depot\\b`, 'u')],
    [2, (place) => new RegExp(`\\b${place} hub\\b`, 'u')],
    [2, (place) => new RegExp(`\\b${place}\\b(?! depot| hub)`, 'u')],
  ],
  'line crews': [
    [1, (team) => new RegExp(`Team ${team}\\b`, 'u')],
    [1, (team) => new RegExp(`\\b${team} crew\\b`, 'u')],
    [1, (team) => new RegExp(`(?<!Team )\\b${team}\\b(?! crew)`, 'u')],
    [2, (surname) => new RegExp(`\\b[A-Z][a-z]+ ${surname}\\b`, 'u')],
    [2, (surname) => new RegExp(`\\b[A-Z]\\. ${surname}\\b`, 'u')],
    [2, (surname) => new RegExp(`(?<![A-Z][a-z]* |[A-Z]\\. )\\b${surname}\\b`, 'u')],
  ],
};

describe.each(families)('held-out split 18: %s', (family, make) => {
  handbookSetInvariants(make, seeds, stems);

  it.each(seeds)(
    'seed %i: every note is a work order, an SMS thread, a kanban card or a pasted sheet, on real days',
    (seed) => {
      // Chain notes and distractors alike come in all four shapes.
      expectNoteShapes(make(seed), shapes, 2044, (shape, content) => {
        if (shape === 'workOrder') expectCoherentWorkOrder(content);
        if (shape === 'sms') expectCoherentSms(content);
        if (shape === 'card') expectCoherentCard(content);
        if (shape === 'sheet') expectCoherentSheet(content);
      });
    },
  );

  it.each(seeds)('seed %i: links are often on two lines, and some replace an older name or value', (seed) => {
    const counts = linkSayings(make(seed), superseding);
    // "Asset: ULT-17" / "Work done: defrosted, the serum tubes from ward 6 put back in".
    expect(counts.twoLines).toBeGreaterThanOrEqual(6);
    expect(counts.sameLine).toBeGreaterThanOrEqual(10);
    // "… now run us from Crewe, not Corby", "A. Nowak moved to channel 23 (was channel 41)".
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

it('split 18 pools 216 two-hop and 108 three-hop questions, with lower-case starts and three kinds of answer', () => {
  const questions = families.flatMap(([, make]) => seeds.flatMap((seed) => make(seed).questions));
  expect(questions.filter(({ hops }) => hops === 2)).toHaveLength(216);
  expect(questions.filter(({ hops }) => hops === 3)).toHaveLength(108);
  // "the label rolls for the returns desk": a thing, not a name.
  for (const { chain } of questions) expect(chain[0]).toMatch(/^the [a-z0-9 -]+$/u);
  const answers = families.map(([, make]) => make(1).questions.map((question) => question.chain.at(-1) as string));
  // A temperature, a weight, a radio channel.
  expect(answers[0]?.every((answer) => /^(?:1[89]|2\d|3[01])\.[05] °C$/u.test(answer))).toBe(true);
  expect(answers[1]?.every((answer) => /^1,[1-9]\d0 kg$/u.test(answer))).toBe(true);
  expect(answers[2]?.every((answer) => /^channel [1-7]\d$/u.test(answer))).toBe(true);
});
