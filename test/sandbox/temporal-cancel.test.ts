import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSandboxActivities } from '../../activities/sandbox.ts';
import { availableIsolations, createTestSandbox, processesWithMarker, uniqueMarker } from './helpers.ts';
import type { TestSandbox } from './helpers.ts';
import { runCodeWorkflow } from './run-code-workflow.ts';
import '../helpers/context.ts';
import { installRuntime } from '../../src/temporal/runtime.ts';

const { available } = await availableIsolations();
const isolation = available[0] ?? 'none';

describe(`runCode on a real Temporal server (local backend, ${isolation})`, () => {
  let test: TestSandbox;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  const taskQueue = `sandbox-test-${randomUUID()}`;

  beforeAll(async () => {
    installRuntime('ERROR');
    // A wall time far beyond the test: only the cancellation can stop the run in time.
    test = await createTestSandbox(isolation, { SYNTHORG_SANDBOX_WALL_TIMEOUT_MS: '600000' });
    const address = inject('temporalAddress');
    connection = await Connection.connect({ address });
    nativeConnection = await NativeConnection.connect({ address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
    await test?.dispose();
  });

  async function withWorker<T>(body: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: new URL('./run-code-workflow.ts', import.meta.url).pathname,
      activities: createSandboxActivities({ sandbox: test.sandbox, heartbeatIntervalMs: 200 }),
    });
    return await worker.runUntil(body());
  }

  it('returns the run result through the workflow', async () => {
    const result = await withWorker(() =>
      client.workflow.execute(runCodeWorkflow, {
        taskQueue,
        workflowId: `sandbox-test-${randomUUID()}`,
        args: [{ workspace: { lifecycle: 'call' }, language: 'python', code: 'print(sum(range(10)))' }],
      }),
    );
    expect(result).toMatchObject({ ok: true, exitCode: 0, stdout: { text: '45\n' }, isolation });
  });

  it('leaves no process behind when the workflow cancels the running activity', async () => {
    const marker = uniqueMarker();
    const workflowId = `sandbox-cancel-${randomUUID()}`;
    await withWorker(async () => {
      const handle = await client.workflow.start(runCodeWorkflow, {
        taskQueue,
        workflowId,
        args: [
          {
            workspace: { lifecycle: 'task', id: workflowId },
            language: 'bash',
            // Three processes that would outlive a careless kill: a child, a grandchild in its own session, a daemon.
            code: [
              `cp "$(command -v sleep)" ./${marker}`,
              `./${marker} 600 &`,
              `setsid bash -c './${marker} 601 & ./${marker} 602' &`,
              'wait',
            ].join('\n'),
          },
        ],
      });
      const deadline = Date.now() + 20_000;
      while ((await processesWithMarker(marker)).length < 3) {
        if (Date.now() > deadline) throw new Error('the sandboxed processes never started');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const cancelledAt = performance.now();
      await handle.cancel();
      const failure = await handle.result().catch((error: unknown) => error);
      expect(performance.now() - cancelledAt).toBeLessThan(15_000);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      const history = await handle.fetchHistory();
      // The activity itself reported the cancellation, after killing the processes.
      expect(history.events?.some((event) => event.activityTaskCanceledEventAttributes)).toBe(true);
    });
    expect(await processesWithMarker(marker)).toEqual([]);
    const artifacts = await test.sandbox.listArtifacts(workflowId);
    expect(artifacts.some((artifact) => artifact.path.endsWith('/program'))).toBe(true);
  });
});
