import type { z } from 'zod';
import { MemoryInputError } from './errors.ts';

/** Parses a request with its schema; the error names every bad field, and nothing has been written yet. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new MemoryInputError(`bad ${what}: ${problems}`);
}
