/**
 * Where a company workflow task that waits is (docs/faults-and-load-rounds.md, "Twenty-eighth round"): in matching, counted
 * in its task queue's backlog, or not yet there (the history service has written the task's scheduled event but not
 * handed it to matching). `bench/load.ts` reads this every 2 s during a run.
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';

/** PENDING_WORKFLOW_TASK_STATE_SCHEDULED and TASK_QUEUE_TYPE_WORKFLOW of temporal.api.enums.v1. */
const scheduledState = 1;
const workflowQueueType = 1;

export interface WaitingTaskReading {
  /** How long the company's workflow task has been scheduled and not started, at this reading. */
  waitedS: number;
  queue: string;
  /** The queue's approximate backlog of workflow tasks (every partition), and its pollers. */
  backlog: number;
  pollers: number;
}

/** A reading when the workflow has had a workflow task scheduled, not started, for at least `afterS` seconds. */
export async function readWaitingTask(
  client: Client,
  workflowId: string,
  afterS = 5,
): Promise<WaitingTaskReading | undefined> {
  const description = await client.workflow.getHandle(workflowId).describe();
  const pending = description.raw.pendingWorkflowTask;
  const scheduledMs = pending?.state === scheduledState ? optionalTsToMs(pending.scheduledTime) : undefined;
  if (scheduledMs === undefined || Date.now() - scheduledMs < afterS * 1000) return undefined;
  const answer = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: description.taskQueue },
    taskQueueType: workflowQueueType,
    reportStats: true,
  });
  return {
    waitedS: (Date.now() - scheduledMs) / 1000,
    queue: description.taskQueue,
    backlog: Number(answer.stats?.approximateBacklogCount ?? 0),
    pollers: answer.pollers?.length ?? 0,
  };
}

/** One line for the report: how often a company workflow task was seen waiting, and its queue's backlog then. */
export function describeWaits(readings: WaitingTaskReading[]): string {
  if (readings.length === 0) return 'no company workflow task seen waiting 5 s or more';
  const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;
  return (
    `a company workflow task seen waiting 5 s or more at ${readings.length} readings (longest ${Math.max(...readings.map((each) => each.waitedS)).toFixed(0)} s), ` +
    `queue "${readings[0]!.queue}": backlog ${range(readings.map((each) => each.backlog))}, pollers ${range(readings.map((each) => each.pollers))}; ` +
    `backlog 0 at ${readings.filter((each) => each.backlog === 0).length} of them`
  );
}
