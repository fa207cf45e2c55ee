import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { ExtractionCounts } from './llm-extraction.ts';

/**
 * The extractor benches' shared pieces (bench/llm-extraction.ts for models, bench/parser-extractor.ts for the parser).
 *
 * Their cache files (`--extraction-cache FILE`, bench/llm-extraction.ts and bench/parser-extractor.ts):
 * one JSON value a line, appended as each reply comes, so a second arm or a stopped run's next start re-reads instead
 * of asking again. A missing file is an empty cache; a line cut short by a stopped run, or of another shape, is skipped.
 */
export async function readCacheLines<T>(file: string, shape: z.ZodType<T>): Promise<T[]> {
  const lines = await readFile(file, 'utf8').then(
    (text) => text.split('\n'),
    () => [],
  );
  const kept: T[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a line cut short when a run was stopped mid-write
    }
    const read = shape.safeParse(value);
    if (read.success) kept.push(read.data);
  }
  return kept;
}

/** An extractor arm's counts before its first note. */
export function noExtractionCounts(): ExtractionCounts {
  return { notes: 0, llm: 0, llmWithoutRelations: 0, fallback: 0, errors: 0, cached: 0, outputTokens: 0, seconds: 0 };
}
