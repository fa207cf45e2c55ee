import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSpec } from '../../src/config/schemas.ts';
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import { actionTypes } from '../../src/domain/agent-action.ts';
import { safeParseAgentSpec } from '../../src/domain/agent-spec-parse.ts';
import { oversightLevels, seniorities } from '../../src/domain/org-levels.ts';
import type { PlainIssue, PlainParse } from '../../src/domain/plain-schema.ts';
import { safeParseShiftsSpec } from '../../src/domain/shifts/shifts-spec-parse.ts';
import { weekdays } from '../../src/domain/shifts/weekdays.ts';

/**
 * The zod-free parses workflow code runs (docs/faults-and-load-rounds.md, "Seventh round: zod out of the workflow
 * bundle") give what the zod schemas give, for every value: the hire update and the roster update changed
 * from `AgentSpec.parse` / `ShiftsSpec.parse` to them without a patch, which is sound only if a history
 * recorded with zod replays to the same state. So, on generated values (mostly valid, each field sometimes
 * wrong, missing, `undefined` or of another type, extra keys, any value at all): the same verdict; for a
 * value zod accepts, the same data (deep, `undefined` keys and key order included); for one it rejects,
 * problems at the same paths.
 */

const absent = Symbol('absent');
type Maybe<T> = T | typeof absent;

/** Mostly `valid`, sometimes one of `invalid`, another type, `undefined`, or the key left out. */
function field<T>(valid: fc.Arbitrary<T>, ...invalid: unknown[]): fc.Arbitrary<Maybe<unknown>> {
  return fc.oneof(
    { arbitrary: valid, weight: 40 },
    { arbitrary: fc.constantFrom(...(invalid.length > 0 ? invalid : [null])), weight: 1 },
    { arbitrary: otherValue, weight: 1 },
    { arbitrary: fc.constantFrom(undefined, absent), weight: 1 },
  );
}

const otherValue = fc.oneof(
  fc.constantFrom(null, true, 0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, '', 'x', [], {}, ['a']),
  fc.anything({ maxDepth: 1 }),
);

/** An object of the fields not left out, in the given or the reverse order, sometimes with an extra key. */
function object(fields: Record<string, fc.Arbitrary<Maybe<unknown>>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(fields),
      fc.boolean(),
      fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, fc.constantFrom('extra', 'Id', '__proto__', 'toString')),
    )
    .map(([values, reverse, extra]) => {
      const entries = Object.entries(values).filter(([, value]) => value !== absent);
      const result: Record<string, unknown> = {};
      for (const [key, value] of reverse ? entries.reverse() : entries) result[key] = value;
      // Own keys, as JSON.parse makes them (a `__proto__` key included).
      if (extra !== null)
        Object.defineProperty(result, extra, { value: 1, enumerable: true, configurable: true, writable: true });
      return result;
    });
}

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,12}$/);
const badSlugs = ['', 'A', 'a b', 'ok\n', '_x', '-x', 'a'.repeat(65), 'é'];
const text = fc.string({ minLength: 1, maxLength: 12 });
const list = <T>(item: fc.Arbitrary<T>, min = 0, max = 3) => fc.array(item, { minLength: min, maxLength: max });

const skill = object({
  id: field(slug, ...badSlugs),
  name: field(text, ''),
  proficiency: field(fc.double({ min: 0, max: 1, noNaN: true }), -0.1, 1.1),
});

const agentSpecs: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 20,
    arbitrary: object({
      id: field(slug, ...badSlugs),
      name: field(text, ''),
      role: field(text, ''),
      department: field(slug, ...badSlugs),
      seniority: field(fc.constantFrom(...seniorities), 'intern', 'Senior'),
      model: field(
        fc.constantFrom('default', 'offline', 'openai:gpt-4.1-mini', 'ollama:llama3.2', 'a:b'),
        'gpt',
        'OpenAI:x',
        'openai:',
        'openai:a\nb',
      ),
      skills: field(list(skill), [{ id: 'x' }]),
      reportsTo: field(fc.option(slug, { nil: null }), ...badSlugs),
      canDelegateTo: field(list(slug), ['A'], [1]),
      budgetLimitUsd: field(fc.double({ min: 0.01, max: 1e6, noNaN: true }), 0, -1),
      oversight: field(fc.constantFrom(...oversightLevels), 'none'),
      maxOutputTokens: field(fc.integer({ min: 16, max: 200_000 }), 15, 200_001, 16.5, 2 ** 53),
      actions: field(list(fc.constantFrom(...actionTypes), 1, 4), [], ['think']),
      maxConcurrentTasks: field(fc.integer({ min: 1, max: 100 }), 0, 101, 1.5, 1e300),
      placement: field(object({ pool: field(slug, ...badSlugs), fallback: field(slug, ...badSlugs) }), 'pool'),
    }),
  },
  { weight: 1, arbitrary: fc.anything() },
);

