import { debugRequested } from '../config/env.ts';
import { formatIssues } from '../templates/template-error.ts';

/** Bad command-line arguments: unknown command or option, missing or malformed value. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Error classes that mean "the input was wrong", matched by name so copies of a class across module graphs still match. */
const badInputErrors = new Set([
  'UsageError',
  'InvalidInputError',
  'NotFoundError',
  'TemplateError',
  'ConfigError',
  'TemplatePackageError',
]);

export const exitCodes = { success: 0, failure: 1, badInput: 2 } as const;

/** Bad input exits 2, everything else 1 (issue 2, item 8). */
export function exitCodeFor(error: unknown): number {
  return error instanceof Error && badInputErrors.has(error.name) ? exitCodes.badInput : exitCodes.failure;
}

/**
 * Reports an error on stderr the way operators and scripts expect: `synthorg: <one line>`, one line
 * per bad template field, and a stack trace only with SYNTHORG_DEBUG=1. Returns the exit code.
 */
export function reportError(
  error: unknown,
  write: (text: string) => void = (text) => process.stderr.write(text),
): number {
  for (const line of errorLines(error)) write(`synthorg: ${line}\n`);
  if (debugRequested() && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return exitCodeFor(error);
}

function errorLines(error: unknown): string[] {
  if (isTemplateError(error) && error.issues.length > 0) {
    return formatIssues(error.issues, error.source).map(oneLine);
  }
  // A refused template package lists each problem on a line of its own (src/templates/marketplace/errors.ts).
  const { problems, summary } = error as { problems?: unknown; summary?: unknown };
  if (error instanceof Error && Array.isArray(problems) && problems.length > 0 && typeof summary === 'string') {
    return [`${oneLine(summary)}:`, ...problems.map((problem) => `  ${oneLine(String(problem))}`)];
  }
  if (error instanceof Error) return [oneLine(error.message) || error.name];
  return [oneLine(String(error))];
}

interface TemplateErrorLike extends Error {
  source: string;
  issues: readonly { path: string; message: string; line?: number; column?: number }[];
}

function isTemplateError(error: unknown): error is TemplateErrorLike {
  return (
    error instanceof Error &&
    error.name === 'TemplateError' &&
    Array.isArray((error as Partial<TemplateErrorLike>).issues)
  );
}

/** Temporal and Node errors can span lines; the CLI promises one line per problem. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
