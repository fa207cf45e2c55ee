/**
 * Checks a bench's command-line values once, before any work: a wrong value stops the bench with one line that
 * names the flag and the value (exit code 2, as bench/load.ts and the CLI's usage errors do), not a stack trace
 * or a NaN handed on to a database query or the local model server.
 */
import type { z } from 'zod';

/** A bench option's value was wrong; the message says which and what to write instead. */
export class BenchOptionError extends Error {
  override readonly name: string = 'BenchOptionError';
}

/** A count: a positive integer, or a {@link BenchOptionError} naming `flag` and what was written. */
export function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new BenchOptionError(`${flag} must be a positive integer, got "${value}"`);
  return number;
}

/** A comma-separated list of counts (`--sizes 10000,100000`). */
export function positiveIntegers(flag: string, value: string): number[] {
  return value.split(',').map((part) => positiveInteger(flag, part));
}

/**
 * Reads the options with `read`; a {@link BenchOptionError} or node:util parseArgs's own (an unknown flag, a flag
 * without its value) is written as one line `bench <name>: …` and the process exits 2.
 */
export function optionsOrExit<T>(bench: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const parseArgsError =
      error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof BenchOptionError) && !parseArgsError) throw error;
    process.stderr.write(`bench ${bench}: ${error.message}\n`);
    process.exit(2);
  }
}

/**
 * A JSON option (an environment variable or a flag holding JSON) read with `schema`: text that is no JSON, or JSON the
 * schema refuses, is an error of type `error` (a {@link BenchOptionError} unless named) saying `name`, with `example`
 * for the first and the schema's messages for the second.
 */
export function jsonOption<Schema extends z.ZodType>(
  name: string,
  schema: Schema,
  json: string,
  example: string,
  error: new (message: string) => BenchOptionError = BenchOptionError,
): z.infer<Schema> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new error(`${name} must be JSON, e.g. '${example}'`);
  }
  const setting = schema.safeParse(parsed);
  if (!setting.success) throw new error(`${name}: ${setting.error.issues.map((issue) => issue.message).join('; ')}`);
  return setting.data;
}
