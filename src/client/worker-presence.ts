import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';

/** TASK_QUEUE_TYPE_WORKFLOW of temporal.api.enums.v1 (the proto package is not a direct dependency). */
const workflowTaskQueueType = 1;
/** PENDING_WORKFLOW_TASK_STATE_STARTED of temporal.api.enums.v1: a worker took the task and has not answered. */
const workflowTaskStarted = 2;

/** A query, an update or a workflow's progress needs a worker, and none is serving the company. */
export class NoWorkerError extends Error {
  override readonly name = 'NoWorkerError';
}

export interface WorkerPresence {
  taskQueue: string;
  /** Workers that polled the queue recently (the server forgets them some minutes after their last poll). */
  pollers: { identity: string; lastPollAt: Date | undefined }[];
  /**
   * The workflow task a worker took and has not completed, if any. The server answers queries only between
   * workflow tasks, so while a worker that was killed still holds one, queries wait until the task times out
   * (the workflow's task timeout: 60 s for a company) and a live worker takes it over.
   */
  heldTask?: { startedAt: Date; timeoutMs: number | undefined };
}

/** Who polls the workflow task queue the company's workflow runs on. */
export async function workerPresence(client: Client, workflowId: string): Promise<WorkerPresence> {
  const description = await client.workflow.getHandle(workflowId).describe();
  const pending = description.raw.pendingWorkflowTask;
  const startedMs = pending?.state === workflowTaskStarted ? optionalTsToMs(pending.startedTime) : undefined;
  const timeoutMs = optionalTsToMs(description.raw.executionConfig?.defaultWorkflowTaskTimeout);
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: description.taskQueue },
    taskQueueType: workflowTaskQueueType,
  });
  return {
    taskQueue: description.taskQueue,
    pollers: (pollers ?? []).map((poller) => {
      const lastPollMs = optionalTsToMs(poller.lastAccessTime);
      return { identity: poller.identity ?? '(unknown)', lastPollAt: lastPollMs ? new Date(lastPollMs) : undefined };
    }),
    ...(startedMs ? { heldTask: { startedAt: new Date(startedMs), timeoutMs } } : {}),
  };
}

const howToStart =
  'start one: "synthorg dev" (the embedded stack) or "synthorg worker" with TEMPORAL_ADDRESS and DATABASE_URL set';

/** The error for a company whose queries nobody answers, saying why as far as the server knows. */
export function noWorkerError(companyId: string, presence: WorkerPresence, waitedMs?: number): NoWorkerError {
  const queue = `task queue "${presence.taskQueue}"`;
  if (presence.pollers.length === 0) {
    return new NoWorkerError(`no worker is serving company "${companyId}": nothing polls ${queue}; ${howToStart}`);
  }
  const last = presence.pollers
    .map((poller) => poller.lastPollAt?.getTime() ?? 0)
    .reduce((latest, each) => Math.max(latest, each), 0);
  const seen = last > 0 ? `; last poll ${new Date(last).toISOString()}` : '';
  const waited = `no worker answered for company "${companyId}" within ${Math.round((waitedMs ?? 0) / 1000)} s `;
  const polled = `(${presence.pollers.length} worker(s) polled ${queue} recently${seen})`;
  const held = presence.heldTask;
  if (held) {
    // A worker took the workflow's task and went quiet: killed mid-task, or too loaded to finish it.
    const heldFor = Math.round((Date.now() - held.startedAt.getTime()) / 1000);
    const handover =
      held.timeoutMs === undefined
        ? 'when the task times out'
        : `${Math.max(0, Math.round((held.startedAt.getTime() + held.timeoutMs - Date.now()) / 1000))} s from now, when the task times out`;
    return new NoWorkerError(
      `${waited}${polled}: a worker took its workflow task ${heldFor} s ago and has not finished it ` +
        `(killed, or overloaded); a live worker takes the task over ${handover}: try again then`,
    );
  }
  return new NoWorkerError(`${waited}${polled}: they may have stopped or be overloaded; ${howToStart}`);
}

export interface GuardedQueryTarget {
  client: Client;
  connection: { withAbortSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> };
  companyId: string;
  workflowId: string;
  /** After this long without an answer, ask the server whether any worker polls at all. */
  checkAfterMs: number;
  /** Give up after this long, saying what the server knows of the workers. */
  timeoutMs: number;
  /** The caller's: cancels the query when it aborts. */
  signal?: AbortSignal;
}

/**
 * Runs a query (or a few retries of one) that only a worker can answer. Without a worker the server
 * holds a query until the call's deadline, and the caller would hang silently; this answers within
 * seconds that no worker serves the company, or after `timeoutMs` that the workers do not answer.
 */
export async function queryWithWorkerCheck<T>(
  target: GuardedQueryTarget,
  query: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const started = Date.now();
  let verdict: NoWorkerError | undefined;
  const giveUp = (error: NoWorkerError): void => {
    verdict ??= error;
    controller.abort(verdict);
  };
  const check = async (final: boolean): Promise<void> => {
    try {
      const presence = await workerPresence(target.client, target.workflowId);
      if (final || presence.pollers.length === 0)
        giveUp(noWorkerError(target.companyId, presence, Date.now() - started));
    } catch {
      // The query itself reports a missing workflow or an unreachable server; only the deadline must hold.
      if (final) {
        giveUp(
          new NoWorkerError(
            `no answer for company "${target.companyId}" within ${Math.round(target.timeoutMs / 1000)} s`,
          ),
        );
      }
    }
  };
  const stop = () => controller.abort(target.signal?.reason);
  target.signal?.addEventListener('abort', stop, { once: true });
  if (target.signal?.aborted) stop();
  // Scheduled outside withAbortSignal, so the checks themselves are not cancelled with the query.
  const timers = [
    setTimeout(() => void check(false), target.checkAfterMs),
    setTimeout(() => void check(true), target.timeoutMs),
  ];
  try {
    return await target.connection.withAbortSignal(controller.signal, () => query(controller.signal));
  } catch (error) {
    throw verdict ?? error;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    target.signal?.removeEventListener('abort', stop);
  }
}
