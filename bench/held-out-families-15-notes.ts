/**
 * The note shapes of held-out split 15 (bench/held-out-families-15.ts): what a team keeps from talking and
 * deciding — a meeting transcript with speaker turns (a heading with the meeting and the day, then
 * "[mm:ss] Name: …" lines, as a recorder's auto-transcript writes them), a decision-log entry (a numbered
 * title, a status line that may name the entry it supersedes, the day and who decided, then "Context:",
 * "Decision:", "Consequences:"), and a record (a CRM account plan or call note, a contract summary, a lab
 * notebook page: a heading "<kind> · <subject> · <day> · logged by <name>", then "Label: …" fields). Only the
 * framing and the dates are here; each family keeps its own wording. Every draw goes through the family's
 * seeded generator, so a seed always gives the same notes.
 */
import { months } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { twoOf } from './chat-notes.ts';

const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

/** The year every note of the split is dated in (the weekday of a date is the real one). */
export const year = 2041;

interface Day {
  day: number;
  month: number;
}

/** A working day: meetings, decisions and call notes are not dated on a weekend. */
function drawDay(random: Random): Day {
  for (;;) {
    const day = { day: 1 + Math.floor(random() * 28), month: Math.floor(random() * 12) };
    const weekday = new Date(Date.UTC(year, day.month, day.day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
  }
}

const two = (value: number) => String(value).padStart(2, '0');
const weekdayOf = ({ day, month }: Day) => weekdays[new Date(Date.UTC(year, month, day)).getUTCDay()] as string;

/** "Thu 14 Mar 2041": a day as a heading writes it, with its real weekday. */
export function dayHeading(random: Random): string {
  const day = drawDay(random);
  return `${weekdayOf(day)} ${day.day} ${(months[day.month] as string).slice(0, 3)} ${year}`;
}

/** "2041-03-14": a day as a field of a record holds it. */
export function isoDay(random: Random): string {
  const { day, month } = drawDay(random);
  return `${year}-${two(month + 1)}-${two(day)}`;
}

/** One speaker turn of a transcript: who speaks and what the recorder heard. */
export type Turn = readonly [speaker: string, text: string];

/**
 * A meeting transcript: the meeting and its day, then the turns stamped from the start of the recording,
 * each a few seconds to a minute after the one before (a recording starts at 00:00 and lasts under an hour).
 */
export function transcript(random: Random, meeting: string, turns: readonly Turn[]): string {
  let second = Math.floor(random() * 20 * 60);
  const lines = turns.map(([speaker, text]) => {
    second += 4 + Math.floor(random() * 50);
    return `[${two(Math.floor(second / 60))}:${two(second % 60)}] ${speaker}: ${text}`;
  });
  return [`Transcript: ${meeting}, ${dayHeading(random)} (auto-generated, lightly edited)`, ...lines].join('\n');
}

/** Lines spoken in turn by two different people of `staff`: nobody answers their own line. */
export function alternating(random: Random, staff: readonly string[], lines: readonly string[]): Turn[] {
  const [one, another] = twoOf(random, staff);
  return lines.map((line, index) => [index % 2 === 0 ? one : another, line] as const);
}

/** What a decision-log entry says under its title. */
export interface Decision {
  title: string;
  by: string;
  context: string;
  decision: string;
  consequences: string;
  /** Whether the entry replaces an earlier one (its status line then names it). */
  supersedes?: boolean;
}

/**
 * A decision-log entry: "<prefix>-0147: <title>", a status line (accepted, perhaps superseding an earlier,
 * lower-numbered entry) with the day and who decided, then context, decision and consequences.
 */
export function decision(random: Random, prefix: string, entry: Decision): string {
  const number = 100 + Math.floor(random() * 900);
  const earlier = entry.supersedes ? `, supersedes ${prefix}-0${20 + Math.floor(random() * (number - 20))}` : '';
  return [
    `${prefix}-0${number}: ${entry.title}`,
    `Status: accepted${earlier} · ${dayHeading(random)} · decided by ${entry.by}`,
    `Context: ${entry.context}`,
    `Decision: ${entry.decision}`,
    `Consequences: ${entry.consequences}`,
  ].join('\n');
}

/** A record: "<kind> · <subject> · <day> · logged by <author>", then one "Label: text" line per field. */
export function record(
  random: Random,
  kind: string,
  subject: string,
  author: string,
  fields: readonly (readonly [string, string])[],
): string {
  const heading = `${kind} · ${subject} · ${dayHeading(random)} · logged by ${author}`;
  return [heading, ...fields.map(([label, text]) => `${label}: ${text}`)].join('\n');
}
