/**
 * The note shapes of held-out split 19 (bench/held-out-families-19.ts): papers a company's people and suppliers
 * keep — a delivery note (its number and despatch day, who sent it and where to, numbered lines, remarks, and who
 * signed for it and when), an extract of a contract schedule (the agreement, the schedule and the day it was signed,
 * then numbered clauses in contract language, with defined terms such as "the Supplier"), a standard operating
 * procedure (its code and revision, title, effective day and owner, numbered steps and the next review a year on)
 * and the OCR of a whiteboard photo (the image, day and who took it, then the board's text broken into short
 * lines at odd places, as a phone's text recognition returns it). Only the framing, the handles, the numbers and
 * the dates are here; each family keeps its own wording. Every draw goes through the family's seeded generator, so
 * a seed always gives the same notes.
 */
import { mayShareChain } from './chat-notes.ts';
import { pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

/** The year every note of the split is dated in. */
export const year = 2045;

const two = (value: number) => String(value).padStart(2, '0');

/** A working day of the first quarter, as a UTC midnight: the notes are one quarter's papers. */
function drawDay(random: Random): Date {
  for (;;) {
    const day = new Date(Date.UTC(year, Math.floor(random() * 3), 1 + Math.floor(random() * 25)));
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day;
  }
}

const iso = (day: Date) => day.toISOString().slice(0, 10);
const later = (day: Date, days: number) => new Date(day.getTime() + days * 86_400_000);

/** Handles as the company's systems show them ("sbyrne"): an initial and a surname, lower case, distinct. */
export function handles(random: Random, count: number, forenames: readonly string[], surnames: readonly string[]) {
  const seen = new Set<string>();
  while (seen.size < count) seen.add(`${pick(random, forenames).charAt(0)}${pick(random, surnames)}`.toLowerCase());
  return [...seen];
}

/**
 * A delivery note: "Delivery note DN-48213 · despatched 2045-02-11", "From: …", "Deliver to: …", numbered lines
 * "1) …", an optional "Remarks: …", and "Received 2045-02-12 14:05 · signed @<handle>" the day of despatch or up to
 * two days later.
 */
export function deliveryNote(
  random: Random,
  note: { from: string; to: string; items: readonly string[]; remarks?: string; by: string },
): string {
  const despatched = drawDay(random);
  const received = later(despatched, Math.floor(random() * 3));
  const minute = 7 * 60 + Math.floor(random() * 10 * 60);
  return [
    `Delivery note DN-${40_000 + Math.floor(random() * 50_000)} · despatched ${iso(despatched)}`,
    `From: ${note.from}`,
    `Deliver to: ${note.to}`,
    ...note.items.map((item, index) => `${index + 1}) ${item}`),
    ...(note.remarks === undefined ? [] : [`Remarks: ${note.remarks}`]),
    `Received ${iso(received)} ${two(Math.floor(minute / 60))}:${two(minute % 60)} · signed @${note.by}`,
  ].join('\n');
}

/** Clauses a schedule extract sometimes ends with, about the contract rather than its subject. */
const boilerplate = [
  'Capitalised terms have the meanings given in clause 1 of the Agreement.',
  'This Schedule is governed by the law of England and Wales.',
  'Nothing in this Schedule limits either party’s rights under the Agreement.',
];

/**
 * An extract of a contract schedule: "<Agreement> · Schedule 4 (extract) · signed 2045-01-20", then clauses
 * numbered "4.1", "4.2", … in order, half the extracts ending with a boilerplate clause.
 */
export function contractExtract(random: Random, extract: { agreement: string; clauses: readonly string[] }): string {
  const schedule = 1 + Math.floor(random() * 9);
  const clauses = random() < 0.5 ? [...extract.clauses, pick(random, boilerplate)] : extract.clauses;
  return [
    `${extract.agreement} · Schedule ${schedule} (extract) · signed ${iso(drawDay(random))}`,
    ...clauses.map((clause, index) => `${schedule}.${index + 1} ${clause}`),
  ].join('\n');
}

/**
 * A standard operating procedure: "SOP-<AREA>-014 rev C · <title> · effective 2045-02-03 · owner @<handle>",
 * numbered steps "1. …", and "Next review 2046-02-03", a year after it took effect.
 */
export function standardProcedure(
  random: Random,
  procedure: { area: string; title: string; steps: readonly string[]; by: string },
): string {
  const effective = drawDay(random);
  const review = new Date(Date.UTC(year + 1, effective.getUTCMonth(), effective.getUTCDate()));
  const revision = pick(random, ['A', 'B', 'C', 'D', 'E']);
  return [
    `SOP-${procedure.area}-${two(1 + Math.floor(random() * 60)).padStart(3, '0')} rev ${revision} · ${procedure.title} · effective ${iso(effective)} · owner @${procedure.by}`,
    ...procedure.steps.map((step, index) => `${index + 1}. ${step}`),
    `Next review ${iso(review)}`,
  ].join('\n');
}

/** What a phone's text recognition makes of a board's frame and smudges: a line of its own, no wording. */
const artefacts = ['|', '~~', '[illegible]', '— —'];

/**
 * The OCR of a whiteboard photo: "[OCR · whiteboard IMG_4821.jpg · 2045-02-11 · @<handle>]", then each of
 * `items` (one item a thing written on the board) broken into lines of at most `width` characters (12 to 28,
 * drawn per photo) between words, wherever the width falls — never inside one of `keep` (the names on the board,
 * which the recognition reads whole) — with now and then a line of frame or smudge between items.
 */
export function whiteboardPhoto(
  random: Random,
  photo: { items: readonly string[]; keep: readonly string[]; by: string },
): string {
  const width = 12 + Math.floor(random() * 17);
  const lines: string[] = [];
  for (const [index, item] of photo.items.entries()) {
    if (index > 0 && random() < 0.3) lines.push(pick(random, artefacts));
    let text = item;
    for (const name of photo.keep) text = text.replaceAll(name, name.replaceAll(' ', '\u00a0'));
    let line = '';
    for (const word of text.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return [
    `[OCR · whiteboard IMG_${1000 + Math.floor(random() * 9000)}.jpg · ${iso(drawDay(random))} · @${photo.by}]`,
    ...lines.map((line) => line.replaceAll('\u00a0', ' ')),
  ].join('\n');
}

/**
 * A link's wordings for bench/handbook-company.ts, which draws one at random for each note: here every draw takes
 * the next wording in turn, from an offset drawn once, so each of a link's four formats turns up in every company
 * (seven notes of a link drawn at random would leave a format out of some companies).
 */
export function inTurn<Wording extends (from: string, to: string) => string>(
  random: Random,
  wordings: readonly Wording[],
): Wording[] {
  let next = Math.floor(random() * wordings.length);
  const wording = ((from: string, to: string) => {
    const chosen = wordings[next % wordings.length] as Wording;
    next++;
    return chosen(from, to);
  }) as Wording;
  return wordings.map(() => wording);
}

/**
 * A family's writers of its notes and distractors over its own draws: `answers` (the first 7 are the chains'
 * answers), `keep` (what a whiteboard line never breaks), the procedures' `area`, the contract's `agreement` and
 * `person` (who writes a note). Each draws from `random` when called, as the family's own closures did.
 */
export function noteWriters(
  random: Random,
  family: {
    answers: readonly string[];
    keep: readonly string[];
    area: string;
    agreement: string;
    person: () => string;
  },
) {
  const { answers, keep, area, agreement, person } = family;
  return {
    other: (list: readonly string[], name: string) =>
      pick(
        random,
        list.filter((item) => item !== name),
      ),
    answersIn: (allowed: string[]) => allowed.filter((value) => answers.slice(0, 7).includes(value)),
    chained: (wrong: (name: string) => string[], upstream: string, downstream: string) =>
      mayShareChain(wrong, answers, upstream, downstream),
    board: (...items: string[]) => whiteboardPhoto(random, { items, keep, by: person() }),
    procedure: (title: string, ...steps: string[]) => standardProcedure(random, { area, title, steps, by: person() }),
    note: (from: string, to: string, items: string[], remarks?: string) =>
      deliveryNote(random, { from, to, items, by: person(), ...(remarks === undefined ? {} : { remarks }) }),
    contract: (...clauses: string[]) => contractExtract(random, { agreement, clauses }),
  };
}
