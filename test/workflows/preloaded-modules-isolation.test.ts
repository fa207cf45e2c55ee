/**
 * Workflows sharing preloaded modules keep their own state (src/temporal/workflow-bundler-options.ts;
 * docs/faults-and-load-rounds.md, "Thirteenth round"): on one worker, whose workflow thread shares every workflow module
 * between its workflows, three goals run at once end, write and show exactly what one goal run alone on a worker of
 * its own does. State a module kept at module level would be shared by the three and show in one of them.
 * Real dev server, real worker, PGlite; the offline model (a deterministic simulator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** One goal of the duo (delegated, recalls, four work steps, reviewed) to its end, and what it left. */
async function goal(companyId: string) {
  await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
  const root = await env.client.submitGoal(companyId, 'Write the release notes [steps=4]', { goalId: 'notes' });
  const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
  const state = await env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id)).query(stateQuery);
  const ledger = await env.pool.query(
    `SELECT split_part(call_key, ':', -1) AS step, agent_id, task_id = $2 AS root FROM ledger
      WHERE company_id = $1 ORDER BY id`,
    [companyId, root.id],
  );
  const audit = await env.pool.query(
    `SELECT split_part(event_key, '#', 2) AS key, actor, event FROM audit_log
      WHERE company_id = $1 AND task_id IS NOT NULL ORDER BY event_key`,
    [companyId],
  );
  return {
    done,
    steps: state.steps,
    transcript: JSON.stringify(state.transcript).replace(/memory:\d+/g, 'memory:N'),
    ledger: ledger.rows,
    audit: audit.rows,
  };
}

describe('preloaded workflow modules', () => {
  it('keep each of three goals run at once on one worker the same as one goal run alone', async () => {
    const alone = await env.withWorker(() => goal('preloaded-0'));
    const together = await env.withWorker(() =>
      Promise.all(['preloaded-1', 'preloaded-2', 'preloaded-3'].map((companyId) => goal(companyId))),
    );

    expect(alone.done.status).toBe('COMPLETED');
    expect(alone.steps).toBeGreaterThanOrEqual(5);
    for (const each of together) expect(each).toEqual(alone);
  });
});
