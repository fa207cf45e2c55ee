import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryActivities } from '../../activities/memory.ts';
import { loadConfig } from '../../src/config/env.ts';
import { reinforce } from '../../src/memory/consolidation/reinforcement.ts';
import { memoryServiceFor } from '../../src/memory/memory-service.ts';
import { remember } from '../../src/memory/memory-store.ts';
import type { MemoryWrite } from '../../src/memory/types.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase, startPostgresDatabase } from './helpers/databases.ts';

const offline = { embeddingModel: 'offline', languageModel: 'offline' };

describe.each([
  ['PGlite with pgvector', () => startPgliteDatabase({ vector: true })],
  ['real PostgreSQL (fallback)', () => startPostgresDatabase()],
] as const)('consolidation stages on %s', (_name, start) => {
  let database: MemoryTestDatabase | undefined;
  let activities: ReturnType<typeof createMemoryActivities>;
  let counter = 0;

  beforeAll(async () => {
    database = await start();
    if (database)
      activities = createMemoryActivities({ pool: database.pool, config: loadConfig({}), memoryConfig: offline });
  });
  afterAll(async () => database?.stop());

  async function seed(companyId: string, content: string, overrides: Partial<MemoryWrite> = {}): Promise<number> {
    const context = await memoryServiceFor(database!.pool, loadConfig({}), offline).context();
    return (
      await remember(context, {
        key: `c#${++counter}`,
        companyId,
        scope: 'company',
        ownerId: companyId,
        authorId: 'a',
        content,
        ...overrides,
      })
    ).id;
  }

  it('archives what lost its value, keeps what reinforcement holds up, and a retried stage changes nothing again', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const companyId = 'decay-co';
    const weak = await seed(companyId, 'A tip that led reviewers to reject the work twice.', { importance: 0.6 });
    const strong = await seed(companyId, 'A tip that got every review approved.', { importance: 0.2 });
    const fresh = await seed(companyId, 'A brand new note with low importance.', { importance: 0.05 });
    await database.pool.query(`UPDATE memories SET created_at = now() - interval '30 days' WHERE id = ANY($1)`, [
      [weak, strong],
    ]);
    await reinforce(database.pool, { companyId, memoryIds: [weak], outcome: 'fail', key: 'k1' });
    await reinforce(database.pool, { companyId, memoryIds: [weak], outcome: 'reject', key: 'k2' });
    await reinforce(database.pool, { companyId, memoryIds: [strong], outcome: 'approve', key: 'k3' });

    const target = { runKey: 'run-1', companyId };
    await activities.startMemoryConsolidation(target);
    const options = { ...target, minAgeHours: 24, belowValue: 0.15 };
    const archived = await activities.archiveLowValueMemories(options);
    expect(archived).toEqual({ archived: 1, ids: [weak] });
    // The same stage of the same run again (a retried activity): the stored result, nothing archived twice.
    await database.pool.query('UPDATE memories SET archived_at = NULL WHERE id = $1', [weak]);
    expect(await activities.archiveLowValueMemories(options)).toEqual(archived);
    const { rows } = await database.pool.query(
      'SELECT id FROM memories WHERE company_id = $1 AND archived_at IS NOT NULL',
      [companyId],
    );
    expect(rows).toEqual([]);
    expect(fresh).toBeGreaterThan(0);
  });

  it('merges near-duplicates within one scope only and records the run report once', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const companyId = 'dup-co';
    const a = await seed(companyId, 'The VPN certificate expires on the first of March.', { importance: 0.3 });
    const b = await seed(companyId, 'The VPN certificate expires on the first of March!', { importance: 0.8 });
    const otherScope = await seed(companyId, 'The VPN certificate expires on the first of March.', {
      scope: 'agent',
      ownerId: 'eng-1',
    });
    const target = { runKey: 'run-dup', companyId };
    const started = await activities.startMemoryConsolidation(target);
    const merged = await activities.mergeDuplicateMemories({ ...target, minSimilarity: 0.95 });
    expect(merged).toEqual({ groups: 1, archived: 1, merges: [{ keptId: b, mergedIds: [a] }] });
    const { rows } = await database.pool.query(
      'SELECT id, merged_into, archived_at IS NOT NULL AS archived FROM memories WHERE id = ANY($1) ORDER BY id',
      [[a, b, otherScope]],
    );
    expect(rows).toEqual([
      { id: String(a), merged_into: String(b), archived: true },
      { id: String(b), merged_into: null, archived: false },
      { id: String(otherScope), merged_into: null, archived: false },
    ]);
    const parts = {
      ...target,
      startedAt: started.startedAt,
      activeBefore: started.activeBefore,
      decayed: 0,
      graph: { refreshed: 0, extractor: 'offline' },
      duplicates: merged,
      clusters: { summarised: 0, archived: 0, summaries: [], summarizer: 'offline' },
      lowValue: { archived: 0, ids: [] },
      communities: { communities: 0, entities: 0, summarizer: 'offline' },
    };
    const report = await activities.finishMemoryConsolidation(parts);
    expect(report).toMatchObject({ activeBefore: 3, activeAfter: 2 });
    expect(await activities.finishMemoryConsolidation(parts)).toEqual(report);
  });
});
