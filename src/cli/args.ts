import { parseArgs } from 'node:util';
import { didYouMean } from '../domain/did-you-mean.ts';
import { isValidCompanyId } from '../domain/ids.ts';
import { UsageError } from './errors.ts';

/** One command's arguments: named positionals (required, then optional), boolean flags and string options. */
export interface CommandSpec<Flag extends string, Option extends string, Positional extends string> {
  /** Words after `synthorg`, e.g. `company status`. */
  name: string;
  /** The synopsis after the name, e.g. `<companyId> [--json]`. */
  synopsis: string;
  summary: string;
  /** Extra help text: options, output, exit codes. */
  details?: string;
  positionals: readonly Positional[];
  /** Positionals that may be left out, after the required ones (`company start [<id>]`). */
  optionalPositionals?: readonly string[];
  flags: readonly Flag[];
  options: readonly Option[];
}

export interface ParsedCommand<Flag extends string, Option extends string, Positional extends string> {
  flags: Record<Flag, boolean>;
  options: Partial<Record<Option, string>>;
  positionals: Record<Positional, string>;
  /** Optional positionals that were given, by name. */
  optional: Partial<Record<string, string>>;
}

export interface Command {
  name: string;
  synopsis: string;
  summary: string;
  /** Flags and options as typed (`--json`, `--template`), for shell completion. */
  switches: readonly string[];
  run(args: string[]): Promise<number>;
}

/** Builds a command whose handler receives parsed, checked arguments; `--help` prints its usage. */
export function defineCommand<const Flag extends string, const Option extends string, const Positional extends string>(
  spec: CommandSpec<Flag, Option, Positional>,
  handler: (input: ParsedCommand<Flag, Option, Positional>) => Promise<number>,
): Command {
  return {
    name: spec.name,
    synopsis: spec.synopsis,
    summary: spec.summary,
    switches: [...spec.flags, ...spec.options, 'help'].map((name) => `--${name}`),
    async run(args) {
      if (wantsHelp(args)) {
        process.stdout.write(commandHelp(spec));
        return 0;
      }
      return handler(parseCommand(spec, args));
    },
  };
}

export function commandHelp(spec: CommandSpec<string, string, string>): string {
  const details = spec.details ? `\n${spec.details.trimEnd()}\n` : '';
  return `Usage: synthorg ${spec.name} ${spec.synopsis}\n\n${spec.summary}\n${details}`;
}

/** `--help` or `-h` anywhere before a `--` separator. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

// parseArgs reads "-5" as an unknown short option; money and counts can be negative on the command line
// and deserve a "must be positive" answer, so such arguments are hidden from it and restored afterwards.
const negativeNumber = /^-(\d|\.\d)/;
const hiddenPrefix = '\u0000arg';

export function parseCommand<Flag extends string, Option extends string, Positional extends string>(
  spec: CommandSpec<Flag, Option, Positional>,
  args: readonly string[],
): ParsedCommand<Flag, Option, Positional> {
  const hidden = args.map((arg, index) => (negativeNumber.test(arg) ? `${hiddenPrefix}${index}` : arg));
  const restore = (value: string): string =>
    value.startsWith(hiddenPrefix) ? (args[Number(value.slice(hiddenPrefix.length))] ?? value) : value;
  const optionConfig: Record<string, { type: 'boolean' | 'string' }> = {};
  for (const flag of spec.flags) optionConfig[flag] = { type: 'boolean' };
  for (const option of spec.options) optionConfig[option] = { type: 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: hidden, options: optionConfig, allowPositionals: true, strict: true });
  } catch (error) {
    const known = [...spec.flags, ...spec.options].map((name) => `--${name}`);
    throw new UsageError(`${describeParseError(error, known)} (see "synthorg ${spec.name} --help")`);
  }
  const positionals = parsed.positionals.map(restore);
  if (positionals.length < spec.positionals.length) {
    const missing = spec.positionals.slice(positionals.length).map((name) => `<${name}>`);
    throw new UsageError(`missing ${missing.join(' ')}: usage: synthorg ${spec.name} ${spec.synopsis}`);
  }
  const optionalNames = spec.optionalPositionals ?? [];
  if (positionals.length > spec.positionals.length + optionalNames.length) {
    const extra = positionals[spec.positionals.length + optionalNames.length];
    throw new UsageError(`unexpected argument "${extra}": usage: synthorg ${spec.name} ${spec.synopsis}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const flags = Object.fromEntries(spec.flags.map((flag) => [flag, values[flag] === true])) as Record<Flag, boolean>;
  const options: Partial<Record<Option, string>> = {};
  for (const option of spec.options) {
    const value = values[option];
    if (typeof value === 'string') options[option] = restore(value);
  }
  const named = Object.fromEntries(spec.positionals.map((name, index) => [name, positionals[index]])) as Record<
    Positional,
    string
  >;
  const optional = Object.fromEntries(
    optionalNames.flatMap((name, index) => {
      const value = positionals[spec.positionals.length + index];
      return value === undefined ? [] : [[name, value]];
    }),
  );
  return { flags, options, positionals: named, optional };
}

function describeParseError(error: unknown, known: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return `unknown option ${quoted}${didYouMean(quoted, known)}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted && message.includes('argument missing')) {
    return `option ${quoted} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}

/** Company ids are slugs (they become workflow ids such as `company:acme`). */
export function companyIdArgument(id: string): string {
  if (!isValidCompanyId(id)) {
    throw new UsageError(
      `invalid company id "${id}": use 1-63 lowercase letters, digits and "-", starting with a letter or digit (e.g. "acme")`,
    );
  }
  return id;
}

export function taskIdArgument(id: string): string {
  if (id.trim() === '') throw new UsageError('the task id is empty');
  return id;
}

// Plain decimals only: Number() would also take "1e3", "0x10", " 5" and "Infinity", and a budget is
// no place for a surprise; "$", thousands separators and more than cent precision are refused too.
const plainDecimal = /^\d+(\.\d{1,2})?$/;

/** A positive dollar amount written as a plain decimal: `25` or `12.50`. */
export function usdArgument(text: string): number {
  const amount = plainDecimal.test(text) ? Number(text) : Number.NaN;
  if (!(amount > 0)) {
    throw new UsageError(
      `the amount must be a positive number of US dollars written as a plain decimal such as 25 or 12.50, got "${text}"`,
    );
  }
  return amount;
}
