/**
 * The note shapes of held-out split 16 (bench/held-out-families-16.ts): what a company's tools keep — an
 * issue-tracker thread (a heading with the ticket key, its title and its current status, a "Reported by" line,
 * then comments and status moves by handle, so a ticket may be resolved, reopened and resolved again), a chat
 * channel export (the channel and the day, then "hh:mm handle: …" lines, a reply saying whom it answers), a
 * configuration commit (a heading with the short hash, the author, the day and the message, the file's path, then
 * the diff's YAML lines marked " ", "-" or "+", so a changed value stands removed beside its replacement) and a
 * calendar entry ("Event:", "When:", "Where:", "Organiser:", "Notes:"). Only the framing, the handles and the
 * dates are here; each family keeps its own wording. Every draw goes through the family's seeded generator, so a
 * seed always gives the same notes.
 */
import { pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

/** The year every note of the split is dated in (the weekday of a date is the real one). */
export const year = 2042;

const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const two = (value: number) => String(value).padStart(2, '0');

/**
 * A working day before December, as a UTC midnight: notes are not dated on a weekend, and a thread's later
 * comments stay within the year.
 */
function drawDay(random: Random): Date {
  for (;;) {
    const day = new Date(Date.UTC(year, Math.floor(random() * 11), 1 + Math.floor(random() * 28)));
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day;
  }
}

const heading = (day: Date) =>
  `${weekdays[day.getUTCDay()]} ${day.getUTCDate()} ${monthNames[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
const iso = (day: Date) => day.toISOString().slice(0, 10);
const clock = (minute: number) => `${two(Math.floor(minute / 60))}:${two(minute % 60)}`;

/** "Tue 18 Mar 2042": a day as a heading writes it, with its real weekday. */
export const dayHeading = (random: Random): string => heading(drawDay(random));

/** "2042-03-18": a day as a field holds it. */
export const isoDay = (random: Random): string => iso(drawDay(random));

/** Handles as a company's tools show them ("mkovacs"): an initial and a surname, lower case, distinct. */
export function handles(random: Random, count: number, forenames: readonly string[], surnames: readonly string[]) {
  const seen = new Set<string>();
  while (seen.size < count) seen.add(`${pick(random, forenames).charAt(0)}${pick(random, surnames)}`.toLowerCase());
  return [...seen];
}

/** Two different handles, for a question and its answer. */
export function twoOf(random: Random, staff: readonly string[]): [string, string] {
  const one = pick(random, staff);
  return [
    one,
    pick(
      random,
      staff.filter((handle) => handle !== one),
    ),
  ];
}

/** A ticket's status; a new ticket is Open. */
export type Status = 'Open' | 'In progress' | 'Resolved' | 'Reopened' | 'Closed';

/** What happens on a ticket: a comment, or a move to another status. */
export type ThreadEvent = { by: string; says: string } | { by: string; moves: Status };

/**
 * An issue-tracker thread: "<KEY>-<n> · <title> · <status now>", who reported it (the first event's author) and when,
 * then each comment and status move with its time, a few minutes to a day after the one before.
 */
export function thread(
  random: Random,
  project: string,
  ticket: { title: string; component: string; events: readonly [ThreadEvent, ...ThreadEvent[]] },
): string {
  let minute = 8 * 60 + Math.floor(random() * 9 * 60);
  const start = drawDay(random);
  // The reporter's first line is written when the ticket is opened; the rest follow.
  const stamp = (index: number) => {
    if (index > 0) minute += 7 + Math.floor(random() * 26 * 60);
    const at = new Date(start.getTime() + minute * 60_000);
    return `${iso(at)} ${clock(at.getUTCHours() * 60 + at.getUTCMinutes())}`;
  };
  let status: Status = 'Open';
  const lines = ticket.events.map((event, index) => {
    const at = stamp(index);
    if ('says' in event) return `@${event.by} commented ${at}: ${event.says}`;
    const line = `@${event.by} changed status ${status} → ${event.moves} ${at}`;
    status = event.moves;
    return line;
  });
  const key = `${project}-${1000 + Math.floor(random() * 9000)}`;
  return [
    `${key} · ${ticket.title} · ${status}`,
    `Reported by @${ticket.events[0].by} on ${heading(start)} · component: ${ticket.component}`,
    ...lines,
  ].join('\n');
}

/** One line of a chat channel: who wrote it, what, and (for a reply) the line it answers, by index. */
export interface ChatLine {
  by: string;
  text: string;
  replyTo?: number;
}

/** A chat channel's export for one day: "#channel · <day>", then "hh:mm handle: …" lines a minute or more apart. */
export function chat(random: Random, channel: string, lines: readonly ChatLine[]): string {
  let minute = 8 * 60 + Math.floor(random() * 9 * 60);
  const written = lines.map(({ by, text, replyTo }) => {
    minute += 1 + Math.floor(random() * 12);
    const to = replyTo === undefined ? '' : ` (reply to ${(lines[replyTo] as ChatLine).by})`;
    return `${clock(minute)} ${by}${to}: ${text}`;
  });
  return [`#${channel} · ${dayHeading(random)}`, ...written].join('\n');
}

/** Two handles' exchange in a channel: each line after the first replies to the one before it. */
export function exchange(random: Random, channel: string, staff: readonly string[], ...texts: string[]): string {
  const [one, another] = twoOf(random, staff);
  return chat(
    random,
    channel,
    texts.map((text, index) => ({
      by: index % 2 === 0 ? one : another,
      text,
      ...(index > 0 ? { replyTo: index - 1 } : {}),
    })),
  );
}

/** A line of a diff: kept (" "), removed ("-") or added ("+"). */
export type DiffLine = readonly [' ' | '-' | '+', string];

/**
 * A configuration commit: "commit <hash> · @author · <day> · <message>", the file's path, then the diff of the
 * YAML it changed.
 */
export function commit(
  random: Random,
  change: { author: string; message: string; path: string; diff: readonly DiffLine[] },
): string {
  const hash = Array.from({ length: 7 }, () => '0123456789abcdef'.charAt(Math.floor(random() * 16))).join('');
  return [
    `commit ${hash} · @${change.author} · ${dayHeading(random)} · ${change.message}`,
    change.path,
    ...change.diff.map(([mark, text]) => `${mark} ${text}`),
  ].join('\n');
}

/**
 * A calendar entry: its title, day and time, place, an organiser and one or two guests drawn from `staff` (never
 * the organiser), and the notes written in it.
 */
export function calendar(
  random: Random,
  staff: readonly string[],
  entry: { title: string; where: string; notes: string },
): string {
  const start = 8 * 4 + Math.floor(random() * 9 * 4);
  const length = pick(random, [1, 2, 4]);
  const [organiser, guest] = twoOf(random, staff);
  const guests = [guest, pick(random, staff)].filter(
    (name, index, all) => name !== organiser && all.indexOf(name) === index,
  );
  return [
    `Event: ${entry.title}`,
    `When: ${dayHeading(random)}, ${clock(start * 15)}–${clock((start + length) * 15)}`,
    `Where: ${entry.where}`,
    `Organiser: @${organiser} · Guests: ${guests.map((name) => `@${name}`).join(', ')}`,
    `Notes: ${entry.notes}`,
  ].join('\n');
}
