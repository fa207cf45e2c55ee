import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryActivities } from '../../activities/memory.ts';
import { loadConfig } from '../../src/config/env.ts';
import { memoryServiceFor } from '../../src/memory/memory-service.ts';
import { remember } from '../../src/memory/memory-store.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { addCompany, recordSpent } from './money-fixtures.ts';

const offline = { embeddingModel: 'offline', languageModel: 'offline' };
let database: TestDatabase;
let activities: ReturnType<typeof createMemoryActivities>;

beforeAll(async () => {
  database = await startTestDatabase();
  activities = createMemoryActivities({ pool: database.pool, config: loadConfig({}), memoryConfig: offline });
});
afterAll(async () => database?.stop());

const company = (id: string, limitUsd: number, status: string) => addCompany(database.pool, id, limitUsd, status);

async function seedEpisodes(companyId: string): Promise<void> {
  const context = await memoryServiceFor(database.pool, loadConfig({}), offline).context();
  for (let index = 0; index < 4; index++) {
    await remember(context, {
      key: `${companyId}#${index}`,
      companyId,
      scope: 'company',
      ownerId: companyId,
      authorId: 'a',
      category: 'episodic',
      content: `Alice Moreau met Acme Robotics about Project Phoenix, meeting ${index}.`,
    });
  }
}

async function memorySpend(companyId: string): Promise<number> {
  const { rows } = await database.pool.query<{ calls: number }>(
    `SELECT count(*)::int AS calls FROM ledger WHERE company_id = $1 AND agent_id = 'memory'`,
    [companyId],
  );
  return rows[0]?.calls ?? 0;
}

describe('memory consolidation and the budget', () => {
  const stage = (companyId: string, runKey: string) =>
    activities.summariseEpisodicMemories({ runKey, companyId, minAgeHours: 0, minSize: 2, maxClusters: 10 });

  it('does not call the memory model while the company is paused or at its ceiling, and does once it may', async () => {
    const companyId = 'frugal';
    await company(companyId, 1, 'PAUSED');
    await seedEpisodes(companyId);
    await activities.startMemoryConsolidation({ runKey: 'paused-run', companyId });
    const paused = await stage(companyId, 'paused-run');
    expect(paused.summarizer).toBe('skipped: company is paused');
    expect((await activities.rebuildMemoryCommunities({ runKey: 'paused-run', companyId })).summarizer).toMatch(
      /^skipped: company is paused/,
    );
    expect(await memorySpend(companyId)).toBe(0);

    await company(companyId, 1, 'RUNNING');
    await recordSpent(database.pool, companyId, 1);
    await activities.startMemoryConsolidation({ runKey: 'ceiling-run', companyId });
    expect((await stage(companyId, 'ceiling-run')).summarizer).toMatch(/^skipped: company is at its monthly ceiling/);
    expect((await activities.refreshMemoryGraph({ runKey: 'ceiling-run', companyId, limit: 10 })).extractor).toMatch(
      /^skipped: company is at its monthly ceiling/,
    );
    expect(await memorySpend(companyId)).toBe(0);

    await company(companyId, 5, 'RUNNING');
    await activities.startMemoryConsolidation({ runKey: 'open-run', companyId });
    const open = await stage(companyId, 'open-run');
    expect(open.summarizer).not.toMatch(/^skipped/);
    expect(open.summarised).toBeGreaterThan(0);
    expect(await memorySpend(companyId)).toBeGreaterThan(0);
  });

  it('refuses a paid memory model with no price before calling it, as a permanent failure', async () => {
    const companyId = 'unpriced-memory';
    await company(companyId, 5, 'RUNNING');
    await seedEpisodes(companyId);
    const unpriced = createMemoryActivities({
      pool: database.pool,
      // Nothing listens there: the refusal comes before any request.
      config: loadConfig({ SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:9/v1' }),
      memoryConfig: { embeddingModel: 'offline', languageModel: 'openai-compatible:mystery' },
    });
    await unpriced.startMemoryConsolidation({ runKey: 'unpriced-run', companyId });
    await expect(
      unpriced.summariseEpisodicMemories({
        runKey: 'unpriced-run',
        companyId,
        minAgeHours: 0,
        minSize: 2,
        maxClusters: 10,
      }),
    ).rejects.toMatchObject({ type: 'UnpricedModel', nonRetryable: true, message: /SYNTHORG_MODEL_PRICES/ });
    expect(await memorySpend(companyId)).toBe(0);
  });
});
