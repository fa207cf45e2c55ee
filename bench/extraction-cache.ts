import { readFile } from 'node:fs/promises';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { GraphExtraction } from '../src/memory/graph/extraction.ts';
import { saveExtraction } from '../src/memory/graph/graph-store.ts';
import { type ModelEdgePolicy, modelGraph } from '../src/memory/graph/model-edges.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { inTransaction } from '../src/memory/sql.ts';
import type { ExtractionCounts } from './llm-extraction.ts';

/**
 * The extractor benches' shared pieces (bench/llm-extraction.ts for models, bench/parser-extractor.ts for the parser):
 * their cache files, their counts and the loop that re-extracts a company's notes.
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

/** What an extractor arm read from one note: its graph and the extractor's name (stored with the note's graph). */
export interface NoteExtraction {
  extraction: GraphExtraction;
  extractor: string;
}

export interface EachNoteOptions {
  /** Whether the note's graph is stored beside the offline one (`+offline`), by `edges`' policy. */
  merge: boolean;
  edges: ModelEdgePolicy;
  concurrency?: number;
  log: (line: string) => void;
  /** The arm's progress line, logged every 30 s and when the company is done. */
  progress: () => string;
}

/**
 * Re-extracts every memory of a company, `concurrency` notes at a time: `extract` reads a note (undefined keeps the
 * offline graph stored with it, counted by `extract` as it sees fit), and what it read replaces the stored graph
 * (merged with the offline one when `merge`). `counts` gets the notes, the model graphs and the wall time.
 */
export async function extractEachNote(
  pool: Pool,
  companyId: string,
  counts: ExtractionCounts,
  options: EachNoteOptions,
  extract: (content: string) => Promise<NoteExtraction | undefined>,
): Promise<void> {
  const { rows } = await pool.query<{ id: string; content: string }>(
    'SELECT id, content FROM memories WHERE company_id = $1 ORDER BY id',
    [companyId],
  );
  const started = performance.now();
  const secondsBefore = counts.seconds;
  let lastLog = started;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++] as { id: string; content: string };
      const read = await extract(row.content);
      counts.notes++;
      counts.seconds = secondsBefore + (performance.now() - started) / 1000;
      if (read === undefined) continue;
      counts.llm++;
      if (read.extraction.relations.length === 0) counts.llmWithoutRelations++;
      const offline = options.merge ? extractGraphOffline(row.content) : undefined;
      const graph = modelGraph(row.content, read.extraction, offline, options.edges);
      const extractor = `${read.extractor}${options.merge ? '+offline' : ''}`;
      await inTransaction(pool, (client) => saveExtraction(client, companyId, Number(row.id), graph, extractor));
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        options.log(`extraction: ${options.progress()}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  options.log(`extraction ${companyId} done: ${options.progress()}`);
}
