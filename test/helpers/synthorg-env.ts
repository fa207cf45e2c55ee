import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installRuntime } from '../../src/temporal/runtime.ts';
import type { Pool } from 'pg';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { loadConfig } from '../../src/config/env.ts';
import type { SynthorgConfig } from '../../src/config/env.ts';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { startTestDatabase } from './database.ts';
import { testWorkflowBundleCode } from './workflow-bundle-file.ts';
import { ensureNamespace } from '../../src/temporal/namespaces.ts';
import { delegationServiceHandler } from '../../src/federation/nexus-handler.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { newTestStack, testSandboxConfig } from './sandbox-stack.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';

let bundle: Promise<{ code: string }> | undefined;

/** The workflow bundle: the test run's one bundle (test/helpers/workflow-bundle-file.ts), else built once per process. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= testWorkflowBundleCode(workflowsPath).then((code) => ({ code }));
  return bundle;
}

/**
 * Resolves once a worker polls `taskQueue` for workflow tasks: a worker started in the background
 * (withWorker) may still be bundling, and a company started before it polls is answered "no worker".
 */
export async function untilWorkerPolls(client: Client, taskQueue: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    if ((pollers ?? []).length > 0) return;
    if (Date.now() > deadline) throw new Error(`no worker polled task queue "${taskQueue}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function quietRuntime(): void {
  installRuntime('ERROR');
}

export interface SynthorgTestEnv {
  client: SynthorgClient;
  connection: Connection;
  pool: Pool;
  databaseUrl: string;
  temporalAddress: string;
  config: SynthorgConfig;
  taskQueue: string;
  /** The sandbox stack of this env (test/helpers/sandbox-stack.ts): its workers' workspaces are its own. */
  sandboxStack: string;
  /**
   * Runs `fn` with an in-process worker polling this env's task queue (optionally with its own sandbox, or with the
   * real activities wrapped, e.g. to commit a change between two of a workflow's reads).
   */
  withWorker<T>(fn: () => Promise<T>, options?: WorkerOptions): Promise<T>;
  stop(): Promise<void>;
}

type Activities = ReturnType<typeof createActivities>;

export interface WorkerOptions {
  sandbox?: Sandbox;
  activities?: (real: Activities) => Activities;
}

export interface SynthorgTestEnvOptions {
  /**
   * Run in a Temporal namespace of this env's own (created on the shared dev server), as a separate
   * organisation would: business ids such as `company:globex` are unique per namespace only, and
   * every test file shares the dev server, so a company another file left running under the same id
   * would otherwise answer (or rather, not answer) for this one.
   */
  ownNamespace?: boolean;
}

/**
 * A real Temporal dev server (from global setup), a fresh PGlite database and a unique task queue.
 * `environment` is parsed as the worker's environment (e.g. a provider's base URL).
 */
export async function startSynthorgTestEnv(
  environment: NodeJS.ProcessEnv = {},
  options: SynthorgTestEnvOptions = {},
): Promise<SynthorgTestEnv> {
  quietRuntime();
  const temporalAddress = inject('temporalAddress');
  const database = await startTestDatabase();
  const taskQueue = `test-${randomUUID()}`;
  const connection = await Connection.connect({ address: temporalAddress });
  const loaded = loadConfig(environment);
  const namespace = options.ownNamespace ? `test-${randomUUID()}` : loaded.namespace;
  if (options.ownNamespace) await ensureNamespace(connection, namespace, { retentionDays: 1 });
  const config: SynthorgConfig = {
    ...loaded,
    namespace,
    taskQueue,
    temporalAddress,
    databaseUrl: database.url,
  };
  const client = new SynthorgClient(connection, { config, ownsConnection: false });
  const workflowBundleOption = await workflowBundle();
  const sandboxStack = newTestStack();
  const sandbox: Sandbox = await createSandbox(testSandboxConfig(sandboxStack));

  async function withWorker<T>(fn: () => Promise<T>, options: WorkerOptions = {}): Promise<T> {
    const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
    try {
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace,
        taskQueue,
        workflowBundle: workflowBundleOption,
        activities: (options.activities ?? ((real) => real))(
          createActivities({ pool: database.pool, config, sandbox: options.sandbox ?? sandbox }),
        ),
        nexusServices: [delegationServiceHandler],
      });
      return await worker.runUntil(fn());
    } finally {
      await nativeConnection.close();
    }
  }

  return {
    client,
    connection,
    pool: database.pool,
    databaseUrl: database.url,
    temporalAddress,
    config,
    taskQueue,
    sandboxStack,
    withWorker,
    stop: async () => {
      await connection.close();
      await sandbox.close();
      await database.stop();
    },
  };
}
