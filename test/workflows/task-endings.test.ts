import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import type { TaskView } from '../../src/client/types.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { testSandboxConfig } from '../helpers/sandbox-stack.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate, teamTemplate } from '../helpers/templates.ts';
import { retriedSoon } from '../helpers/retried-soon.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
let brokenSandbox: Sandbox;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  brokenSandbox = await createSandbox(testSandboxConfig(env.sandboxStack));
});
afterAll(async () => {
  await brokenSandbox?.close();
  await env?.stop();
});

async function viewOf(companyId: string, taskId: string): Promise<TaskView | undefined> {
  return (await env.client.status(companyId)).tasks.find((task) => task.id === taskId);
}

describe('every task ends visibly', () => {
  it('a task whose sandbox attempts are exhausted ends FAILED with the reason, and waitForTask returns', async () => {
    // Retried after 100 ms instead of the activity's backoff (test/helpers/retried-soon.ts).
    let attempts = 0;
    brokenSandbox.run = () => {
      attempts++;
      return Promise.reject(retriedSoon('sandbox node lost'));
    };
    await env.withWorker(
      async () => {
        await env.client.startCompany({ id: 'sandbox-gone', template: duoTemplate({ oversight: 'full' }) });
        const root = await env.client.submitGoal('sandbox-gone', 'Write the slug helper');
        const done = await env.client.waitForTask('sandbox-gone', root.id, { pollIntervalMs: 200 });
        expect(done.status).toBe('FAILED');
        expect(done.failureReason).toContain('sandbox node lost');
        // Every attempt of the activity's retry policy ran, and no more.
        expect(attempts).toBe(5);
        const view = await viewOf('sandbox-gone', root.id);
        expect(view?.status).toBe('FAILED');
        expect(view?.failureReason).toContain('runTaskCode');
        const description = await env.client.temporal.workflow
          .getHandle(taskWorkflowId('sandbox-gone', root.id))
          .describe();
        expect(description.status.name).toBe('COMPLETED');
      },
      { sandbox: brokenSandbox },
    );
  }, 120_000);

  it('a COMPLETED task whose workspace cleanup fails stays COMPLETED with a notice, not a failed workflow', async () => {
    const real = await createSandbox(testSandboxConfig(env.sandboxStack));
    try {
      let attempts = 0;
      real.destroyWorkspace = () => {
        attempts++;
        return Promise.reject(retriedSoon('workspace volume busy'));
      };
      await env.withWorker(
        async () => {
          await env.client.startCompany({ id: 'cleanup-stuck', template: duoTemplate({ oversight: 'full' }) });
          const root = await env.client.submitGoal('cleanup-stuck', 'Write the slug helper');
          const done = await env.client.waitForTask('cleanup-stuck', root.id, { pollIntervalMs: 200 });
          expect(done.status).toBe('COMPLETED');
          const view = await until('the notice on the stuck task', async () => {
            const task = await viewOf('cleanup-stuck', root.id);
            return task?.notice ? task : undefined;
          });
          expect(view.notice).toContain('workspace volume busy');
          expect(attempts).toBe(5);
          const audit = await env.pool.query<{ details: { notice?: string } }>(
            `SELECT details FROM audit_log WHERE company_id = $1 AND event = 'workspace cleanup failed'`,
            ['cleanup-stuck'],
          );
          expect(audit.rows[0]?.details.notice).toContain('workspace volume busy');
          const handle = env.client.temporal.workflow.getHandle(taskWorkflowId('cleanup-stuck', root.id));
          await handle.result();
          expect((await handle.describe()).status.name).toBe('COMPLETED');
        },
        { sandbox: real },
      );
    } finally {
      await real.close();
    }
  }, 120_000);

  it('a parent sees a terminated child as a failed subtask and still finishes', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'lost-child', template: teamTemplate('supervised') });
      const root = await env.client.submitGoal('lost-child', 'Prepare the quarterly operations report');
      // Both engineers ask to run code and wait for a human.
      const approvals = await until('two approvals', async () => {
        const pending = await env.client.listApprovals('lost-child');
        return pending.length >= 2 ? pending : undefined;
      });
      const [lost, kept] = approvals as [(typeof approvals)[0], (typeof approvals)[0]];
      await env.client.temporal.workflow
        .getHandle(taskWorkflowId('lost-child', lost.taskId))
        .terminate('operator removed the task');
      await env.client.approve('lost-child', kept.taskId);

      const done = await env.client.waitForTask('lost-child', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      expect(done.result).toContain(`${lost.taskId} FAILED`);
      const lostView = await until('the lost child to fail', async () => {
        const task = await viewOf('lost-child', lost.taskId);
        return task?.status === 'FAILED' ? task : undefined;
      });
      expect(lostView.failureReason).toMatch(/subtask workflow closed: .*t1\.\d Terminated/);
      const row = await env.pool.query<{ status: string; failure_reason: string }>(
        'SELECT status, failure_reason FROM tasks WHERE company_id = $1 AND id = $2',
        ['lost-child', lost.taskId],
      );
      expect(row.rows[0]?.status).toBe('FAILED');
      // waitForTask on the terminated child itself returns too.
      const direct = await env.client.waitForTask('lost-child', lost.taskId, { pollIntervalMs: 200 });
      expect(direct.status).toBe('FAILED');
    });
  }, 120_000);

  it('waitForTask returns for a task whose workflow was terminated before it could report', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'cut-off', template: duoTemplate({ oversight: 'supervised' }) });
      const root = await env.client.submitGoal('cut-off', 'Write the slug helper');
      await until('an approval', async () => {
        const pending = await env.client.listApprovals('cut-off');
        return pending.length > 0 ? pending : undefined;
      });
      await env.client.temporal.workflow.getHandle(taskWorkflowId('cut-off', root.id)).terminate('stuck run');
      const done = await env.client.waitForTask('cut-off', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('FAILED');
      expect(done.failureReason).toContain('terminated');
      expect(done.failureReason).toContain('stuck run');
      // The company view, which the dead workflow could not tell, shows the ending too.
      const view = await until('the cut-off task to fail', async () => {
        const task = await viewOf('cut-off', root.id);
        return task?.status === 'FAILED' ? task : undefined;
      });
      expect(view.failureReason).toContain('stuck run');
      expect(await env.client.listApprovals('cut-off')).toEqual([]);
    });
  }, 120_000);

  it('an approval answered after it timed out is rejected with the reason', async () => {
    await env.withWorker(async () => {
      const template = duoTemplate({
        oversight: 'supervised',
        policies: { approvalTimeout: '1s', approvalDefault: 'deny' },
      });
      await env.client.startCompany({ id: 'late-answer', template });
      const root = await env.client.submitGoal('late-answer', 'Write the slug helper');
      const done = await env.client.waitForTask('late-answer', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('FAILED');
      const late = env.client.approve('late-answer', root.id, 'sorry, I was away');
      await expect(late).rejects.toBeInstanceOf(InvalidInputError);
      await expect(late).rejects.toThrow(/no answer within 1s|timed out after 1s/);
    });
  }, 120_000);

  it('an approval answered right after it timed out, while the task goes on, is rejected', async () => {
    await env.withWorker(async () => {
      const template = duoTemplate({
        oversight: 'supervised',
        policies: { approvalTimeout: '1s', approvalDefault: 'approve' },
      });
      await env.client.startCompany({ id: 'late-approve', template });
      const root = await env.client.submitGoal('late-approve', 'Write the slug helper');
      await until('the task to await approval', async () =>
        (await viewOf('late-approve', root.id))?.status === 'AWAITING_APPROVAL' ? true : undefined,
      );
      await until('the approval to end', async () =>
        (await viewOf('late-approve', root.id))?.status !== 'AWAITING_APPROVAL' ? true : undefined,
      );
      const late = env.client.approve('late-approve', root.id);
      await expect(late).rejects.toBeInstanceOf(InvalidInputError);
      await expect(late).rejects.toThrow(/timed out after 1s; the policy default \(approve\) was applied|has ended/);
      const done = await env.client.waitForTask('late-approve', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
    });
  }, 120_000);
});

describe('company ids', () => {
  it('refuses to start a company under an id whose rows are in the database, even when Temporal forgot it', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'once-only', template: duoTemplate() });
      await env.client.stopCompany('once-only');
      const handle = env.client.temporal.workflow.getHandle(companyWorkflowId('once-only'));
      await handle.result();
      await env.connection.workflowService.deleteWorkflowExecution({
        namespace: env.config.namespace,
        workflowExecution: { workflowId: companyWorkflowId('once-only') },
      });
      await until('the company to be gone', async () =>
        (await handle.describe().catch(() => undefined)) ? undefined : true,
      );

      const again = env.client.startCompany({ id: 'once-only', template: duoTemplate() });
      await expect(again).rejects.toBeInstanceOf(InvalidInputError);
      await expect(again).rejects.toThrow(/company id "once-only" was already used .* choose another id/);
    });
  }, 120_000);
});
