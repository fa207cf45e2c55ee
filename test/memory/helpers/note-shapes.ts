import { expect } from 'vitest';
import type { HandbookSet } from '../../../bench/handbook-company.ts';
import { expectRealDates } from './real-dates.ts';

/** The shape of a note: the name of the first pattern of `shapes` it matches, or undefined. */
export function shapeOf<Shape extends string>(
  shapes: Readonly<Record<Shape, RegExp>>,
  note: string,
): Shape | undefined {
  return (Object.entries(shapes) as [Shape, RegExp][]).find(([, pattern]) => pattern.test(note))?.[0];
}

/**
 * Every note of `set` takes one of `shapes`, keeps its lines to 170 characters, writes only real days of `year` and
 * passes `check` for its shape; chain notes and distractors alike come in every shape, so the shape of a note never
 * tells which it is.
 */
export function expectNoteShapes<Shape extends string>(
  set: HandbookSet,
  shapes: Readonly<Record<Shape, RegExp>>,
  year: number,
  check: (shape: Shape, note: string) => void,
): void {
  for (const { content } of set.memories) {
    const shape = shapeOf(shapes, content);
    expect(shape, content).toBeDefined();
    for (const line of content.split('\n')) expect(line.length, line).toBeLessThanOrEqual(170);
    expectRealDates(content, year);
    check(shape as Shape, content);
  }
  const supporting = new Set(set.questions.flatMap((question) => question.supporting));
  for (const side of [true, false]) {
    const notes = set.memories.filter(({ key }) => supporting.has(key) === side).map(({ content }) => content);
    expect(new Set(notes.map((note) => shapeOf(shapes, note))), side ? 'chain notes' : 'distractors').toEqual(
      new Set(Object.keys(shapes)),
    );
  }
}

/** The chain notes of a set, each with the two names it links. */
export function chainLinks(set: HandbookSet): [note: string, from: string, to: string][] {
  const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
  const links = new Map<string, [string, string]>();
  for (const question of set.questions)
    for (const [index, key] of question.supporting.entries())
      links.set(key, [question.chain[index] as string, question.chain[index + 1] as string]);
  return [...links].map(([key, [from, to]]) => [content.get(key) ?? '', from, to]);
}

/**
 * How the chain notes of a set say their links: with both names on one line, or across two (a field and another
 * field, a message and its reply); and how many put a superseded name or value, as `superseding` finds it, beside
 * the current one.
 */
export function linkSayings(set: HandbookSet, superseding: RegExp) {
  const counts = { sameLine: 0, twoLines: 0, superseding: 0 };
  for (const [note, from, to] of chainLinks(set)) {
    if (superseding.test(note)) counts.superseding++;
    if (note.split('\n').some((line) => line.includes(from) && line.includes(to))) counts.sameLine++;
    else counts.twoLines++;
  }
  return counts;
}
