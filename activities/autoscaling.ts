import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import type { BacklogReading } from '../src/domain/autoscaling.ts';
import type { WorkerScaler } from '../src/scaling/worker-scaler.ts';

export interface AutoscalingDependencies {
  client: Client;
  scaler: WorkerScaler;
}

/** TASK_QUEUE_TYPE_WORKFLOW and TASK_QUEUE_TYPE_ACTIVITY. */
const queueTypes = [1, 2];

/**
 * The autoscaler's side effects (workflows/autoscaler.ts). Registered only by `synthorg autoscale`,
 * the process that owns the scaler, on its own task queue: local workers are that process's children.
 */
export function createAutoscalingActivities({ client, scaler }: AutoscalingDependencies) {
  /** A pool's backlog: its workflow and activity queues together (server-side stats, approximate). */
  async function readBacklog(input: { taskQueue: string }): Promise<BacklogReading> {
    const readings = await Promise.all(
      queueTypes.map(async (taskQueueType) => {
        const { stats } = await client.workflowService.describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: input.taskQueue },
          taskQueueType,
          reportStats: true,
        });
        return {
          backlogCount: Number(stats?.approximateBacklogCount ?? 0),
          backlogAgeMs: optionalTsToMs(stats?.approximateBacklogAge) ?? 0,
          tasksAddRate: stats?.tasksAddRate ?? 0,
          tasksDispatchRate: stats?.tasksDispatchRate ?? 0,
        };
      }),
    );
    return {
      backlogCount: readings.reduce((sum, reading) => sum + reading.backlogCount, 0),
      backlogAgeMs: Math.max(...readings.map((reading) => reading.backlogAgeMs)),
      tasksAddRate: readings.reduce((sum, reading) => sum + reading.tasksAddRate, 0),
      tasksDispatchRate: readings.reduce((sum, reading) => sum + reading.tasksDispatchRate, 0),
    };
  }

  async function currentWorkers(input: { pool: string }): Promise<number> {
    return scaler.current(input.pool);
  }

  async function scaleWorkers(input: { pool: string; count: number }): Promise<void> {
    await scaler.scaleTo(input.pool, input.count);
  }

  return { readBacklog, currentWorkers, scaleWorkers };
}

export type AutoscalingActivities = ReturnType<typeof createAutoscalingActivities>;
