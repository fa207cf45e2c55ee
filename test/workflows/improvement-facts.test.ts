/**
 * The improvement loop reads its signals and its guards' facts in one activity (`improvementFacts`). They must see
 * one committed state: a rollout promoted between the two reads once left signals of the old version (whose
 * rejections the promoted version already addresses) beside guards that saw no rollout running, and the loop
 * proposed again what the new version holds (CI, round 20: "proposal 3 awaits approval" after a promotion).
 * Real PostgreSQL, because the promotion must commit from another connection while the activity reads.
 */
import type { Pool, PoolClient } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfigurationActivities } from '../../activities/configuration.ts';
import { createVersion } from '../../src/db/configuration-store.ts';
import { openRollout, updateRollout } from '../../src/db/rollout-store.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { noRealPostgresReason, startTestRealPostgres } from '../helpers/database.ts';
import { duoTemplate } from '../helpers/templates.ts';

const real = await startTestRealPostgres();

afterAll(async () => {
  await real?.stop();
});

const companyId = 'facts';

async function companyWithRollout(pool: Pool): Promise<number> {
  // The duo company: its worker is the Operations Engineer the candidate's patch instructs.
  const company = snapshotFromTemplate(companyId, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
  await pool.query(
    `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd) VALUES ($1, $1, 'test', $2, 10)`,
    [companyId, JSON.stringify(company)],
  );
  const candidate = await createVersion(pool, {
    companyId,
    patch: { roles: { 'Operations Engineer': { instructions: 'Show evidence.' } } },
    author: 'loop',
    reason: 'test',
    requestKey: 'facts-v2',
  });
  await openRollout(pool, {
    companyId,
    candidateVersion: candidate.version,
    workflowId: 'rollout-facts',
    mode: 'manual',
    author: 'loop',
    reason: 'test',
    stages: [{ percent: 100, minSamples: 1, maxDuration: '10m' }],
  });
  return candidate.version;
}

/**
 * The pool the activity gets: the real one, except that right after the signals' first read of the tasks (on the
 * pool or on a client taken from it) the rollout is promoted through another connection, before any further read.
 */
function promotingAfterSignals(pool: Pool, promote: () => Promise<void>): Pool {
  let promoted = false;
  const afterQuery = async (text: unknown) => {
    if (!promoted && typeof text === 'string' && text.includes('FROM tasks t')) {
      promoted = true;
      await promote();
    }
  };
  const query = (target: Pick<Pool, 'query'>) =>
    async function (this: unknown, ...args: unknown[]) {
      const result = await (target.query as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      await afterQuery(args[0]);
      return result;
    };
  return new Proxy(pool, {
    get(target, key, receiver) {
      if (key === 'query') return query(target);
      if (key === 'connect') {
        return async () => {
          const client = await target.connect();
          return new Proxy(client, {
            get: (inner: PoolClient, name) =>
              name === 'query' ? query(inner) : (Reflect.get(inner, name, inner) as unknown),
          });
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

describe.skipIf(!real)(`improvementFacts on a real PostgreSQL (${real ? 'present' : noRealPostgresReason})`, () => {
  it('reads signals and guard facts in one snapshot: a promotion between the reads is seen by both or by neither', async () => {
    const pool = real!.pool;
    const candidate = await companyWithRollout(pool);
    let promotions = 0;
    const activities = createConfigurationActivities({
      pool: promotingAfterSignals(pool, async () => {
        await updateRollout(pool, {
          companyId,
          candidateVersion: candidate,
          status: 'PROMOTED',
          stageIndex: 0,
          percent: 100,
        });
        promotions++;
      }),
    });

    const facts = await activities.improvementFacts({ companyId });

    expect(promotions).toBe(1);
    // Read before the promotion committed: the baseline is current and its rollout still runs, so the one-rollout
    // guard blocks whatever the old version's signals suggest. Apart, the guards saw no rollout (activeRollout null).
    expect({ version: facts.signals.currentVersion, activeRollout: facts.activeRollout }).toEqual({
      version: 1,
      activeRollout: candidate,
    });
    // The next read sees the promotion, in both.
    const after = await createConfigurationActivities({ pool }).improvementFacts({ companyId });
    expect({ version: after.signals.currentVersion, activeRollout: after.activeRollout }).toEqual({
      version: candidate,
      activeRollout: null,
    });
  });
});
