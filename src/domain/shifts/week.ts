import type { RotationSpec } from '../../config/shift-schema.ts';
import { weekdays, type Weekday } from './weekdays.ts';

export const minutesPerDay = 24 * 60;
export const minutesPerWeek = 7 * minutesPerDay;

/** Minutes since local midnight of an `HH:MM` time. */
export function clockMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export function formatClock(minutes: number): string {
  const inDay = ((minutes % minutesPerDay) + minutesPerDay) % minutesPerDay;
  return `${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
}

/** `mon 08:00` for a minute of the week (Monday 00:00 is 0). */
export function formatWeekMinute(minute: number): string {
  const day = weekdays[Math.floor(minute / minutesPerDay) % 7] as Weekday;
  return `${day} ${formatClock(minute)}`;
}

/**
 * The rotation's shifts as half-open minute ranges of a local week. A shift that crosses midnight
 * ends the next day; one that crosses Sunday midnight wraps to Monday, split in two ranges.
 * Wall-clock time: daylight-saving days are an hour shorter or longer, which overlap and coverage
 * checks can ignore (they ask "at which local times", not "for how long").
 */
export function weeklyRanges(rotation: Pick<RotationSpec, 'days' | 'start' | 'end'>): [number, number][] {
  const start = clockMinutes(rotation.start);
  let end = clockMinutes(rotation.end);
  if (end <= start) end += minutesPerDay;
  const ranges: [number, number][] = [];
  for (const day of rotation.days) {
    const from = weekdays.indexOf(day) * minutesPerDay + start;
    const to = weekdays.indexOf(day) * minutesPerDay + end;
    if (to <= minutesPerWeek) ranges.push([from, to]);
    else ranges.push([from, minutesPerWeek], [0, to - minutesPerWeek]);
  }
  return ranges;
}

/** The first local minute of the week at which both rotations run, if any. */
export function firstOverlap(
  first: Pick<RotationSpec, 'days' | 'start' | 'end'>,
  second: Pick<RotationSpec, 'days' | 'start' | 'end'>,
): number | undefined {
  let earliest: number | undefined;
  for (const [a, b] of weeklyRanges(first)) {
    for (const [c, d] of weeklyRanges(second)) {
      const from = Math.max(a, c);
      if (from < Math.min(b, d) && (earliest === undefined || from < earliest)) earliest = from;
    }
  }
  return earliest;
}

/** Gaps (half-open minute ranges of the week) that none of the ranges cover. */
export function uncovered(ranges: readonly [number, number][]): [number, number][] {
  const covered = new Uint8Array(minutesPerWeek);
  for (const [from, to] of ranges) covered.fill(1, from, to);
  const gaps: [number, number][] = [];
  let start: number | undefined;
  for (let minute = 0; minute <= minutesPerWeek; minute++) {
    const isCovered = minute === minutesPerWeek || covered[minute] === 1;
    if (!isCovered && start === undefined) start = minute;
    if (isCovered && start !== undefined) {
      gaps.push([start, minute]);
      start = undefined;
    }
  }
  return gaps;
}
