import { expect } from 'vitest';

const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const weekdayNames = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

/**
 * The dates a generated note states in `year` are real: "Wed 12 Sep 2040" falls on a Wednesday, and "2040-02-30"
 * is no ISO date it writes (held-out splits 14 and 15).
 */
export function expectRealDates(content: string, year: number): void {
  for (const [, weekday, dayOfMonth, month] of content.matchAll(
    new RegExp(`\\b([A-Z][a-z]{2}) (\\d{1,2}) ([A-Z][a-z]{2}) ${year}`, 'g'),
  ))
    expect(
      weekdayNames[new Date(Date.UTC(year, monthNames.indexOf(month as string), Number(dayOfMonth))).getUTCDay()],
      content,
    ).toBe(weekday);
  for (const [iso] of content.matchAll(new RegExp(`${year}-\\d\\d-\\d\\d`, 'g')))
    expect(new Date(`${iso}T12:00:00Z`).toISOString().slice(0, 10), content).toBe(iso);
}
