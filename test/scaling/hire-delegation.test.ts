import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import { stableHash } from '../../src/domain/hash.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

/**
 * A hire joins its manager's `canDelegateTo` (docs/scaling.md, "Headcount"): the duo's boss delegates
 * by list (`canDelegateTo: [worker]`), so before the fix a hired engineer never got any work.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('hire and delegation', () => {
  it('a manager delegates goals to an agent hired after the company started', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'hiring-duo', template: duoTemplate({ oversight: 'full' }) });
      const hired = await env.client.hireAgent('hiring-duo', {
        role: 'Operations Engineer',
        fromTemplateAgent: 'worker',
      });
      expect(hired.id).toBe('operations-engineer-1');
      const chart = await new Client({ connection: env.connection }).workflow
        .getHandle(companyWorkflowId('hiring-duo'))
        .query(orgChartQuery);
      expect(chart.agents.find((agent) => agent.id === 'boss')?.canDelegateTo).toEqual([
        'worker',
        'operations-engineer-1',
      ]);

      // The offline model (a deterministic simulator) hands a task to delegates[hash(task id) % n].
      const delegates = ['worker', 'operations-engineer-1'];
      const goals = await Promise.all(
        [0, 1, 2, 3].map(async (index) => env.client.submitGoal('hiring-duo', `Sort inbox batch ${index}`)),
      );
      const finished = await Promise.all(goals.map((goal) => env.client.waitForTask('hiring-duo', goal.id)));
      for (const task of finished) {
        expect(task.status).toBe('COMPLETED');
        expect(task.assignee).toBe(delegates[stableHash(task.id) % delegates.length]);
      }
      expect(finished.map((task) => task.assignee)).toContain('operations-engineer-1');
      const { rows } = await env.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ledger WHERE company_id = 'hiring-duo' AND agent_id = 'operations-engineer-1'`,
      );
      expect(rows[0]?.n).toBeGreaterThan(0);
    });
  });
});
