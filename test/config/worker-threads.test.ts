/**
 * SYNTHORG_WORKER_WORKFLOW_THREADS (docs/faults-and-load-rounds.md, "Thirteenth round"): the worker's workflow threads,
 * unset the SDK's one. Parsed once in src/config/env.ts and spread into Worker.create by workers/worker.ts.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';
import { workflowBundle } from '../helpers/synthorg-env.ts';

describe('SYNTHORG_WORKER_WORKFLOW_THREADS', () => {
  it('is left to the SDK unless set, and refuses what is not a whole number from 1 to 16, naming the variable', () => {
    expect(loadConfig({}).worker).not.toHaveProperty('workflowThreadPoolSize');
    expect(loadConfig({ SYNTHORG_WORKER_WORKFLOW_THREADS: '2' }).worker.workflowThreadPoolSize).toBe(2);
    for (const value of ['0', '17', '1.5', 'two']) {
      expect(() => loadConfig({ SYNTHORG_WORKER_WORKFLOW_THREADS: value })).toThrow(/SYNTHORG_WORKER_WORKFLOW_THREADS/);
      expect(() => loadConfig({ SYNTHORG_WORKER_WORKFLOW_THREADS: value })).toThrow(ConfigError);
    }
  });

  it("becomes the worker's workflow thread pool", async () => {
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    try {
      const threads = async (environment: NodeJS.ProcessEnv) => {
        const worker = await Worker.create({
          connection,
          taskQueue: 'worker-threads-unused',
          workflowBundle: await workflowBundle(),
          ...loadConfig(environment).worker,
        });
        // A worker created holds the connection until it has run; it polls an empty queue and stops.
        await worker.runUntil(async () => undefined);
        return worker.options.workflowThreadPoolSize;
      };
      expect(await threads({ SYNTHORG_WORKER_WORKFLOW_THREADS: '2' })).toBe(2);
      expect(await threads({})).toBe(1);
    } finally {
      await connection.close();
    }
  });
});
