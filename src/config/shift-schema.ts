import { z } from 'zod';
import { weekdays } from '../domain/shifts/weekdays.ts';
import { clockTimeHint, clockTimePattern, shiftSlugHint, slugMaxLength, slugPattern } from '../domain/spec-patterns.ts';

export { weekdays, type Weekday } from '../domain/shifts/weekdays.ts';

const slug = z.string().min(1).max(slugMaxLength).regex(slugPattern, shiftSlugHint);

/** A wall-clock time in the roster's zone, 24-hour `HH:MM`. */
export const ClockTime = z.string().regex(clockTimePattern, clockTimeHint);

/**
 * One rotation: its agents are on duty from `start` to `end` local time on each of `days` (every day
 * when unset). An `end` at or before `start` crosses midnight: the shift ends the next day (`end` equal to
 * `start`: a 24-hour shift).
 */
export const RotationSpec = z.strictObject({
  name: slug,
  days: z
    .array(z.enum(weekdays))
    .min(1)
    .default([...weekdays]),
  start: ClockTime,
  end: ClockTime,
  agents: z.array(slug).min(1),
});
export type RotationSpec = z.infer<typeof RotationSpec>;

/**
 * The optional `shifts:` section of a template. Agents named in no rotation are always on duty, so a
 * company rosters only the agents that work in shifts. `onCall` names, per department, the agent
 * called in for urgent work when nobody of the department is on duty.
 * The zone is checked by the template (src/config/template-schema.ts) and by `setRoster`'s validator.
 * Workflow code parses a roster with src/domain/shifts/shifts-spec-parse.ts (no zod in the workflow bundle),
 * which gives the same result: change both, and test/domain/plain-schema-parity.test.ts.
 */
export const ShiftsSpec = z.strictObject({
  timezone: z.string().min(1),
  rotations: z.array(RotationSpec).min(1).max(50),
  onCall: z.record(slug, slug).default({}),
});
export type ShiftsSpec = z.infer<typeof ShiftsSpec>;
export type ShiftsSpecInput = z.input<typeof ShiftsSpec>;
