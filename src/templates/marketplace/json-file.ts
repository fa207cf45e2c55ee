import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { TemplatePackageError } from './errors.ts';

/** Reads a JSON state file through its schema; a missing file is `fallback`, a damaged one an error naming it. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TemplatePackageError(`${path} is not JSON; fix or delete it`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TemplatePackageError(
      `${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}; fix or delete it`,
    );
  }
  return parsed.data;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a lock file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, path);
}
