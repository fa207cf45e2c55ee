/**
 * The note shapes of held-out split 12 (bench/held-out-families-12.ts): operations knowledge as a team
 * writes it down while working — meeting minutes ("Decision:", "Action: @name"), ticket comments and
 * chat lines — with short dates, relative dates beside absolute ones ("yesterday (3 Mar)"), quarters and
 * the usual abbreviations. Only the framing and the dates are here; each family keeps its own wording.
 * Every draw goes through the family's seeded generator, so a seed always gives the same notes.
 */
import { months, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const weekdays = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
const short = (name: string) => name.slice(0, 3);

/** The year every date of the split falls in (the weekday of a date is the real one). */
const year = 2038;

interface Day {
  day: number;
  month: number;
}

/** A working day: minutes, tickets and audits are not dated on a weekend. */
function drawDay(random: Random): Day {
  for (;;) {
    const day = { day: 1 + Math.floor(random() * 28), month: Math.floor(random() * 12) };
    const weekday = new Date(Date.UTC(year, day.month, day.day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
  }
}

function weekdayOf({ day, month }: Day): string {
  return weekdays[new Date(Date.UTC(year, month, day)).getUTCDay()] as string;
}

/** "3 Mar": how a chat line or a ticket writes a day. */
export function shortDate(random: Random): string {
  const day = drawDay(random);
  return `${day.day} ${short(months[day.month] as string)}`;
}

/**
 * A date as the split's answers write it, with its real weekday ("Tuesday 14 September 2038"): no other
 * date of the split is written this way, and the weekday keeps "4 …" from being part of "14 …".
 */
export function longDate(random: Random): string {
  const day = drawDay(random);
  return `${weekdayOf(day)} ${day.day} ${months[day.month]} ${year}`;
}

/** A relative date beside its absolute one, as people write them in a hurry. */
export function when(random: Random): string {
  const day = drawDay(random);
  const month = short(months[day.month] as string);
  const weekday = short(weekdayOf(day));
  const iso = `${year}-${String(day.month + 1).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
  return pick(random, [
    `yesterday (${day.day} ${month})`,
    `last ${weekday} (${day.day} ${month})`,
    `on ${weekday} ${day.day} ${month}`,
    `w/c ${day.day} ${month}`,
    `today, ${iso}`,
    `earlier this week (${weekday} ${day.day}/${day.month + 1})`,
  ]);
}

/** "Q3". */
export const quarter = (random: Random) => `Q${1 + Math.floor(random() * 4)}`;

/** "@Kim": a chat mention of a colleague by first name. */
export const mention = (person: string) => `@${person.split(' ')[0]}`;

/** A meeting's minutes: a header line with the meeting and its day, then the lines as written. */
export function minutes(random: Random, meeting: string, lines: readonly string[]): string {
  const day = drawDay(random);
  const header = `${meeting}, ${short(weekdayOf(day))} ${day.day} ${short(months[day.month] as string)}`;
  return [header, ...lines].join('\n');
}

/** A comment on a ticket: its key, who wrote it, and the text. */
export function ticket(random: Random, project: string, author: string, text: string): string {
  return `${project}-${1000 + Math.floor(random() * 9000)} · comment by ${author}: ${text}`;
}

/** One or two chat lines, each with a time stamp and its speaker. */
export function chat(random: Random, ...lines: readonly (readonly [string, string])[]): string {
  const hour = 8 + Math.floor(random() * 10);
  const start = Math.floor(random() * 50);
  return lines
    .map(([speaker, text], index) => {
      // A reply comes a few minutes after the line it answers.
      const minute = start + index * (1 + Math.floor(random() * 4));
      return `[${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}] ${speaker}: ${text}`;
    })
    .join('\n');
}

/**
 * The values `wrong` allows beside both names, for a distractor that names two entities of a family
 * (bench/handbook-company.ts's `wrong` lists the values allowed beside one).
 */
export function besideBoth(wrong: (name: string) => string[], one: string, other: string): string[] {
  const allowed = new Set(wrong(other));
  return wrong(one).filter((value) => allowed.has(value));
}

/**
 * Whether `downstream` may lie on a chain through `upstream` (a start before a bridge, a first bridge before a
 * second): every answer reached through `downstream` is reached through `upstream` too. `values` are the
 * family's values of the asked kind. A distractor that names two entities pairs them only where this is
 * false, so its other relation ("pitched for … but lost it") never restates or contradicts a true link.
 * It errs on the side of true: a start's three-hop chain counts as its own.
 */
export function mayShareChain(
  wrong: (name: string) => string[],
  values: readonly string[],
  upstream: string,
  downstream: string,
): boolean {
  const reached = (name: string) => {
    const allowed = new Set(wrong(name));
    return values.filter((value) => !allowed.has(value));
  };
  const throughUpstream = new Set(reached(upstream));
  return reached(downstream).every((value) => throughUpstream.has(value));
}

/** Two different people from `list`, for a question and its reply in a chat. */
export function twoOf(random: Random, list: readonly string[]): [string, string] {
  const first = pick(random, list);
  return [
    first,
    pick(
      random,
      list.filter((name) => name !== first),
    ),
  ];
}
