import type { ShiftsSpec } from '../../config/shift-schema.ts';
import { weekdays } from './weekdays.ts';
import { clockMinutes, minutesPerDay } from './week.ts';

const dayMs = 86_400_000;
const minuteMs = 60_000;

/** The zone's offset from UTC (ms, east positive) at an instant. */
export type OffsetAt = (instantMs: number) => number;

/** One shift of one rotation: when it opens and closes, as instants and as the roster wrote them. */
export interface ShiftInterval {
  rotation: string;
  /** Local date the shift starts on, `YYYY-MM-DD` (a night shift ends the day after). */
  date: string;
  startMs: number;
  endMs: number;
  start: string;
  end: string;
}

/**
 * The instant a local wall-clock time (`localMs`: the local date and time read as if it were UTC)
 * happens in a zone. A time skipped by a daylight-saving change (02:30 on a spring-forward night)
 * happens as late as the clock jumped (03:30); a time that happens twice (autumn) happens the
 * first time. Two offset look-ups settle it, as in Luxon's `fixOffset`.
 */
export function localToInstant(localMs: number, offsetAt: OffsetAt): number {
  // The offsets a day before and after bracket any change near this time.
  const before = offsetAt(localMs - dayMs);
  const after = offsetAt(localMs + dayMs);
  const candidates = [localMs - before, localMs - after].filter((instant) => instant + offsetAt(instant) === localMs);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: the clock jumped from the earlier offset to the later one.
  return localMs - Math.min(before, after);
}

/** `YYYY-MM-DD` of a day counted from 1970-01-01. */
export function dateOfDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** Index of a `YYYY-MM-DD` date counted from 1970-01-01. */
export function dayOfDate(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / dayMs);
}

/** Monday-first weekday of a day counted from 1970-01-01 (a Thursday). */
function weekdayOfDay(day: number): (typeof weekdays)[number] {
  return weekdays[(((day + 3) % 7) + 7) % 7]!;
}

/** The local date (`YYYY-MM-DD`) at an instant. */
export function localDate(instantMs: number, offsetAt: OffsetAt): string {
  return dateOfDay(Math.floor((instantMs + offsetAt(instantMs)) / dayMs));
}

/**
 * Every shift of every rotation that is open at some time in `[fromMs, toMs)`, sorted by start.
 * Pure given the zone's offsets: a worker computes them (shiftCalendar activity) and the workflow
 * replays the recorded result, so no workflow depends on the host's zone or its time-zone data.
 */
export function shiftIntervals(shifts: ShiftsSpec, fromMs: number, toMs: number, offsetAt: OffsetAt): ShiftInterval[] {
  const firstDay = Math.floor((fromMs + offsetAt(fromMs)) / dayMs) - 1;
  const lastDay = Math.floor((toMs + offsetAt(toMs)) / dayMs) + 1;
  const intervals: ShiftInterval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOfDay(day);
    for (const rotation of shifts.rotations) {
      if (!rotation.days.includes(weekday)) continue;
      const start = clockMinutes(rotation.start);
      let end = clockMinutes(rotation.end);
      if (end <= start) end += minutesPerDay;
      const startMs = localToInstant(day * dayMs + start * minuteMs, offsetAt);
      const endMs = localToInstant(day * dayMs + end * minuteMs, offsetAt);
      if (endMs <= fromMs || startMs >= toMs) continue;
      intervals.push({
        rotation: rotation.name,
        date: dateOfDay(day),
        startMs,
        endMs,
        start: rotation.start,
        end: rotation.end,
      });
    }
  }
  return intervals.sort((a, b) => a.startMs - b.startMs || a.rotation.localeCompare(b.rotation));
}
