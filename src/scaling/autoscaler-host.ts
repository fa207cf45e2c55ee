import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { createAutoscalingActivities } from '../../activities/autoscaling.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { workflowBundlerOptions } from '../temporal/workflow-bundler-options.ts';
import type { AutoscalerInput } from '../../workflows/contracts/autoscaler.ts';
import { autoscalerTaskQueue, autoscalerWorkflowId } from '../../workflows/contracts/autoscaler.ts';
import type { SynthorgConfig } from '../config/env.ts';
import type { PoolScalingPolicy } from '../domain/autoscaling.ts';
import { connectWithCause, temporalConnectionOptions } from '../temporal/connection.ts';
import { workerConnectionOptions } from '../temporal/worker-connection.ts';
import type { WorkerScaler } from './worker-scaler.ts';

export interface AutoscalerHostOptions {
  config: SynthorgConfig;
  temporalAddress: string;
  scaler: WorkerScaler;
  pools: PoolScalingPolicy[];
  intervalMs: number;
  ticksPerRun?: number;
  /** A prebuilt bundle (tests); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export interface AutoscalerHost {
  workflowId: string;
  client: Client;
  /** Runs until stop(); the worker serving the autoscaler and its scaler activities. */
  run(): Promise<void>;
  /** Cancels the autoscaler workflow, stops the worker and the workers the scaler started. */
  stop(): Promise<void>;
}

/**
 * The process that owns a scaler (`synthorg autoscale`): serves the autoscaler workflow and its
 * activities on its own queue and (re)starts the workflow with these pools, replacing any earlier
 * one of the same deployment, whose host is gone or is being replaced.
 */
export async function startAutoscalerHost(options: AutoscalerHostOptions): Promise<AutoscalerHost> {
  const settings = temporalConnectionOptions(options.config, options.temporalAddress);
  const native = await connectWithCause(
    settings,
    (opened) => NativeConnection.connect(workerConnectionOptions(opened)),
    (opened) => opened.close(),
  );
  const connection = await Connection.connect(settings).catch(async (error: unknown) => {
    await native.close();
    throw error;
  });
  const client = new Client({ connection, namespace: options.config.namespace });
  const baseQueue = options.config.taskQueue;
  const taskQueue = autoscalerTaskQueue(baseQueue);
  const worker = await Worker.create({
    connection: native,
    namespace: options.config.namespace,
    taskQueue,
    activities: createAutoscalingActivities({ client, scaler: options.scaler }),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath, bundlerOptions: workflowBundlerOptions(workflowsPath) }),
    shutdownGraceTime: '10 seconds',
    // Spread: the SDK takes it but leaves it out of WorkerOptions' type (src/config/env.ts, WorkerTuning).
    ...{ isolateExecutionTimeout: options.config.worker.isolateExecutionTimeout },
  });
  const workflowId = autoscalerWorkflowId(baseQueue);
  await client.workflow.start('autoscalerWorkflow', {
    workflowId,
    taskQueue,
    args: [
      {
        pools: options.pools,
        intervalMs: options.intervalMs,
        ...(options.ticksPerRun !== undefined ? { ticksPerRun: options.ticksPerRun } : {}),
      } satisfies AutoscalerInput,
    ],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    staticSummary: `Autoscaler of pools ${options.pools.map((pool) => pool.pool).join(', ')} (${options.scaler.kind})`,
  });
  let running: Promise<void> | undefined;
  return {
    workflowId,
    client,
    run: () => (running ??= worker.run()),
    stop: async () => {
      await client.workflow
        .getHandle(workflowId)
        .cancel()
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running?.catch(() => undefined);
      await options.scaler.close();
      await connection.close();
      await native.close();
    },
  };
}
