import type { RotationSpec, ShiftsSpec } from '../../config/shift-schema.ts';
import type { Checker, PlainParse } from '../plain-schema.ts';
import {
  array,
  defaulted,
  formatIssues,
  oneOf,
  plainParse,
  record,
  required,
  strictObject,
  string,
} from '../plain-schema.ts';
import { clockTimeHint, clockTimePattern, shiftSlugHint, slugMaxLength, slugPattern } from '../spec-patterns.ts';
import { weekdays } from './weekdays.ts';

/*
 * The roster update's parse without zod (docs/faults-and-load-rounds.md, "Seventh round: zod out of the workflow
 * bundle"): the same result as `ShiftsSpec.safeParse` (src/config/shift-schema.ts) for every value, as
 * test/domain/plain-schema-parity.test.ts checks against the schema on generated values.
 */

const slug = string({ min: 1, max: slugMaxLength, pattern: slugPattern, hint: shiftSlugHint });
const clockTime = string({ pattern: clockTimePattern, hint: clockTimeHint });

const rotation = strictObject<RotationSpec>({
  name: required(slug),
  days: defaulted(array(oneOf(weekdays), { min: 1 }), () => [...weekdays]),
  start: required(clockTime),
  end: required(clockTime),
  agents: required(array(slug, { min: 1 })),
});

const shiftsSpec: Checker<ShiftsSpec> = strictObject<ShiftsSpec>({
  timezone: required(string({ min: 1 })),
  rotations: required(array(rotation, { min: 1, max: 50 })),
  onCall: defaulted(record(slug, slug), () => ({})),
});

/** `ShiftsSpec.safeParse` without zod: the roster with its defaults filled, or what is wrong with it. */
export function safeParseShiftsSpec(value: unknown): PlainParse<ShiftsSpec> {
  return plainParse(shiftsSpec, value);
}

/** `ShiftsSpec.parse` without zod: throws `path: problem; …` for a roster the schema rejects. */
export function parseShiftsSpec(value: unknown): ShiftsSpec {
  const parsed = safeParseShiftsSpec(value);
  if (!parsed.success) throw new Error(`invalid roster: ${formatIssues(parsed.issues)}`);
  return parsed.data;
}
