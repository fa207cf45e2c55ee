import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { until } from '../helpers/until.ts';
import { teamTemplate } from '../helpers/templates.ts';

/**
 * An operator's `company fire` (docs/scaling.md) in a company without `scaling`: the fired agent's
 * open task goes to its peer with a handoff note and finishes there. Real dev server, real CLI, PGlite
 * for the audit log; the offline model (a deterministic simulator) makes "deploy" steps wait for an
 * approval, so the fired agent's subtask is still open when it leaves.
 */
let env: SynthorgTestEnv;
let temporal: Client;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  temporal = new Client({ connection: env.connection });
});
afterAll(async () => {
  await env?.stop();
});

describe('firing an agent', () => {
  it('hands its open task to a peer of its role, which finishes it', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'firing', template: teamTemplate('supervised') });
      const goal = await env.client.submitGoal('firing', 'Deploy the new release');
      const waiting = await until('both subtasks awaiting approval', async () => {
        const approvals = await env.client.listApprovals('firing');
        return approvals.length === 2 ? approvals.map((approval) => approval.taskId) : undefined;
      });
      const company = await env.client.status('firing');
      const held = company.tasks.find((task) => waiting.includes(task.id) && task.assignee === 'second');
      expect(held, 'a subtask of the agent to be fired').toBeDefined();

      const fired = await runNode(synthorgBin, ['company', 'fire', 'firing', 'second'], {
        ...process.env,
        TEMPORAL_ADDRESS: env.temporalAddress,
        SYNTHORG_TASK_QUEUE: env.taskQueue,
        SYNTHORG_DEBUG: '',
      });
      expect(fired.status, fired.stderr).toBe(0);

      const taskState = () => temporal.workflow.getHandle(taskWorkflowId('firing', held!.id)).query(stateQuery);
      await until('the handover', async () => ((await taskState()).assignee === 'worker' ? true : undefined));
      expect((await taskState()).transcript.some((entry) => entry.text.startsWith('handoff note from second'))).toBe(
        true,
      );

      const ended = await env.client.waitForTask('firing', goal.id, {
        onApproval: (approval) => env.client.approve('firing', approval.taskId),
      });
      expect(ended.status).toBe('COMPLETED');
      expect(await env.client.task('firing', held!.id)).toMatchObject({ status: 'COMPLETED', assignee: 'worker' });

      const { rows } = await env.pool.query<{ event: string; details: { successor?: string; tasks?: string[] } }>(
        `SELECT event, details FROM audit_log WHERE company_id = 'firing' ORDER BY id`,
      );
      const handedOver = rows.find((row) => row.event === 'fired agent’s work handed over');
      expect(handedOver?.details).toMatchObject({ successor: 'worker', tasks: [held!.id] });
    });
  });
});
