import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { viewQuery } from '../../workflows/contracts/company.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { teamTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const answerBytes = 1_000_000;

/** Bytes of a workflow's whole history as the server sends it. */
async function historyBytes(workflowId: string): Promise<number> {
  const history = await env.client.temporal.workflow.getHandle(workflowId).fetchHistory();
  return JSON.stringify(history).length;
}

describe('payloads stay bounded (claim check)', () => {
  it('runs goals whose tasks answer 1 MB each through a company continue-as-new; task show prints the whole answer', async () => {
    await env.withWorker(async () => {
      const company = snapshotFromTemplate('bulky', CompanyTemplate.parse(teamTemplate()));
      const handle = await env.client.temporal.workflow.start('companyWorkflow', {
        workflowId: companyWorkflowId('bulky'),
        taskQueue: env.taskQueue,
        // A tiny history limit makes the company continue as new between and during the goals.
        args: [{ company, historyLimit: 40 }],
      });
      const roots = [];
      for (const goal of ['Compile the operations handbook', 'Write the onboarding guide']) {
        const root = await env.client.submitGoal('bulky', `${goal} [answer-bytes=${answerBytes}]`);
        const done = await env.client.waitForTask('bulky', root.id, { pollIntervalMs: 300 });
        expect(done.status).toBe('COMPLETED');
        roots.push(done);
      }

      const view = await handle.query(viewQuery);
      expect(view.generation).toBeGreaterThanOrEqual(1);
      expect(view.tasks.length).toBe(6);
      // The company holds ids and short summaries, with the cut marked.
      expect(JSON.stringify(view).length).toBeLessThan(50_000);
      for (const task of view.tasks) {
        expect(task.status).toBe('COMPLETED');
        expect(task.result).toMatch(
          /\[… cut: \d+ more characters not shown; whole result: synthorg task show bulky t\d/,
        );
      }
      expect(await historyBytes(companyWorkflowId('bulky'))).toBeLessThan(200_000);

      // Postgres holds every whole answer.
      const { rows } = await env.pool.query<{ id: string; length: number }>(
        'SELECT id, length(result) AS length FROM tasks WHERE company_id = $1 ORDER BY id',
        ['bulky'],
      );
      expect(rows.map((row) => row.length)).toEqual(rows.map(() => answerBytes));

      // The parent read its subtasks' results from Postgres within a budget, cut explicitly.
      const parent = await env.client.task('bulky', roots[0]!.id);
      expect(parent.result?.length).toBe(answerBytes);
      expect(parent.result).toMatch(/- t1\.1 COMPLETED by \w+:\n\[offline\][^]*\[… cut: \d+ more characters not shown/);

      // Each task's own history stays far below Temporal's 50 MB.
      for (const task of view.tasks) {
        expect(await historyBytes(taskWorkflowId('bulky', task.id))).toBeLessThan(6_000_000);
      }

      const shown = await runNode(synthorgBin, ['task', 'show', 'bulky', 't1.2', '--json'], {
        ...process.env,
        TEMPORAL_ADDRESS: env.temporalAddress,
        SYNTHORG_TASK_QUEUE: env.taskQueue,
      });
      expect(shown.stderr).toBe('');
      expect(shown.status).toBe(0);
      const printed = JSON.parse(shown.stdout) as { result: string };
      expect(printed.result.length).toBe(answerBytes);
      await env.client.stopCompany('bulky');
    });
  }, 300_000);
});
