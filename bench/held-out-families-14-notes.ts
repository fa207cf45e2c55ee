/**
 * The note shapes of held-out split 14 (bench/held-out-families-14.ts): what an operations team keeps from
 * running a site round the clock — a post-incident review (a title, the day, severity and author, a
 * summary, a timeline of time-stamped lines, a root cause, actions), an on-call handover (the shift, the
 * day, who hands over to whom, then "- " bullets), and a spreadsheet export pasted as lines (the file
 * name and export day, a header row, comma-separated rows, sometimes a "# " comment). Only the framing and
 * the dates are here; each family keeps its own wording. Every draw goes through the family's seeded
 * generator, so a seed always gives the same notes.
 */
import { months, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

/** The year every note of the split is dated in (the weekday of a date is the real one). */
const year = 2040;

interface Day {
  day: number;
  month: number;
}

/** Any day of the year: a site running round the clock has incidents and handovers at weekends too. */
function drawDay(random: Random): Day {
  return { day: 1 + Math.floor(random() * 28), month: Math.floor(random() * 12) };
}

const two = (value: number) => String(value).padStart(2, '0');
const weekdayOf = ({ day, month }: Day) => weekdays[new Date(Date.UTC(year, month, day)).getUTCDay()] as string;
const shortMonth = (month: number) => (months[month] as string).slice(0, 3);
const iso = ({ day, month }: Day) => `${year}-${two(month + 1)}-${two(day)}`;

/** "Sat 14 Mar 2040": a day as a review or a handover heads it, with its real weekday. */
export function dayHeading(random: Random): string {
  const day = drawDay(random);
  return `${weekdayOf(day)} ${day.day} ${shortMonth(day.month)} ${year}`;
}

/** "2040-03-14": a day as a spreadsheet cell holds it. */
export function cellDay(random: Random): string {
  return iso(drawDay(random));
}

/** What a post-incident review says beside its timeline. */
export interface Review {
  author: string;
  summary: string;
  /** Lines of the timeline, in order; each gets a time stamp a few minutes after the one before. */
  timeline: readonly string[];
  cause: string;
  actions: readonly string[];
}

/**
 * A post-incident review: title, day, severity and author, summary, a timeline stamped in order from a
 * random start (wrapping past midnight is not drawn: a start before 20:00 leaves room for the lines),
 * root cause and actions.
 */
export function review(random: Random, title: string, { author, summary, timeline, cause, actions }: Review): string {
  const heading = `Post-incident review: ${title}`;
  const meta = `${dayHeading(random)} · severity ${pick(random, ['S1', 'S2', 'S3'])} · written up by ${author}`;
  let minute = Math.floor(random() * 20 * 60);
  const stamped = timeline.map((line) => {
    minute += 2 + Math.floor(random() * 25);
    return `${two(Math.floor(minute / 60))}:${two(minute % 60)} ${line}`;
  });
  return [
    heading,
    meta,
    `Summary: ${summary}`,
    'Timeline:',
    ...stamped,
    `Root cause: ${cause}`,
    `Actions: ${actions.join('; ')}`,
  ].join('\n');
}

/** An on-call handover: the team and shift, the day, who hands over to whom, then bullets. */
export function handover(random: Random, team: string, from: string, to: string, bullets: readonly string[]): string {
  const shift = pick(random, ['night → day', 'day → night']);
  const heading = `Handover, ${team}, ${shift}, ${dayHeading(random)}: ${from} to ${to}`;
  return [heading, ...bullets.map((bullet) => `- ${bullet}`)].join('\n');
}

/** A spreadsheet export pasted as lines: the file and its export day, the header row, the rows, a comment. */
export function sheet(
  random: Random,
  file: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  comment?: string,
): string {
  const lines = [`${file} (exported ${cellDay(random)})`, header.join(','), ...rows.map((row) => row.join(','))];
  return [...lines, ...(comment === undefined ? [] : [`# ${comment}`])].join('\n');
}
