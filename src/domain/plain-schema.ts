/**
 * A few zod-free checks with zod 4's semantics, for the parses workflow code runs (a hire's agent spec, a
 * roster): zod's modules were most of each new workflow's first task (docs/faults-and-load-rounds.md, "Seventh
 * round: zod out of the workflow bundle"). Each checker returns what zod's parse returns for a valid value
 * (defaults filled, keys in the schema's order) and adds an issue per problem otherwise;
 * test/domain/plain-schema-parity.test.ts holds the parses built from these to their zod schemas.
 */

export interface PlainIssue {
  path: PropertyKey[];
  message: string;
}

/** Checks `value` at `path`, adds what is wrong to `issues` and returns the parsed value. */
export type Checker<T> = (value: unknown, path: PropertyKey[], issues: PlainIssue[]) => T;

export type PlainParse<T> = { success: true; data: T } | { success: false; issues: PlainIssue[] };

export function plainParse<T>(checker: Checker<T>, value: unknown): PlainParse<T> {
  const issues: PlainIssue[] = [];
  const data = checker(value, [], issues);
  return issues.length === 0 ? { success: true, data } : { success: false, issues };
}

/** `path: message; …`, as the workflows' update validators have always reported zod's issues. */
export function formatIssues(issues: readonly PlainIssue[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

const typeIssue = (expected: string, value: unknown) => `expected ${expected}, received ${describe(value)}`;

export function string(rules: { min?: number; max?: number; pattern?: RegExp; hint?: string } = {}): Checker<string> {
  return (value, path, issues) => {
    if (typeof value !== 'string') {
      issues.push({ path, message: typeIssue('string', value) });
      return value as string;
    }
    if (rules.min !== undefined && value.length < rules.min)
      issues.push({ path, message: `must have at least ${rules.min} characters` });
    if (rules.max !== undefined && value.length > rules.max)
      issues.push({ path, message: `must have at most ${rules.max} characters` });
    if (rules.pattern && !rules.pattern.test(value))
      issues.push({ path, message: rules.hint ?? `must match ${rules.pattern}` });
    return value;
  };
}

/** zod's `z.number()`: finite numbers only (NaN and ±Infinity are rejected). */
export function number(rules: { int?: boolean; min?: number; max?: number; positive?: boolean } = {}): Checker<number> {
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push({ path, message: typeIssue('number', value) });
      return value as number;
    }
    if (rules.int && !Number.isSafeInteger(value)) issues.push({ path, message: 'must be an integer' });
    if (rules.positive && !(value > 0)) issues.push({ path, message: 'must be greater than 0' });
    if (rules.min !== undefined && value < rules.min) issues.push({ path, message: `must be at least ${rules.min}` });
    if (rules.max !== undefined && value > rules.max) issues.push({ path, message: `must be at most ${rules.max}` });
    return value;
  };
}

export function oneOf<const T extends string>(options: readonly T[]): Checker<T> {
  return (value, path, issues) => {
    if (!options.includes(value as T))
      issues.push({ path, message: `expected one of ${options.map((option) => JSON.stringify(option)).join('|')}` });
    return value as T;
  };
}

export function nullable<T>(checker: Checker<T>): Checker<T | null> {
  return (value, path, issues) => (value === null ? null : checker(value, path, issues));
}

/** An array of `element`s; as in zod, its length is checked only when every element is valid. */
export function array<T>(element: Checker<T>, rules: { min?: number; max?: number } = {}): Checker<T[]> {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      issues.push({ path, message: typeIssue('array', value) });
      return value as T[];
    }
    const before = issues.length;
    const parsed = value.map((item: unknown, index) => element(item, [...path, index], issues));
    if (issues.length > before) return parsed;
    if (rules.min !== undefined && parsed.length < rules.min)
      issues.push({ path, message: `must have at least ${rules.min} item${rules.min === 1 ? '' : 's'}` });
    if (rules.max !== undefined && parsed.length > rules.max)
      issues.push({ path, message: `must have at most ${rules.max} items` });
    return parsed;
  };
}

/** zod's `isPlainObject`, which `z.record` requires. */
function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const constructor: unknown = (value as { constructor?: unknown }).constructor;
  if (typeof constructor !== 'function') return true;
  const prototype: unknown = (constructor as { prototype?: unknown }).prototype;
  if (typeof prototype !== 'object' || prototype === null || Array.isArray(prototype)) return false;
  return Object.prototype.hasOwnProperty.call(prototype, 'isPrototypeOf');
}

/** zod's `z.record(key, value)` over string keys: every own enumerable key checked; `__proto__` dropped. */
export function record<V>(key: Checker<string>, entry: Checker<V>): Checker<Record<string, V>> {
  return (value, path, issues) => {
    if (!isPlainObject(value)) {
      issues.push({ path, message: typeIssue('record', value) });
      return value as Record<string, V>;
    }
    const parsed: Record<string, V> = {};
    for (const name of Reflect.ownKeys(value)) {
      if (name === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, name)) continue;
      const keyIssues: PlainIssue[] = [];
      key(name, [...path, name], keyIssues);
      if (keyIssues.length > 0) {
        issues.push({
          path: [...path, name],
          message: `invalid key: ${formatIssues(keyIssues).replace(/^[^:]*: /, '')}`,
        });
        continue;
      }
      parsed[name as string] = entry(value[name], [...path, name], issues);
    }
    return parsed;
  };
}

/** How a key of an object may be missing: never, left out of the result, or replaced by a fresh default. */
export type Field<T> =
  | { checker: Checker<T>; presence: 'required' }
  | { checker: Checker<T>; presence: 'optional' }
  | { checker: Checker<T>; presence: 'defaulted'; fallback: () => T };

export const required = <T>(checker: Checker<T>): Field<T> => ({ checker, presence: 'required' });
export const optional = <T>(checker: Checker<T>): Field<T> => ({ checker, presence: 'optional' });
export const defaulted = <T>(checker: Checker<T>, fallback: () => T): Field<T> => ({
  checker,
  presence: 'defaulted',
  fallback,
});

/**
 * zod's `z.strictObject(shape)`: the result holds the shape's keys in the shape's order; an optional key
 * given as `undefined` stays (as zod keeps it), a defaulted one missing or `undefined` gets its default,
 * and every other key of the value (`for…in`, as zod reads it) is an error.
 */
export function strictObject<T>(fields: { [K in keyof T]-?: Field<T[K]> }): Checker<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  return (value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path, message: typeIssue('object', value) });
      return value as T;
    }
    const input = value as Record<string, unknown>;
    const parsed: Record<string, unknown> = {};
    for (const name of names) {
      const field: Field<unknown> = fields[name];
      const given = input[name];
      if (field.presence === 'optional' && !(name in input)) continue;
      if (field.presence === 'optional' && given === undefined) parsed[name] = undefined;
      else if (field.presence === 'defaulted' && given === undefined) parsed[name] = field.fallback();
      else parsed[name] = field.checker(given, [...path, name], issues);
    }
    const unknown: string[] = [];
    for (const name in input) if (!Object.prototype.hasOwnProperty.call(fields, name)) unknown.push(name);
    if (unknown.length > 0)
      issues.push({ path, message: `unrecognized key${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}` });
    return parsed as T;
  };
}
