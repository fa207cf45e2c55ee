import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { taskWorkflowId } from '../domain/ids.ts';
import { isTerminal } from '../domain/task-state.ts';
import type { PendingApproval } from '../domain/types.ts';
import { closedTaskEnding, reportClosedTask } from './closed-task.ts';
import type { ApprovalPolicy, CompanyView, TaskView, WaitOptions } from './types.ts';
import { NotFoundError } from './types.ts';
import { NoWorkerError } from './worker-presence.ts';
import { withTaskState } from './task-view.ts';
import { taskViewFromHistory } from './task-history-answer.ts';
import type { AgentTaskInput, AgentTaskResult } from '../../workflows/contracts/task.ts';

/**
 * Whether a wait can sleep on the task workflow's own result instead of polling the company: nobody
 * asked to hear progress, approvals or a missing worker along the way (scripts, `bench trunk`). A poll
 * is a query the company's worker answers, and the company view grows with its tasks: with many waits
 * at once those queries cost the worker more than the tasks' own steps (docs/faults-and-load-rounds.md).
 */
export function waitsQuietly(options: WaitOptions): boolean {
  return !options.onProgress && !options.onApproval && !options.onNoWorker;
}

/**
 * Returns once the task's workflow has closed, by the server's long poll on its result (no worker is
 * asked), with that result when it completed. However it closed: the caller's next look at the company,
 * and its check of closed tasks, say how it ended. A task the company has no workflow for returns at
 * once, for the same look to report.
 */
export async function taskWorkflowClosed(
  temporal: Client,
  companyId: string,
  taskId: string,
): Promise<AgentTaskResult | undefined> {
  return temporal.workflow
    .getHandle<(input: AgentTaskInput) => Promise<AgentTaskResult>>(taskWorkflowId(companyId, taskId))
    .result()
    .catch(() => undefined);
}

/** What a polling wait reads: the company's view (with its approvals) and one task's full view. */
export interface TaskPollContext {
  temporal: Client;
  view(companyId: string): Promise<{
    company: CompanyView;
    pendingApprovals: PendingApproval[];
    approvalPolicy: ApprovalPolicy;
  }>;
  task(companyId: string, taskId: string): Promise<TaskView>;
  /**
   * The task workflow's result, when the caller already waited for it: the task is then read from the
   * closed workflow's history, or else its company summary is brought up to date with it, instead of a
   * query that replays the closed task.
   */
  closed?: AgentTaskResult;
  /**
   * Read the company even when the closed task's history answers (`taskViewFromHistory`), and read the whole
   * task with `task` once the company shows it ended: the wait as it was before, which the benches measure
   * beside it (`--wait=both`).
   */
  askCompany?: boolean;
}

/**
 * Polls the company until the task is terminal, telling the caller about progress, approvals to
 * answer (each once) and a missing worker (once when it goes, once when it is back). A task whose
 * workflow closed without its report reaching the company is reported here and returned. A completed
 * task is read from its workflow's history where that gives every field (`taskViewFromHistory`): a quiet
 * wait then reads nothing of the company, a polling one no more once it saw the ending.
 */
export async function pollTask(
  context: TaskPollContext,
  companyId: string,
  taskId: string,
  options: WaitOptions,
): Promise<TaskView> {
  const interval = options.pollIntervalMs ?? 500;
  let lastSnapshot = '';
  const answered = new Set<string>();
  let noWorker: string | undefined;
  if (context.closed?.taskId === taskId && !context.askCompany) {
    // Anything the history cannot answer (or a failed read of it) is the company's to answer, as before.
    const answer = await taskViewFromHistory(context.temporal, companyId, taskId, context.closed).catch(
      () => undefined,
    );
    if (answer?.status === context.closed.status) return answer;
  }
  const { signal } = options;
  for (;;) {
    signal?.throwIfAborted();
    let view: Awaited<ReturnType<TaskPollContext['view']>>;
    try {
      view = await context.view(companyId);
    } catch (error) {
      if (!(error instanceof NoWorkerError)) throw error;
      if (error.message !== noWorker) options.onNoWorker?.(error.message);
      noWorker = error.message;
      await pause(Math.max(interval, 1_000), signal);
      continue;
    }
    if (noWorker !== undefined) options.onNoWorker?.(undefined);
    noWorker = undefined;
    const { company, pendingApprovals, approvalPolicy } = view;
    const snapshot = JSON.stringify(company.tasks.map((task) => [task.id, task.status, task.costUsd]));
    if (snapshot !== lastSnapshot) {
      lastSnapshot = snapshot;
      options.onProgress?.(company);
    }
    const task = company.tasks.find((candidate) => candidate.id === taskId);
    if (!task) throw new NotFoundError(`company "${companyId}" has no task "${taskId}"`);
    if (isTerminal(task.status)) {
      const { closed } = context;
      if (closed?.taskId === taskId && closed.status === task.status) return withTaskState(task, closed);
      // A polling wait hears of the ending from the company, which the task told before its run closed: the
      // run's history answers without a second company read and a query that replays the closed task.
      if (!closed && !context.askCompany) {
        const answer = await taskViewFromHistory(context.temporal, companyId, taskId).catch(() => undefined);
        if (answer?.status === task.status) return answer;
      }
      return context.task(companyId, taskId);
    }
    const ended = await closedTaskEnding(context.temporal, companyId, task);
    if (ended) {
      await reportClosedTask(context.temporal, companyId, ended);
      return ended;
    }
    if (options.onApproval) {
      for (const approval of pendingApprovals) {
        const key = `${approval.taskId}@${approval.requestedAt}`;
        if (answered.has(key)) continue;
        answered.add(key);
        await options.onApproval(approval, approvalPolicy);
      }
    }
    await pause(interval, signal);
  }
}

/**
 * Waits `ms`, or rejects with the signal's reason once it aborts: the reason a caller gave (`WaitOptions.signal`), not
 * the timer's own AbortError.
 */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}
