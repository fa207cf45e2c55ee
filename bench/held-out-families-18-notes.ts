/**
 * The note shapes of held-out split 18 (bench/held-out-families-18.ts): what a site's systems and phones keep
 * when nobody writes prose — a maintenance work order as the CMMS prints it (its number, who raised it and when,
 * its priority, labelled fields such as "Asset:" or "Work done:", and a closing line with the day and the hours
 * booked), an on-call phone's SMS thread (the day, then time-stamped texts from the pager gateway and from people,
 * in order), a kanban card exported as text (its number, board and column, a title, labels and dated comments) and
 * a block of a spreadsheet pasted as tab-separated text (where it was pasted from, a header row and rows). Only the
 * framing, the handles, the numbers and the dates are here; each family keeps its own wording. Every draw goes
 * through the family's seeded generator, so a seed always gives the same notes.
 */
import { pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

/** The year every note of the split is dated in (the weekday of a date is the real one). */
export const year = 2044;

const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const two = (value: number) => String(value).padStart(2, '0');

/** A working day of the first quarter, as a UTC midnight: the notes are one quarter's records. */
function drawDay(random: Random): Date {
  for (;;) {
    const day = new Date(Date.UTC(year, Math.floor(random() * 3), 1 + Math.floor(random() * 25)));
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day;
  }
}

const iso = (day: Date) => day.toISOString().slice(0, 10);
const later = (day: Date, days: number) => new Date(day.getTime() + days * 86_400_000);
const heading = (day: Date) =>
  `${weekdays[day.getUTCDay()]} ${day.getUTCDate()} ${monthNames[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
const clock = (minute: number) => `${two(Math.floor(minute / 60))}:${two(minute % 60)}`;

/** Handles as the site's systems show them ("rsingh"): an initial and a surname, lower case, distinct. */
export function handles(random: Random, count: number, forenames: readonly string[], surnames: readonly string[]) {
  const seen = new Set<string>();
  while (seen.size < count) seen.add(`${pick(random, forenames).charAt(0)}${pick(random, surnames)}`.toLowerCase());
  return [...seen];
}

/**
 * A maintenance work order as the CMMS prints it: "WO-52817 · raised 2044-02-11 by @<handle> · P3", one
 * "<Label>: <value>" line per field, and "Closed 2044-02-13 · 1.5 h booked" zero to three days later. Work-order
 * numbers are five digits after "WO-", hours a whole or half number below ten.
 */
export function workOrder(
  random: Random,
  order: { by: string; fields: readonly (readonly [string, string])[] },
): string {
  const opened = drawDay(random);
  const closed = later(opened, Math.floor(random() * 4));
  const hours = (1 + Math.floor(random() * 16)) / 2;
  return [
    `WO-${30_000 + Math.floor(random() * 60_000)} · raised ${iso(opened)} by @${order.by} · P${1 + Math.floor(random() * 4)}`,
    ...order.fields.map(([label, value]) => `${label}: ${value}`),
    `Closed ${iso(closed)} · ${hours.toFixed(1)} h booked`,
  ].join('\n');
}

/**
 * An on-call phone's SMS thread: "SMS · on-call phone · <Tue 11 Feb 2044>", then one text a line, "02:14 PAGER:
 * …" or "02:19 @<handle>: …", one to nine minutes apart. `from` is a handle, or undefined for the pager gateway.
 */
export function smsThread(random: Random, texts: readonly (readonly [string | undefined, string])[]): string {
  let minute = Math.floor(random() * 22 * 60);
  const lines = texts.map(([from, text]) => {
    minute += 1 + Math.floor(random() * 9);
    return `${clock(minute)} ${from === undefined ? 'PAGER' : `@${from}`}: ${text}`;
  });
  return [`SMS · on-call phone · ${heading(drawDay(random))}`, ...lines].join('\n');
}

/** The columns a kanban board's cards sit in. */
export const columns = ['To do', 'Doing', 'Blocked', 'Done'] as const;

/** What a card's owner adds later, about the card rather than its subject. */
const followUps = ['chased, no reply yet', 'moving this on', 'any update?', 'done, closing'];

/**
 * A kanban card exported as text: "Card #482 · <board> board · <column>", "Title: …", "Labels: …", then one
 * comment a line (half the cards with a follow-up), "@<handle> 2044-02-11: …", in date order a day or more apart.
 */
export function kanbanCard(
  random: Random,
  card: { board: string; title: string; labels: readonly string[]; comments: readonly (readonly [string, string])[] },
): string {
  let day = drawDay(random);
  // Half the cards carry a follow-up from the same person after the family's comments, as real cards do.
  const followUp = random() < 0.5 ? [[card.comments[0]?.[0] ?? 'admin', pick(random, followUps)] as const] : [];
  const comments = [...card.comments, ...followUp].map(([by, text]) => {
    const line = `@${by} ${iso(day)}: ${text}`;
    day = later(day, 1 + Math.floor(random() * 3));
    return line;
  });
  return [
    `Card #${100 + Math.floor(random() * 900)} · ${card.board} board · ${pick(random, columns)}`,
    `Title: ${card.title}`,
    `Labels: ${card.labels.join(', ')}`,
    ...comments,
  ].join('\n');
}

/**
 * A block of a spreadsheet pasted as tab-separated text: "Pasted from <sheet>.xlsx · 2044-02-11 · @<handle>",
 * a header row and rows, every row as wide as the header.
 */
export function pastedSheet(
  random: Random,
  sheet: { name: string; by: string; header: readonly string[]; rows: readonly (readonly string[])[] },
): string {
  return [
    `Pasted from ${sheet.name}.xlsx · ${iso(drawDay(random))} · @${sheet.by}`,
    sheet.header.join('\t'),
    ...sheet.rows.map((row) => row.join('\t')),
  ].join('\n');
}
