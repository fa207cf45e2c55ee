import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { testSandboxConfig } from './sandbox-stack.ts';
import { workflowBundle } from './synthorg-env.ts';
import type { SynthorgTestEnv } from './synthorg-env.ts';

export type Activities = ReturnType<typeof createActivities>;

/**
 * Runs `fn` beside a worker of its own on `env`'s task queue: the workflow bundle as it is unless `bundle` gives
 * another (e.g. one with a patch gate fixed off, bench/patch-gate-off.ts), and the real activities, wrapped by
 * `wrap` when a test needs to watch or break one. Closes the worker's connection and sandbox after.
 */
export async function withOwnWorker<T>(
  env: SynthorgTestEnv,
  fn: () => Promise<T>,
  options: { bundle?: () => Promise<{ code: string }>; wrap?: (activities: Activities) => Activities } = {},
): Promise<T> {
  const nativeConnection = await NativeConnection.connect({ address: env.temporalAddress });
  const sandbox = await createSandbox(testSandboxConfig(env.sandboxStack));
  try {
    const activities = createActivities({ pool: env.pool, config: env.config, sandbox });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: env.config.namespace,
      taskQueue: env.taskQueue,
      workflowBundle: await (options.bundle ?? workflowBundle)(),
      activities: options.wrap ? options.wrap(activities) : activities,
    });
    return await worker.runUntil(fn());
  } finally {
    await nativeConnection.close();
    await sandbox.close();
  }
}
