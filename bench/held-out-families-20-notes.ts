/**
 * The note shapes of held-out split 20 (bench/held-out-families-20.ts): what a company's finance, audit and
 * meeting tools keep — a supplier's invoice with its remittance advice torn off below (the invoice number, issue
 * day and terms, supplier and who is billed, numbered items with amounts, the total and the day it is due, then the
 * remittance: paid when, how, approved by whom, and an optional memo), an internal audit finding (the audit, the
 * finding's number of how many and its rating, then Condition, Criteria, Recommendation, the management response
 * with who gave it and when, and the agreed action's due day), a meeting agenda (the meeting, weekday, day, time and
 * room, its chair, numbered items with their minutes and sub-points, and AOB) and the text export of a slide (the
 * deck, the slide's number of how many, who exported it and when, the slide's title, its bullets and its speaker
 * notes). Only the framing, the numbers and the dates are here; each family keeps its own wording. Every draw goes
 * through the family's seeded generator, so a seed always gives the same notes.
 */
import { mayShareChain } from './chat-notes.ts';
import { pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

export { handles, inTurn } from './held-out-families-19-notes.ts';

/** The year every note of the split is dated in. */
export const year = 2046;

const two = (value: number) => String(value).padStart(2, '0');
const weekdays = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** A working day of the first quarter, as a UTC midnight: the notes are one quarter's papers. */
function drawDay(random: Random): Date {
  for (;;) {
    const day = new Date(Date.UTC(year, Math.floor(random() * 3), 1 + Math.floor(random() * 25)));
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day;
  }
}

const iso = (day: Date) => day.toISOString().slice(0, 10);
const later = (day: Date, days: number) => new Date(day.getTime() + days * 86_400_000);
/** "£1,204.50" from a number of pence. */
const pounds = (pence: number) =>
  `£${String(Math.floor(pence / 100)).replace(/\B(?=(?:\d{3})+$)/gu, ',')}.${two(pence % 100)}`;

/**
 * A supplier's invoice with the remittance advice below it: "INVOICE 204817 · issued 2046-02-11 · terms 30 days",
 * "Supplier: …", "Bill to: …", items "Item 1: … — £412.50", "Total £500.50 · due 2046-03-13" (the issue day plus
 * the terms), then "✂ REMITTANCE ADVICE · invoice 204817", "Paid 2046-03-02 · BACS · approved @<handle>" (on or
 * after the issue day, by the due day) and an optional "Memo: …".
 */
export function invoice(
  random: Random,
  bill: { supplier: string; billTo: string; items: readonly string[]; memo?: string; by: string },
): string {
  const number = 200_000 + Math.floor(random() * 100_000);
  const issued = drawDay(random);
  const terms = pick(random, [14, 30, 60]);
  const due = later(issued, terms);
  const paid = later(issued, Math.floor(random() * (terms + 1)));
  const amounts = bill.items.map(() => 500 + Math.floor(random() * 150_000));
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  return [
    `INVOICE ${number} · issued ${iso(issued)} · terms ${terms} days`,
    `Supplier: ${bill.supplier}`,
    `Bill to: ${bill.billTo}`,
    ...bill.items.map((item, index) => `Item ${index + 1}: ${item} — ${pounds(amounts[index] as number)}`),
    `Total ${pounds(total)} · due ${iso(due)}`,
    `✂ REMITTANCE ADVICE · invoice ${number}`,
    `Paid ${iso(paid)} · ${pick(random, ['BACS', 'CHAPS', 'card'])} · approved @${bill.by}`,
    ...(bill.memo === undefined ? [] : [`Memo: ${bill.memo}`]),
  ].join('\n');
}

/**
 * An internal audit finding: "Internal audit IA-46-07 · <audit> · finding 3 of 8 · rated Medium", then
 * "Condition: …", "Criteria: …", "Recommendation: …", "Management response (@<handle>, 2046-02-11): …" and
 * "Agreed action due 2046-05-29", six to twelve weeks after the response.
 */
export function auditFinding(
  random: Random,
  finding: {
    audit: string;
    condition: string;
    criteria: string;
    recommendation: string;
    response: string;
    by: string;
  },
): string {
  const of = 4 + Math.floor(random() * 9);
  const number = 1 + Math.floor(random() * of);
  const responded = drawDay(random);
  return [
    `Internal audit IA-46-${two(1 + Math.floor(random() * 20))} · ${finding.audit} · finding ${number} of ${of} · rated ${pick(random, ['Low', 'Medium', 'High'])}`,
    `Condition: ${finding.condition}`,
    `Criteria: ${finding.criteria}`,
    `Recommendation: ${finding.recommendation}`,
    `Management response (@${finding.by}, ${iso(responded)}): ${finding.response}`,
    `Agreed action due ${iso(later(responded, 7 * (6 + Math.floor(random() * 7))))}`,
  ].join('\n');
}

/** An agenda item: its text, and the sub-points written under it ("   – …"). */
export type AgendaItem = string | readonly [string, ...string[]];

/**
 * A meeting agenda: "AGENDA · <meeting> · Thu 12 Feb 2046 10:00–11:00 · room 2.14 · chair @<handle>", the
 * opening item, the caller's items numbered on, each with its minutes ("(10 min)") and now and then an owner, their
 * sub-points indented "   – …", and "AOB" last. The items' minutes add up to the meeting's length at most.
 */
export function agenda(
  random: Random,
  meeting: { name: string; items: readonly AgendaItem[]; by: string; people: readonly string[] },
): string {
  const day = drawDay(random);
  const start = 9 + Math.floor(random() * 7);
  const length = pick(random, [60, 90]);
  const end = start * 60 + length;
  const lines = [
    `AGENDA · ${meeting.name} · ${weekdays[day.getUTCDay()]} ${day.getUTCDate()} ${monthNames[day.getUTCMonth()]} ${year} ` +
      `${two(start)}:00–${two(Math.floor(end / 60))}:${two(end % 60)} · room ${1 + Math.floor(random() * 4)}.${two(1 + Math.floor(random() * 20))} · chair @${meeting.by}`,
    '1. Apologies and actions from last time (5 min)',
  ];
  for (const [index, item] of meeting.items.entries()) {
    const [text, ...subs] = typeof item === 'string' ? [item] : item;
    const owner = random() < 0.5 ? ` — @${pick(random, meeting.people)}` : '';
    lines.push(`${index + 2}. ${text} (${pick(random, [5, 10, 15])} min)${owner}`, ...subs.map((sub) => `   – ${sub}`));
  }
  lines.push('AOB');
  return lines.join('\n');
}

/**
 * The text export of one slide: "[Slides · <deck>.pptx · slide 7 of 18 · exported 2046-01-22 · @<handle>]", the
 * slide's title, its bullets "• …" and, if given, "Speaker notes: …".
 */
export function slideExport(
  random: Random,
  slide: { deck: string; title: string; bullets: readonly string[]; notes?: string; by: string },
): string {
  const of = 8 + Math.floor(random() * 20);
  return [
    `[Slides · ${slide.deck}.pptx · slide ${2 + Math.floor(random() * (of - 1))} of ${of} · exported ${iso(drawDay(random))} · @${slide.by}]`,
    slide.title,
    ...slide.bullets.map((bullet) => `• ${bullet}`),
    ...(slide.notes === undefined ? [] : [`Speaker notes: ${slide.notes}`]),
  ].join('\n');
}

/**
 * A family's writers of its notes and distractors over its own draws: `answers` (the first 7 are the chains'
 * answers), the audits' name, the decks' names, the meetings' names, the invoices' billed party and `person` (who
 * writes a note). Each draws from `random` when called.
 */
export function noteWriters(
  random: Random,
  family: {
    answers: readonly string[];
    audit: string;
    deck: string;
    meeting: string;
    billTo: string;
    person: () => string;
  },
) {
  const { answers, audit, deck, meeting, billTo, person } = family;
  return {
    other: (list: readonly string[], name: string) =>
      pick(
        random,
        list.filter((item) => item !== name),
      ),
    answersIn: (allowed: string[]) => allowed.filter((value) => answers.slice(0, 7).includes(value)),
    chained: (wrong: (name: string) => string[], upstream: string, downstream: string) =>
      mayShareChain(wrong, answers, upstream, downstream),
    bill: (supplier: string, items: readonly string[], memo?: string, to = billTo) =>
      invoice(random, { supplier, billTo: to, items, by: person(), ...(memo === undefined ? {} : { memo }) }),
    finding: (condition: string, criteria: string, recommendation: string, response: string) =>
      auditFinding(random, { audit, condition, criteria, recommendation, response, by: person() }),
    meetingOf: (...items: AgendaItem[]) =>
      agenda(random, { name: meeting, items, by: person(), people: [person(), person(), person()] }),
    slide: (title: string, bullets: readonly string[], notes?: string) =>
      slideExport(random, { deck, title, bullets, by: person(), ...(notes === undefined ? {} : { notes }) }),
  };
}
