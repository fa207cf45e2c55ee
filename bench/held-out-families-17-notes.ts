/**
 * The note shapes of held-out split 17 (bench/held-out-families-17.ts): what a site's paperwork and phones keep —
 * a purchase order exported as text (its number, the supplier, when and by whom it was raised, numbered lines of
 * quantity × item at a unit price with the line's total, then labelled fields such as "Deliver to:"), an
 * inspection checklist (a heading with the round, the place, the day and the inspector, then "[x]", "[ ]" and
 * "[n/a]" items, an open item saying what was found, and a sign-off), an internal tool's release notes (the
 * tool, its version and release day, then bullets under "Added", "Changed", "Fixed" and "Known issues", some of
 * them about other things) and a voice memo's automatic transcript (who recorded it, when, how long, then the
 * spoken lines in lower case with their "um"s and "uh"s). Only the framing, the handles, the numbers and the
 * dates are here; each family keeps its own wording. Every draw goes through the family's seeded generator, so a
 * seed always gives the same notes.
 */
import { pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';

/** The year every note of the split is dated in (the weekday of a date is the real one). */
export const year = 2043;

const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const longWeekdays = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const longMonths = 'January February March April May June July August September October November December'.split(' ');
const two = (value: number) => String(value).padStart(2, '0');

/**
 * A working day in `months` (January is 0), as a UTC midnight: paperwork is not dated on a weekend. The notes are
 * the first quarter's paperwork, and the days they look forward to (a visit booked, a quote's expiry) come later.
 */
function drawDay(random: Random, months: readonly [number, number] = [0, 3]): Date {
  const [first, end] = months;
  for (;;) {
    const month = first + Math.floor(random() * (end - first));
    const day = new Date(Date.UTC(year, month, 1 + Math.floor(random() * 28)));
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day;
  }
}

const iso = (day: Date) => day.toISOString().slice(0, 10);
const heading = (day: Date) =>
  `${weekdays[day.getUTCDay()]} ${day.getUTCDate()} ${monthNames[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
const clock = (minute: number) => `${two(Math.floor(minute / 60))}:${two(minute % 60)}`;

/**
 * "Thursday 12 November 2043": a day from April to November written out in full, the way the split's date answers
 * are, so it is after every note's own day. No framing line writes a day this way, and the weekday keeps
 * "2 May" from being part of "12 May".
 */
export const spelledDay = (random: Random): string => {
  const day = drawDay(random, [3, 11]);
  return `${longWeekdays[day.getUTCDay()]} ${day.getUTCDate()} ${longMonths[day.getUTCMonth()]} ${year}`;
};

/** Handles as the site's systems show them ("kosei"): an initial and a surname, lower case, distinct. */
export function handles(random: Random, count: number, forenames: readonly string[], surnames: readonly string[]) {
  const seen = new Set<string>();
  while (seen.size < count) seen.add(`${pick(random, forenames).charAt(0)}${pick(random, surnames)}`.toLowerCase());
  return [...seen];
}

/** "£12.40": a price in pounds and pence; no line total reaches £1,000, so none is written with a comma. */
const pounds = (pence: number) => `£${Math.floor(pence / 100)}.${two(pence % 100)}`;

/**
 * One line of a purchase order: how many of what, and whether it is goods (£2 to £80 each) or a service (£120 to
 * £950, bought once). The unit price is drawn here.
 */
export interface OrderLine {
  quantity: number;
  item: string;
  service?: boolean;
}

/**
 * A purchase order as the purchasing system exports it: "PO-0371 · <supplier> · raised <ISO day> by @<handle>",
 * numbered lines "1. 6 × <item> @ £12.40 = £74.40", then each labelled field ("Deliver to: …", "Note: …").
 * Order numbers are a zero and three digits, so no four-digit code of a family is part of one.
 */
export function purchaseOrder(
  random: Random,
  order: { by: string; supplier: string; lines: readonly OrderLine[]; fields: readonly (readonly [string, string])[] },
): string {
  const number = `PO-0${100 + Math.floor(random() * 900)}`;
  const lines = order.lines.map(({ quantity, item, service }, index) => {
    const price = service ? 12_000 + Math.floor(random() * 83_000) : 200 + Math.floor(random() * 7800);
    return `${index + 1}. ${quantity} × ${item} @ ${pounds(price)} = ${pounds(price * quantity)}`;
  });
  return [
    `${number} · ${order.supplier} · raised ${iso(drawDay(random))} by @${order.by}`,
    ...lines,
    ...order.fields.map(([label, value]) => `${label}: ${value}`),
  ].join('\n');
}

/** An item of a checklist: ticked, open (with what was found) or not applicable. */
export type CheckItem = { done: string } | { open: string; found: string } | { skipped: string };

/**
 * An inspection checklist: "Checklist: <round> · <place> · <ISO day> · @<inspector>", one line per item ("[x] …",
 * "[ ] … — found: …", "[n/a] …"), and "Signed off by @<inspector> <ISO day> <hh:mm>" the same afternoon.
 */
export function checklist(
  random: Random,
  sheet: { round: string; place: string; by: string; items: readonly CheckItem[] },
): string {
  const day = iso(drawDay(random));
  const items = sheet.items.map((item) => {
    if ('done' in item) return `[x] ${item.done}`;
    if ('open' in item) return `[ ] ${item.open} — found: ${item.found}`;
    return `[n/a] ${item.skipped}`;
  });
  return [
    `Checklist: ${sheet.round} · ${sheet.place} · ${day} · @${sheet.by}`,
    ...items,
    `Signed off by @${sheet.by} ${day} ${clock(13 * 60 + Math.floor(random() * 4 * 60))}`,
  ].join('\n');
}

/** The sections release notes use, in the order they are written. */
export const releaseSections = ['Added', 'Changed', 'Fixed', 'Known issues'] as const;
export type ReleaseSection = (typeof releaseSections)[number];

/** Bullets any internal tool's release notes carry beside the ones about a family's things. */
const everyToolsBullets: readonly (readonly [ReleaseSection, string])[] = [
  ['Fixed', 'The export button did nothing in some browsers.'],
  ['Fixed', 'Search ignored accented letters.'],
  ['Added', 'Dark mode, under your profile.'],
  ['Changed', 'Sessions now time out after eight hours.'],
  ['Known issues', 'Printing from a tablet cuts off the right margin.'],
  ['Added', 'A column picker on every list page.'],
];

/**
 * An internal tool's release notes: "<tool> <major>.<minor>.<patch> · released <Thu 12 Mar 2043>" (the minor
 * version is the month of release), then the sections in their usual order, each a heading and "- " bullets.
 * The family's bullets come with zero to two of `everyToolsBullets`, in a drawn order within each section.
 */
export function releaseNotes(
  random: Random,
  notes: { tool: string; major: number; bullets: readonly (readonly [ReleaseSection, string])[] },
): string {
  const day = drawDay(random);
  const extra = shuffled(random, everyToolsBullets).slice(0, Math.floor(random() * 3));
  const bullets = shuffled(random, [...notes.bullets, ...extra]);
  const lines = [
    `${notes.tool} ${notes.major}.${day.getUTCMonth() + 1}.${Math.floor(random() * 6)} · released ${heading(day)}`,
  ];
  for (const section of releaseSections) {
    const under = bullets.filter(([at]) => at === section);
    if (under.length > 0) lines.push(section, ...under.map(([, text]) => `- ${text}`));
  }
  return lines.join('\n');
}

/** The sounds a speaker fills pauses with, as the transcriber writes them. */
export const fillers = ['um', 'uh', 'er', 'so', 'like', 'right', 'okay'] as const;

/** A filler word, for a family's transcript lines. */
export const filler = (random: Random): string => pick(random, fillers);

/**
 * A voice memo's automatic transcript: "Voice memo · @<handle> · <Thu 12 Mar 2043> <hh:mm> · <m:ss>", then the
 * spoken lines as written (lower case, no full stops). Its length is what the words take at two to three words a
 * second.
 */
export function voiceMemo(random: Random, memo: { by: string; lines: readonly string[] }): string {
  const words = memo.lines.join(' ').split(/\s+/).length;
  const seconds = Math.round(words / (2 + random()));
  const at = clock(7 * 60 + Math.floor(random() * 11 * 60));
  return [
    `Voice memo · @${memo.by} · ${heading(drawDay(random))} ${at} · ${Math.floor(seconds / 60)}:${two(seconds % 60)}`,
    ...memo.lines,
  ].join('\n');
}
