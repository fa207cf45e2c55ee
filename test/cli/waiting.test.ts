import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoWorkerError } from '../../src/client/worker-presence.ts';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { loadTemplate } from '../../src/templates/loader.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import type { Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';

/**
 * What the CLI says while it waits on something outside itself: a company no worker serves, and a
 * goal that waits for a person's approval. The CLI runs as a child process against the real server.
 */

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

function synthorg(taskQueue: string, ...args: string[]): Promise<Run & { elapsedMs: number }> {
  const started = Date.now();
  return runNode(synthorgBin, args, {
    ...process.env,
    TEMPORAL_ADDRESS: env.temporalAddress,
    SYNTHORG_TASK_QUEUE: taskQueue,
    SYNTHORG_DEBUG: '',
  }).then((run) => ({ ...run, elapsedMs: Date.now() - started }));
}

/** A company workflow started on a queue no worker has ever polled. */
async function companyWithoutWorker(companyId: string, taskQueue: string): Promise<void> {
  const client = new Client({ connection: env.connection });
  const company = snapshotFromTemplate(companyId, await loadTemplate('startup'));
  await client.workflow.start('companyWorkflow', {
    workflowId: companyWorkflowId(companyId),
    taskQueue,
    args: [{ company }],
  });
}

describe('without a worker', () => {
  it('company status, task show and approvals list say within seconds that no worker serves the company', async () => {
    const taskQueue = `unserved-${randomUUID()}`;
    await companyWithoutWorker('unserved-co', taskQueue);
    for (const args of [
      ['company', 'status', 'unserved-co'],
      ['approvals', 'list', 'unserved-co'],
      ['task', 'show', 'unserved-co', 't1'],
    ]) {
      const run = await synthorg(taskQueue, ...args);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(
        `synthorg: no worker is serving company "unserved-co": nothing polls task queue "${taskQueue}"`,
      );
      expect(run.stderr).toContain('synthorg dev');
      // CLI start-up included; a loaded machine gets some slack over the 1.5 s check.
      expect(run.elapsedMs).toBeLessThan(15_000);
    }
  });

  it('a client whose workflow task a killed worker still holds says when a live worker takes it over', async () => {
    const companyId = `held-${randomUUID().slice(0, 8)}`;
    const taskQueue = `held-${randomUUID()}`;
    const raw = new Client({ connection: env.connection });
    const company = snapshotFromTemplate(companyId, await loadTemplate('startup'));
    await raw.workflow.start('companyWorkflow', {
      workflowId: companyWorkflowId(companyId),
      taskQueue,
      workflowTaskTimeout: '60 seconds',
      args: [{ company }],
    });
    // A worker takes the first workflow task and dies before answering: nothing completes it.
    const polled = await env.connection.withDeadline(Date.now() + 30_000, () =>
      raw.workflowService.pollWorkflowTaskQueue({
        namespace: raw.options.namespace,
        taskQueue: { name: taskQueue },
        identity: 'worker-killed-mid-task',
      }),
    );
    expect(polled.taskToken?.length).toBeGreaterThan(0);
    const client = new SynthorgClient(env.connection, {
      config: { ...env.config, taskQueue },
      ownsConnection: false,
      queryTimeoutMs: 4_000,
    });
    const error = await client.status(companyId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoWorkerError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`no worker answered for company "${companyId}" within 4 s`));
    expect(message).toMatch(/a worker took its workflow task \d+ s ago and has not finished it/);
    const due = /takes the task over (\d+) s from now/.exec(message);
    expect(due, message).not.toBeNull();
    expect(Number(due?.[1])).toBeGreaterThan(45);
    expect(Number(due?.[1])).toBeLessThanOrEqual(60);
  });

  it('a client whose worker has gone gives up at its query timeout, naming the queue', async () => {
    const companyId = `gone-${randomUUID().slice(0, 8)}`;
    const connection = await Connection.connect({ address: env.temporalAddress });
    try {
      await env.withWorker(async () => {
        await env.client.startCompany({ id: companyId, template: 'startup' });
        await env.client.status(companyId);
      });
      // The worker polled a moment ago, so the server still lists it: only the deadline can tell.
      const client = new SynthorgClient(connection, {
        config: env.config,
        ownsConnection: false,
        queryTimeoutMs: 4_000,
      });
      const started = Date.now();
      const error = await client.status(companyId).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NoWorkerError);
      expect((error as Error).message).toMatch(
        new RegExp(`no worker (answered for|is serving) company "${companyId}".*task queue "${env.taskQueue}"`),
      );
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      await connection.close();
    }
  });
});

describe('task submit --wait', () => {
  it(
    'says which approval it waits for and how to answer it, and the printed command answers it',
    { timeout: 180_000 },
    async () => {
      await env.withWorker(async () => {
        // research-lab is supervised: running code and publishing wait for an operator.
        const started = await synthorg(
          env.taskQueue,
          'company',
          'start',
          '--template',
          'research-lab',
          '--id',
          'wait-lab',
        );
        expect(started.status, started.stderr).toBe(0);
        const waiter = spawn(
          process.execPath,
          [synthorgBin, 'task', 'submit', 'wait-lab', 'Publish the survey results', '--wait'],
          {
            env: {
              ...process.env,
              TEMPORAL_ADDRESS: env.temporalAddress,
              SYNTHORG_TASK_QUEUE: env.taskQueue,
              SYNTHORG_DEBUG: '',
            },
          },
        );
        let stdout = '';
        let stderr = '';
        waiter.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => waiter.once('exit', resolve));
        const answered = new Set<number>();
        // Answer every request exactly as the CLI says to, until the goal ends.
        waiter.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          for (const match of stdout.matchAll(/answer: synthorg (approve wait-lab t[\d.]+)/g)) {
            // A task can ask again later (publish, then run_code): each printed request is answered once.
            const [, command] = match;
            if (!command || answered.has(match.index)) continue;
            answered.add(match.index);
            void synthorg(env.taskQueue, ...command.split(' '), '--reason', 'as the CLI asked');
          }
        });
        const deadline = setTimeout(() => waiter.kill('SIGKILL'), 150_000);
        const code = await exited.finally(() => clearTimeout(deadline));
        expect(code, `${stdout}\n${stderr}`).toBe(0);
        expect(answered.size).toBeGreaterThan(0);
        expect(stdout).toMatch(
          /waiting for an approval: [\w-]+ wants to \w+ \(task t[\d.]+, since [\d-]+T[\d:.]+Z\)\n {2}answer: synthorg approve wait-lab t[\d.]+ {3}or {3}synthorg deny wait-lab t[\d.]+ --reason "<why>"\n {2}unanswered, it is denied 1h after the request/,
        );
        expect(stdout).toContain('result:');
      });
    },
  );
});