const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([hours, minutes]) => `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);
const badClocks = ['24:00', '8:00', '08:60', '08:00 ', 'noon'];

const rotation = object({
  name: field(slug, ...badSlugs),
  days: field(list(fc.constantFrom(...weekdays), 1, 7), [], ['monday'], ['mon', 'Mon']),
  start: field(clock, ...badClocks),
  end: field(clock, ...badClocks),
  agents: field(list(slug, 1, 3), [], ['A']),
});

const onCall = fc.oneof(
  fc.dictionary(slug, slug, { maxKeys: 3 }),
  fc.dictionary(fc.oneof(slug, fc.constantFrom(...badSlugs)), fc.oneof(slug, otherValue), { maxKeys: 3 }),
  fc.constant(JSON.parse('{"__proto__": "x", "ops": "a"}') as unknown),
  fc.constant(Object.assign(Object.create(null) as object, { ops: 'a' })),
);

const shiftsSpecs: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 20,
    arbitrary: object({
      timezone: field(fc.constantFrom('UTC', 'Europe/Berlin', 'not/a zone'), ''),
      rotations: field(
        list(rotation, 1, 3),
        [],
        Array.from({ length: 51 }, () => ({ name: 'n', start: '08:00', end: '16:00', agents: ['a'] })),
      ),
      onCall: field(onCall, 'ops'),
    }),
  },
  { weight: 1, arbitrary: fc.anything() },
);

interface ZodResult {
  success: boolean;
  data?: unknown;
  error?: { issues: { path: PropertyKey[] }[] };
}

/** Every key path in order, `undefined`-valued keys included: what toStrictEqual does not compare. */
function keyOrder(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [
    `${at}.${key}`,
    ...keyOrder((value as Record<string, unknown>)[key], `${at}.${key}`),
  ]);
}

const paths = (issues: readonly { path: PropertyKey[] }[]) =>
  [...new Set(issues.map((issue) => issue.path.map(String).join('.')))].sort();

function expectSameParse(actual: PlainParse<unknown>, expected: ZodResult, input: unknown) {
  expect(actual.success, JSON.stringify(input)).toBe(expected.success);
  if (expected.success && actual.success) {
    expect(actual.data).toStrictEqual(expected.data);
    expect(keyOrder(actual.data)).toEqual(keyOrder(expected.data));
  } else if (!actual.success) {
    expect(paths(actual.issues as PlainIssue[])).toEqual(paths(expected.error!.issues));
  }
}

describe('the zod-free parses give what the zod schemas give', () => {
  it('an agent spec (the hire update)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(agentSpecs, (input) => {
        const expected = AgentSpec.safeParse(input);
        if (expected.success) accepted++;
        expectSameParse(safeParseAgentSpec(input), expected, input);
      }),
      { numRuns: 4_000 },
    );
    // Both verdicts must be well covered, or the property says little about one of them.
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(3_800);
  });

  it('a roster (the setRoster update)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(shiftsSpecs, (input) => {
        const expected = ShiftsSpec.safeParse(input);
        if (expected.success) accepted++;
        expectSameParse(safeParseShiftsSpec(input), expected, input);
      }),
      { numRuns: 4_000 },
    );
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(3_800);
  });

  it('fills the defaults as zod does and says what is wrong', () => {
    const spec = { id: 'eng-2', name: 'Eng', role: 'engineer', department: 'eng', seniority: 'mid' };
    expect(safeParseAgentSpec(spec)).toEqual({
      success: true,
      data: { ...spec, model: 'default', skills: [], reportsTo: null, canDelegateTo: [] },
    });
    const bad = safeParseAgentSpec({ ...spec, id: 'Eng 2', extra: 1 });
    expect(bad.success).toBe(false);
    expect(bad.success ? [] : bad.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'id: use lowercase letters, digits, "-" or "_" (e.g. "cto" or "eng-1")',
      ': unrecognized key: extra',
    ]);
  });
});
