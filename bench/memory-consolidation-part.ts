/**
 * The consolidation part of `bench/memory.ts`: `count` generated memories of mixed age and importance, then
 * every consolidation stage in order (decay, duplicates, cluster summaries, archive, communities), timed.
 */
import { summariseClusters } from '../src/memory/consolidation/clusters.ts';
import { mergeDuplicates } from '../src/memory/consolidation/duplicates.ts';
import { applyDecay, archiveLowValue, countActive } from '../src/memory/consolidation/maintenance.ts';
import { rebuildCommunities } from '../src/memory/graph/communities.ts';
import { createOfflineLanguage } from '../src/memory/language.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { rememberBatch } from '../src/memory/memory-store.ts';
import { consolidationSet } from './memory-dataset.ts';

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** The bench's row for a consolidation of `count` memories: [label, what, throughput, details]. */
export async function consolidationRow(
  label: string,
  context: MemoryContext,
  count: number,
  batchSize: number,
): Promise<string[]> {
  const companyId = 'bench-consolidate';
  const rows = consolidationSet(count);
  for (let start = 0; start < rows.length; start += batchSize) {
    await rememberBatch(
      context,
      rows.slice(start, start + batchSize).map((row) => ({
        key: `${companyId}/${row.key}`,
        companyId,
        scope: 'company' as const,
        ownerId: companyId,
        authorId: 'bench',
        category: row.category,
        importance: row.importance,
        content: row.content,
      })),
    );
  }
  await context.pool.query(
    `UPDATE memories m SET created_at = now() - make_interval(days => v.days)
       FROM unnest($2::text[], $3::int[]) AS v(key, days) WHERE m.memory_key = v.key AND m.company_id = $1`,
    [companyId, rows.map((row) => `${companyId}/${row.key}`), rows.map((row) => row.ageDays)],
  );
  const language = createOfflineLanguage();
  const target = { runKey: `bench-run-${Date.now()}`, companyId };
  const before = await countActive(context.pool, companyId);
  const stages: string[] = [];
  const { ms } = await timed(async () => {
    const stage = async <T>(name: string, work: () => Promise<T>) => {
      const result = await timed(work);
      stages.push(`${name} ${(result.ms / 1000).toFixed(1)} s`);
      return result.value;
    };
    await stage('decay', () => applyDecay(context.pool, target));
    const merged = await stage('duplicates', () => mergeDuplicates(context, target, 0.95));
    const clusters = await stage('clusters', () =>
      summariseClusters(context, language, target, { minAgeHours: 24, minSize: 3, maxClusters: 100_000 }),
    );
    const archived = await stage('archive', () =>
      archiveLowValue(context.pool, target, { minAgeHours: 168, belowValue: 0.15 }),
    );
    await stage('communities', () => rebuildCommunities(context.pool, language, target));
    stages.push(
      `merged ${merged.archived}, summarised ${clusters.archived} into ${clusters.summarised}, archived ${archived.archived}`,
    );
  });
  const after = await countActive(context.pool, companyId);
  return [
    label,
    `consolidation of ${before} memories (offline summaries)`,
    `${Math.round(before / (ms / 1000))} memories/s`,
    `${(ms / 1000).toFixed(1)} s total, ${before} → ${after} active; ${stages.join('; ')}`,
  ];
}
