import { within } from './until.ts';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { companyIdKey } from '../../src/domain/search-attributes.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, viewQuery } from '../../workflows/contracts/company.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';
import type { TaskStatus } from '../../src/domain/task-state.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { RouteReply, RouteRequest } from '../../workflows/contracts/shifts.ts';
import { shiftDeskQuery } from '../../workflows/contracts/shifts.ts';

/**
 * Starts a shift company whose agents work one task at a time, continuing as new after `historyLimit` events, on
 * `taskQueue` (a worker must run), and waits until its desk routes.
 */
export async function startCappedShiftCompany(
  temporal: Client,
  options: { companyId: string; taskQueue: string; historyLimit: number },
): Promise<ShiftDeskProbe> {
  const { companyId, taskQueue, historyLimit } = options;
  const base = shiftTeamTemplate();
  const template = CompanyTemplate.parse({
    ...base,
    agents: base.agents.map((agent) => ({ ...agent, maxConcurrentTasks: 1 })),
  });
  const handle = await temporal.workflow.start('companyWorkflow', {
    workflowId: companyWorkflowId(companyId),
    taskQueue,
    args: [{ company: snapshotFromTemplate(companyId, template), historyLimit } satisfies CompanyWorkflowInput],
    workflowTaskTimeout: companyWorkflowTaskTimeout,
    typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
  });
  await handle.executeUpdate(readyUpdate);
  const desk = new ShiftDeskProbe(temporal, companyId);
  await desk.heardWhoIsOnDuty();
  return desk;
}

/**
 * Speaks to a company's shift desk as its tasks do (reports, route requests, slot releases), with
 * the raw client and in whatever order a test needs, and reads the desk's answers from the company's
 * history: each routeReply it sent to the probe's workflow id (which does not exist, so the signal
 * fails there after it is recorded). All probe tasks are meant for the lead, `boss`.
 */
export class ShiftDeskProbe {
  private readonly temporal: Client;
  readonly companyId: string;

  constructor(temporal: Client, companyId: string) {
    this.temporal = temporal;
    this.companyId = companyId;
  }

  async events() {
    const { events } = await this.temporal.workflow.getHandle(companyWorkflowId(this.companyId)).fetchHistory();
    return events ?? [];
  }

  /** Until the shift workflow has told the desk who is on duty (it routes nothing before). */
  heardWhoIsOnDuty(): Promise<void> {
    return until(`company ${this.companyId} to hear who is on duty`, async () =>
      (await this.events()).some(
        (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'shiftChange',
      ),
    );
  }

  /** Every route reply the desk sent, in history order. */
  async replies(): Promise<RouteReply[]> {
    return (await this.events()).flatMap((event) => {
      const signal = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
      const data = signal?.signalName === 'routeReply' ? signal.input?.payloads?.[0]?.data : undefined;
      return data ? [JSON.parse(Buffer.from(data).toString('utf8')) as RouteReply] : [];
    });
  }

  /** The agent the desk granted task `taskId`'s first request, if it has. */
  async grantedTo(taskId: string): Promise<string | undefined> {
    for (const reply of await this.replies()) {
      if (reply.requestId === `${taskId}-1` && 'agentId' in reply) return reply.agentId;
    }
    return undefined;
  }

  /** Until the desk has answered task `taskId`'s first request with `answer`. */
  answered(taskId: string, answer: 'granted' | 'waiting'): Promise<void> {
    return until(`the desk to answer ${taskId}: ${answer}`, async () =>
      (await this.replies()).some(
        (reply) =>
          reply.requestId === `${taskId}-1` && (answer === 'granted' ? 'agentId' in reply : 'waiting' in reply),
      ),
    );
  }

  signal(name: string, arg: unknown): Promise<void> {
    return this.temporal.workflow.getHandle(companyWorkflowId(this.companyId)).signal(name, arg);
  }

  /** A task's report to its company, as a task workflow sends it. */
  report(taskId: string, status: TaskStatus, version: number): Promise<void> {
    const task: TaskSummary = {
      id: taskId,
      parentId: null,
      title: `probe ${taskId}`,
      status,
      assignee: 'boss',
      reviewer: null,
      costUsd: 0,
      ownCostUsd: 0,
      version,
    };
    return this.signal('taskUpdate', { task, pendingApproval: null });
  }

  /**
   * A task asks for an agent and a work slot (`assign`), or for its assignee's slot again (`resume`). The desk
   * answers `replyTo`: by default a workflow that does not exist; a running one keeps the answers it got.
   */
  request(taskId: string, kind: RouteRequest['kind'], agentId: string, replyTo?: string): Promise<void> {
    const request: RouteRequest = {
      requestId: `${taskId}-1`,
      taskId,
      workflowId: replyTo ?? `probe-${this.companyId}-${taskId}`,
      kind,
      agentId,
      urgent: false,
      capacity: true,
    };
    return this.signal('routeRequest', request);
  }

  release(taskId: string): Promise<void> {
    return this.signal('releaseSlot', { taskId });
  }

  /**
   * Task `a` holds the lead's only slot; task `b` (the lead's own, back from waiting) waits for it. `b`'s answers
   * go to `replyTo` when given.
   */
  async slotHeldAndOneWaiting(replyTo?: string): Promise<void> {
    await this.report('a', 'IN_PROGRESS', 1);
    await this.request('a', 'assign', 'boss');
    await this.answered('a', 'granted');
    await this.report('b', 'WAITING_FOR_SHIFT', 1);
    await this.request('b', 'resume', 'boss', replyTo);
    await this.answered('b', 'waiting');
  }

  /**
   * `a`'s ending, then reports the company ignores (malformed) until its history reaches `historyLimit`: sent while
   * no worker runs, they reach the company in one workflow task, which frees `a`'s slot, grants it to `b` and is
   * due to continue as new. Returns the history's length before.
   */
  async endingPastTheLimit(historyLimit: number): Promise<number> {
    const { historyLength } = await this.temporal.workflow.getHandle(companyWorkflowId(this.companyId)).describe();
    await this.report('a', 'COMPLETED', 2);
    for (let filler = historyLength; filler < historyLimit; filler++) await this.signal('taskUpdate', { filler });
    return historyLength;
  }
}

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await delay(200);
  }
}

/** temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED */
const workflowTaskCompleted = 7;

/**
 * Until task workflow `handle` has sent its first route request (the company took the signal) and has nothing
 * left to do before an answer: its last event a completed workflow task, no activity pending, no new event since
 * the last look. A worker stopped then leaves every answer sent to it for the task's next activation.
 */
export async function untilTaskAsks(handle: WorkflowHandle): Promise<void> {
  let seen = -1;
  await until(`${handle.workflowId} to wait for its route reply, idle`, async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const request = events.find(
      (event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'routeRequest',
    );
    const sent =
      request !== undefined &&
      events.some(
        (event) =>
          String(event.externalWorkflowExecutionSignaledEventAttributes?.initiatedEventId) === String(request.eventId),
      );
    const { raw } = await handle.describe();
    const idle =
      Number(events.at(-1)?.eventType) === workflowTaskCompleted && (raw.pendingActivities ?? []).length === 0;
    const settled = sent && idle && events.length === seen;
    seen = events.length;
    return settled;
  });
}

/**
 * `promise`, or after `ms` an error saying what the company shows then (a wait that never ends would otherwise
 * only say that the test timed out).
 */
export async function withinOrSay<T>(promise: Promise<T>, ms: number, say: () => Promise<string>): Promise<T> {
  return within(promise, ms, () =>
    say().then(
      (text) => Promise.reject(new Error(text)),
      (error: unknown) => Promise.reject(new Error(`did not end in ${ms} ms; status unreadable: ${String(error)}`)),
    ),
  );
}

/**
 * What the company's shift desk counts (which task holds which agent's work slot, which requests wait) and how
 * often the company continued as new: a task left waiting for a slot nobody works in says who holds it.
 */
export async function deskSays(client: Client, companyId: string): Promise<string> {
  const handle = client.workflow.getHandle(companyWorkflowId(companyId));
  const [desk, view] = await Promise.all([handle.query(shiftDeskQuery), handle.query(viewQuery)]);
  const slots = Object.entries(desk.slots).map(([taskId, agentId]) => `${taskId}→${agentId}`);
  const waiting = desk.waiting.map(
    (request) => `${request.taskId} ${request.kind} ${request.agentId} (${request.requestId})`,
  );
  return `the desk's slots: ${slots.join(', ') || 'none'}; waiting: ${waiting.join(', ') || 'none'}; company run ${view.generation + 1}`;
}

/** A signal's or an input's JSON payload, decoded (undefined when it carried none). */
export const decodePayload = (data: Uint8Array | null | undefined): unknown =>
  data ? JSON.parse(Buffer.from(data).toString()) : undefined;
