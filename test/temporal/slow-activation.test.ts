import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import '../helpers/context.ts';

/**
 * The worker crash of the 1,000-task load run ("async hook stack has become corrupted", docs/faults-and-load-rounds.md).
 * Node's vm stops a script at its `timeout` even inside the microtask checkpoint of a context with
 * `microtaskMode: 'afterEvaluate'`; the async-hook frames the workflow's AsyncLocalStorage pushed are then never
 * popped, and the next message the workflow thread takes aborts the whole process. The SDK runs every
 * activation under `isolateExecutionTimeout` (5 s of wall time by default), which a starved worker's healthy
 * activations overran. Real worker processes, a real dev server.
 */
const workerEntry = fileURLToPath(new URL('./fixtures/slow-activation-worker.ts', import.meta.url));

let connection: Connection;
let client: Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await connection.close();
});

interface RunningWorker {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | NodeJS.Signals | null>;
}

async function startWorker(taskQueue: string, env: Record<string, string> = {}): Promise<RunningWorker> {
  const child = spawn(process.execPath, [workerEntry], {
    env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), SLOW_ACTIVATION_TASK_QUEUE: taskQueue, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('running')) resolve();
    });
    void exited.then((how) => reject(new Error(`worker exited (${String(how)}) before running: ${stderr}`)));
  });
  return { child, stderr: () => stderr, exited };
}

/** The promise's value, or the worker's exit and its stderr if the worker dies first. */
async function whileAlive<T>(worker: RunningWorker, work: Promise<T>): Promise<T> {
  const died = worker.exited.then((how) => {
    throw new Error(`worker died (${String(how)}): ${worker.stderr().slice(0, 2_000)}`);
  });
  return Promise.race([work, died]);
}

describe('an activation that holds the workflow thread', () => {
  it('overrunning the vm timeout aborts the worker process (the mechanism, with a 1 s timeout)', async () => {
    const taskQueue = `slow-${randomUUID()}`;
    const worker = await startWorker(taskQueue, { SYNTHORG_WORKER_ACTIVATION_TIMEOUT_SECONDS: '1' });
    await client.workflow.start('slowActivationWorkflow', {
      workflowId: `slow-${randomUUID()}`,
      taskQueue,
      args: [3_000],
    });
    const how = await Promise.race([worker.exited, new Promise((resolve) => setTimeout(resolve, 60_000, 'alive'))]);
    expect(how).not.toBe('alive');
    expect(worker.stderr()).toContain('async hook stack has become corrupted');
  });

  it("with SynthOrg's worker settings, a 7 s activation completes and the worker lives on", async () => {
    const taskQueue = `slow-${randomUUID()}`;
    const worker = await startWorker(taskQueue);
    const first = await whileAlive(
      worker,
      client.workflow.execute('slowActivationWorkflow', {
        workflowId: `slow-${randomUUID()}`,
        taskQueue,
        args: [7_000],
      }),
    );
    // A second workflow after it: the thread must take further activations without aborting.
    const second = await whileAlive(
      worker,
      client.workflow.execute('slowActivationWorkflow', { workflowId: `slow-${randomUUID()}`, taskQueue, args: [10] }),
    );
    expect([first, second]).toEqual(['timed-out', 'timed-out']);
    expect(worker.child.exitCode).toBeNull();
    expect(worker.stderr()).not.toContain('async hook stack');
  });
});
