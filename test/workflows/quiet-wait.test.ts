import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { cutByClaimCheck, taskViewFromHistory } from '../../src/client/task-history-answer.ts';
import { pollTask } from '../../src/client/task-wait.ts';
import type { TaskView } from '../../src/client/types.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { cutText } from '../../src/domain/text-cut.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { testSandboxConfig } from '../helpers/sandbox-stack.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { retriedSoon } from '../helpers/retried-soon.ts';
import { until } from '../helpers/until.ts';
import type { AgentTaskResult } from '../../workflows/contracts/task.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** The wait's answer, or a rejection when it has none within `ms` (a wait that reads the company hangs without a worker). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('a quiet wait answers from the closed task workflow', () => {
  it('with what a full read gives, without the company: no worker runs, and a second client gets the same', async () => {
    const { root, full } = await env.withWorker(async () => {
      await env.client.startCompany({ id: 'quiet', template: duoTemplate({ oversight: 'full' }) });
      // Runs code in the sandbox: the run's workspace cleanup completed, so no notice is possible.
      const root = await env.client.submitGoal('quiet', 'Write the slug helper', { goalId: 'slug' });
      const done = await env.client.waitForTask('quiet', root.id);
      const full = await env.client.task('quiet', root.id);
      expect(done).toEqual(full);
      // A wait that shows progress reads the company until it shows the ending, and then no more.
      const polling = { onProgress: () => undefined, pollIntervalMs: 200 };
      expect(await env.client.waitForTask('quiet', root.id, polling)).toEqual(full);
      const context = {
        temporal: env.client.temporal,
        view: async (id: string) => ({
          company: await env.client.status(id),
          pendingApprovals: [],
          approvalPolicy: { timeout: '1h', defaultOutcome: 'deny' as const },
        }),
        task: () => Promise.reject(new Error('the task was read again')),
      };
      expect(await pollTask(context, 'quiet', root.id, polling)).toEqual(full);
      return { root, full };
    });
    expect(full.status).toBe('COMPLETED');
    expect(full.reviewer).not.toBeNull();
    const history = await env.client.temporal.workflow.getHandle(taskWorkflowId('quiet', root.id)).fetchHistory();
    const names = (history.events ?? []).map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name);
    expect(names).toContain('destroyWorkspace');

    // No worker now: reading the company would wait for one; the task's history is the server's to give.
    expect(await within(15_000, env.client.waitForTask('quiet', root.id))).toEqual(full);
    // A client that died mid-wait and waits again (a new one) gets the same answer, and sends nothing.
    const again = new SynthorgClient(env.connection, { config: env.config, ownsConnection: false });
    expect(await within(15_000, again.waitForTask('quiet', root.id))).toEqual(full);
  }, 120_000);

  it('leaves to the company what the history cannot give: a cleanup notice, a cut result, a run cut off', async () => {
    const stuck = await createSandbox(testSandboxConfig(env.sandboxStack));
    try {
      // Retried after 100 ms instead of the activity's 1-8 s backoff (test/helpers/retried-soon.ts).
      stuck.destroyWorkspace = () => Promise.reject(retriedSoon('workspace volume busy'));
      await env.withWorker(
        async () => {
          await env.client.startCompany({ id: 'loud', template: duoTemplate({ oversight: 'full' }) });
          const noticed = await env.client.submitGoal('loud', 'Write the slug helper', { goalId: 'notice' });
          const done = await env.client.waitForTask('loud', noticed.id);
          expect(done.notice).toContain('workspace volume busy');
          expect(done).toEqual(await env.client.task('loud', noticed.id));
          expect(await taskViewFromHistory(env.client.temporal, 'loud', noticed.id)).toBeUndefined();
        },
        { sandbox: stuck },
      );
    } finally {
      await stuck.close();
    }
    await env.withWorker(async () => {
      const long = await env.client.submitGoal('loud', 'Compile the handbook [answer-bytes=5000]', { goalId: 'long' });
      const done = await env.client.waitForTask('loud', long.id);
      expect(done.status).toBe('COMPLETED');
      // The result carries the claim check's cut; only a full read has the whole text.
      expect(done.result).toContain('whole result: synthorg task show loud g-long');
      expect((await env.client.task('loud', long.id)).result).toHaveLength(5000);
      expect(await taskViewFromHistory(env.client.temporal, 'loud', long.id)).toBeUndefined();

      await env.client.startCompany({ id: 'held', template: duoTemplate({ oversight: 'supervised' }) });
      const held = await env.client.submitGoal('held', 'Write the slug helper', { goalId: 'held' });
      await until('an approval', async () => {
        const pending = await env.client.listApprovals('held');
        return pending.length > 0 ? pending : undefined;
      });
      await env.client.temporal.workflow.getHandle(taskWorkflowId('held', held.id)).terminate('stuck run');
      const ended: TaskView = await env.client.waitForTask('held', held.id, { pollIntervalMs: 200 });
      expect(ended.failureReason).toContain('stuck run');
      expect(await taskViewFromHistory(env.client.temporal, 'held', held.id)).toBeUndefined();
    });
  }, 180_000);

  it('takes the claim check’s cut for cut, and does not read the history of a cut result in hand', async () => {
    const where = 'whole result: synthorg task show acme g-1';
    expect(cutByClaimCheck(cutText('x'.repeat(3000), 2000, where), 'acme', 'g-1')).toBe(true);
    expect(cutByClaimCheck('x'.repeat(2000), 'acme', 'g-1')).toBe(false);
    expect(cutByClaimCheck(cutText('x'.repeat(3000), 2000, where), 'acme', 'g-2')).toBe(false);

    const unreadable = {
      workflow: {
        getHandle: () => {
          throw new Error('the history was read');
        },
      },
    } as unknown as Client;
    const cut: AgentTaskResult = {
      taskId: 'g-1',
      status: 'COMPLETED',
      assignee: 'worker',
      reviewer: null,
      costUsd: 0,
      result: cutText('x'.repeat(3000), 2000, where),
    };
    await expect(taskViewFromHistory(unreadable, 'acme', 'g-1', cut)).resolves.toBeUndefined();
    await expect(taskViewFromHistory(unreadable, 'acme', 'g-1', { ...cut, result: 'whole' })).rejects.toThrow(
      'the history was read',
    );
  });
});

describe('a polling wait with a signal', () => {
  it('ends in its pause between polls when the signal aborts, rejecting with the reason', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'wait-ends', template: duoTemplate({ oversight: 'semi' }) });
      // Asks for an approval that nobody answers: the task stays open whenever the wait reads it.
      const root = await env.client.submitGoal('wait-ends', 'Deploy the new pricing page', { goalId: 'deploy' });
      const waiting = new AbortController();
      const reason = new Error('the caller stopped listening');
      let polls = 0;
      // After its first read the wait pauses ten minutes; the signal aborts in that pause.
      const wait = env.client.waitForTask('wait-ends', root.id, {
        pollIntervalMs: 600_000,
        signal: waiting.signal,
        onProgress: () => {
          polls += 1;
          setTimeout(() => waiting.abort(reason), 200);
        },
      });
      await expect(within(15_000, wait)).rejects.toBe(reason);
      expect(polls).toBe(1);
    });
  }, 120_000);
});
