/**
 * Loads the memory benchmark's background notes through the memory pipeline (embedding, sketch, graph
 * extraction), in batches, into a database; with a data folder the loaded store is kept and topped up
 * by the next run, so a 100k store (tens of minutes to load on this machine) is loaded once.
 *
 *   node bench/memory-load.ts --data-dir DIR --size 100000
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../src/memory/memory-context.ts';
import { rememberBatch } from '../src/memory/memory-store.ts';
import { detectVectorBackend } from '../src/memory/vector-backend.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { backgroundNotes } from './memory-dataset.ts';

export const benchCompany = 'bench-recall';
const batchSize = 1_000;

export async function loadNotes(
  context: MemoryContext,
  companyId: string,
  memories: { key: string; content: string }[],
  progress?: (done: number) => void,
): Promise<void> {
  for (let start = 0; start < memories.length; start += batchSize) {
    await rememberBatch(
      context,
      memories.slice(start, start + batchSize).map((memory) => ({
        key: `${companyId}/${memory.key}`,
        companyId,
        scope: 'company' as const,
        ownerId: companyId,
        authorId: 'bench',
        content: memory.content,
      })),
    );
    progress?.(Math.min(memories.length, start + batchSize));
  }
}

/** Memories of the benchmark company already stored (a kept data folder). */
export async function loadedCount(pool: Pool, companyId = benchCompany): Promise<number> {
  const { rows } = await pool.query<{ count: string }>('SELECT count(*) FROM memories WHERE company_id = $1', [
    companyId,
  ]);
  return Number(rows[0]?.count ?? 0);
}

/** Drops every model's HNSW index: bulk loads go faster without it (it is rebuilt, and timed, afterwards). */
export async function dropVectorIndexes(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes WHERE indexname LIKE 'memories_hnsw_%'`,
  );
  for (const row of rows) await pool.query(`DROP INDEX ${row.indexname}`);
}

/** Tops the benchmark company up to `size` background notes (the same notes, in the same order, as a fresh load). */
export async function loadBackground(
  context: MemoryContext,
  size: number,
  progress?: (done: number) => void,
): Promise<{ added: number }> {
  const loaded = await loadedCount(context.pool);
  if (loaded > size) throw new Error(`the store holds ${loaded} bench memories, more than the ${size} asked for`);
  await loadNotes(context, benchCompany, backgroundNotes(size - loaded, loaded), (done) => progress?.(loaded + done));
  return { added: size - loaded };
}

/** Run directly: loads (or tops up) a kept PGlite store, then builds the HNSW index over it. */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, size: { type: 'string', default: '100000' } },
    strict: true,
  });
  if (!values['data-dir']) throw new Error('--data-dir is required');
  const database = await startPgliteDatabase({ vector: true, dataDir: values['data-dir'] });
  try {
    const context = await openMemoryContext(database.pool, createOfflineEmbedder());
    // The first embedding builds the model's HNSW index; a bulk load goes faster without it (rebuilt below).
    await embedTexts(context, ['warm-up']);
    await dropVectorIndexes(database.pool);
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
    const { added } = await loadBackground(context, Number(values.size), (done) => {
      if (done % 5_000 === 0)
        process.stderr.write(`loaded ${done} in ${seconds()} s, load ${loadavg()[0]?.toFixed(1)}\n`);
    });
    await database.pool.query('ANALYZE memories');
    await (await detectVectorBackend(database.pool)).prepare(database.pool, context.embedder.model, 256);
    process.stderr.write(`added ${added} memories, HNSW index ready, ${seconds()} s\n`);
  } finally {
    await database.stop();
  }
}
