/**
 * The note shapes of held-out split 13 (bench/held-out-families-13.ts): what a team's mailbox and wiki hold
 * — an e-mail with its header, a reply above the message it quotes ("On Tue 3 Mar at 08:41, … wrote:" and
 * "> " lines) and a sign-off, or one revision of a wiki page (its header with the editor and the byte
 * delta, removed "- " and added "+ " table rows, an edit summary). Only the framing and the dates are here;
 * each family keeps its own wording. Every draw goes through the family's seeded generator, so a seed always
 * gives the same notes.
 */
import { months, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

/** The year every note of the split is dated in (the weekday of a date is the real one). */
const year = 2039;

interface Moment {
  day: number;
  month: number;
  hour: number;
  minute: number;
}

/** A moment in working hours on a working day: nobody here mails or edits the wiki at weekends. */
function drawMoment(random: Random): Moment {
  for (;;) {
    const day = 1 + Math.floor(random() * 28);
    const month = Math.floor(random() * 12);
    const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    return { day, month, hour: 9 + Math.floor(random() * 8), minute: Math.floor(random() * 60) };
  }
}

const two = (value: number) => String(value).padStart(2, '0');
const clock = ({ hour, minute }: Moment) => `${two(hour)}:${two(minute)}`;
const dayOf = ({ day, month }: Moment) =>
  `${weekdays[new Date(Date.UTC(year, month, day)).getUTCDay()]} ${day} ${(months[month] as string).slice(0, 3)}`;

/** One message of a thread: who wrote it and its lines. */
export interface Message {
  from: string;
  lines: readonly string[];
}

/**
 * An e-mail: subject, sender and time, the reply's lines, the sender's sign-off, and — for a reply — the
 * message it answers quoted below it, sent earlier the same day. The subject gets "Re: " on a reply.
 */
export function email(random: Random, subject: string, reply: Message, quoted?: Message): string {
  const sent = drawMoment(random);
  const first = reply.from.split(' ')[0] as string;
  const signOff = pick(random, [first, `Thanks, ${first}`, `Cheers, ${first}`, `${first.slice(0, 1)}.`]);
  const head = [`Subject: ${quoted ? 'Re: ' : ''}${subject}`, `From: ${reply.from}, ${dayOf(sent)} ${clock(sent)}`];
  const body = [...reply.lines, signOff];
  if (!quoted) return [...head, ...body].join('\n');
  // The quoted message came earlier that day: at least a few minutes before the reply.
  const minutes = sent.hour * 60 + sent.minute - 5 - Math.floor(random() * 90);
  const asked = { ...sent, hour: Math.floor(minutes / 60), minute: minutes % 60 };
  const quote = [
    `On ${dayOf(asked)} at ${clock(asked)}, ${quoted.from} wrote:`,
    ...quoted.lines.map((line) => `> ${line}`),
  ];
  return [...head, ...body, '', ...quote].join('\n');
}

/**
 * One revision of a wiki page: the page, the revision number, the day and time (ISO, as a wiki's history
 * shows it), the editor and the size change, then the lines as given ("- old row", "+ new row",
 * "Summary: …").
 */
export function wikiEdit(random: Random, page: string, editor: string, lines: readonly string[]): string {
  const saved = drawMoment(random);
  const date = `${year}-${two(saved.month + 1)}-${two(saved.day)}`;
  const delta = Math.floor(random() * 400) - 120;
  const header = `${page} · r${100 + Math.floor(random() * 900)} · ${date} ${clock(saved)} · ${editor} (${delta < 0 ? '' : '+'}${delta} bytes)`;
  return [header, ...lines].join('\n');
}

/** "Tue 3 Mar": a working day as a mail body writes it. */
export function mailDay(random: Random): string {
  return dayOf(drawMoment(random));
}
