import { condition, isCancellation, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { companyWorkflowId } from '../src/domain/ids.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import { handTaskOver } from './task-handoff.ts';
import type { Handoff, RouteReply, RouteRequest } from './contracts/shifts.ts';
import { handoffSignal, releaseSlotSignal, routeReplySignal } from './contracts/shifts.ts';
import { sendRouteRequest } from './route-request.ts';
import { getExternalWorkflowHandle } from '@temporalio/workflow';

/** Versioning: task workflows of companies with a roster route and hand over; others never reach this. */
export const shiftGatePatch = 'shift-gate';
/** Versioning: an urgent task's subtasks are urgent too; tasks decomposed before this replay without it. */
export const urgentSubtasksPatch = 'shift-urgent-subtasks';
/** Versioning: the task holds a work slot of its assignee while it works (maxConcurrentTasks is a cap). */
export const shiftSlotsPatch = 'shift-slots';

/**
 * Versioning: a grant stays a grant when the company's "wait" for the same request reaches the task after it.
 * The desk answers a request it cannot grant yet with "wait" and grants it later, each a signal of its own that the
 * server delivers by a transfer task of its own, so not necessarily in the order sent (the desk sends both in one
 * workflow task when the request and a release reach it together). Before this, a "wait" that arrived in the same
 * activation as the grant, after it, replaced it: the task showed WAITING_FOR_SHIFT for ever while the company
 * counted the slot it had granted (the signature of round 25's shift-capacity failure). Tasks that met this before
 * the patch replay as they ran.
 */
export const grantOutlivesWaitPatch = 'shift-grant-outlives-wait';

/** The states in which a task's assignee works it, holding one of its work slots. */
const workingStates = new Set<TaskStatus>(['ASSIGNED', 'IN_PROGRESS']);

/** What the gate needs of the task it guards (workflows/agent-task.ts passes these). */
export interface ShiftGateHooks {
  status(): TaskStatus;
  setStatus(next: TaskStatus, event: string, waitReason?: string): Promise<void>;
  assignee(): string;
  /** Makes `to` the assignee and tells the company, the database and the search attributes. */
  reassign(to: string, event: string, note: string, costUsd: number): void;
  /** The task's latest transcript lines, for the handoff note. */
  recent(): string[];
}

/** States in which no model call of the task is under way, so a handoff need not wait for the next step. */
const quietStates = new Set<TaskStatus>(['BLOCKED', 'AWAITING_APPROVAL']);

/**
 * The task's side of shifts (docs/shifts.md): before it starts it asks its company for an on-duty
 * agent (waiting in WAITING_FOR_SHIFT if none), it asks for an on-duty reviewer, and when its
 * agent's shift ends it takes the handoff: the leaving agent's note (one model call, in the ledger
 * and in memory), then the same workflow goes on with the new assignee.
 */
export class ShiftGate {
  readonly enabled: boolean;
  private readonly input: AgentTaskInput;
  private readonly hooks: ShiftGateHooks;
  private readonly workflowId = workflowInfo().workflowId;
  private requests = 0;
  private handoffs = 0;
  private reply: RouteReply | null = null;
  private pending: Handoff | null = null;
  private handingOff = false;
  /** The assignee the company last routed to; a delegation since is routed before its first step. */
  private routed: string | undefined;
  /** Whether this task takes work slots (decided once: patched() is not memoised as false). */
  private readonly slots: boolean;
  /** Whether the company granted this task a work slot of its assignee that it has not given back. */
  private holding = false;
  /** The last release sent: the next request waits for it, so the company frees before it grants. */
  private released: Promise<void> = Promise.resolve();

  constructor(input: AgentTaskInput, hooks: ShiftGateHooks) {
    this.input = input;
    this.hooks = hooks;
    this.enabled = input.company.shifts !== undefined && patched(shiftGatePatch);
    this.slots = this.enabled && patched(shiftSlotsPatch);
  }

  /**
   * Called on every status change: a task that stops working (waits for subtasks, an approval, a
   * review, a shift, money, a partner, or ends) gives its work slot back, so its agent can take other
   * work, and its own subtasks can run, while it waits.
   */
  statusChanged(next: TaskStatus): void {
    if (!this.slots || !this.holding || workingStates.has(next)) return;
    this.holding = false;
    this.released = getExternalWorkflowHandle(companyWorkflowId(this.input.companyId))
      .signal(releaseSlotSignal, { taskId: this.input.taskId })
      .catch(() => undefined);
  }

  install(): void {
    if (!this.enabled) return;
    setHandler(routeReplySignal, (reply) => {
      if (reply.requestId !== this.requestId()) return;
      // A grant is final for its request; a "wait" delivered after it is stale (see grantOutlivesWaitPatch).
      if (this.reply !== null && 'agentId' in this.reply && 'waiting' in reply && patched(grantOutlivesWaitPatch))
        return;
      this.reply = reply;
    });
    setHandler(handoffSignal, (handoff) => void (this.pending = handoff));
    // A cancelled task stops waiting to hand over and its own code ends it; left unhandled, the
    // cancellation of this loop's condition would fail every workflow task of the task from then on.
    void this.handOverWhileQuiet().catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
  }

  /** Before the task is ASSIGNED: an on-duty agent of the assignee's role takes it, or it waits for one. */
  async routeAtStart(): Promise<void> {
    if (!this.enabled) return;
    const agentId = await this.ask('assign', this.hooks.assignee(), this.input.priority === 'urgent');
    this.routed = agentId;
    if (agentId !== this.hooks.assignee()) this.hooks.reassign(agentId, `routed to on-duty ${agentId}`, '', 0);
  }

  /**
   * What a subtask inherits of this task's priority: an urgent task's subtasks are urgent, so when
   * nobody of their role is on duty they page the department's on-call agent instead of waiting.
   */
  subtaskPriority(): Pick<AgentTaskInput, 'priority'> {
    if (!this.enabled || this.input.priority !== 'urgent') return {};
    return patched(urgentSubtasksPatch) ? { priority: 'urgent' } : {};
  }

  /** The reviewer: an on-duty one (waiting for one if needed) when shifts run, else `fallback`. */
  async reviewer(fallback: () => string | null): Promise<string | null> {
    if (!this.enabled) return fallback();
    return this.ask('review', this.hooks.assignee(), false);
  }

  /** Before a model call: a work step takes any handoff first and returns who works it now. */
  async beforeStep(mode: 'work' | 'review', agentId: string): Promise<string> {
    if (!this.enabled || mode !== 'work') return agentId;
    await condition(() => !this.handingOff);
    const handoff = this.pending;
    if (handoff === null) {
      await this.routeDelegation();
      await this.acquire();
      return this.hooks.assignee();
    }
    if (handoff.to !== null) {
      await this.handOver(handoff, true);
      await this.acquire();
      return this.hooks.assignee();
    }
    // Nobody was there to take over: wait, visibly, until the role is on duty again.
    this.pending = null;
    const from = this.hooks.assignee();
    await this.hooks.setStatus('WAITING_FOR_SHIFT', `${from}'s shift ended; nobody on duty to take over`);
    const to = await this.ask('assign', from, this.input.priority === 'urgent', true);
    if (to !== from) await this.handOver({ to, reason: handoff.reason });
    this.routed = to;
    await this.hooks.setStatus('IN_PROGRESS', `${to} on duty`);
    return this.hooks.assignee();
  }

  /**
   * Before a work step of a task that holds no work slot (it waited for subtasks, an approval or a
   * review, or was handed over): a slot of its assignee, waiting in WAITING_FOR_SHIFT while the
   * assignee works maxConcurrentTasks tasks. An assignee gone off duty meanwhile hands the task over.
   */
  private async acquire(): Promise<void> {
    if (!this.slots || this.holding || this.hooks.status() !== 'IN_PROGRESS') return;
    const from = this.hooks.assignee();
    const to = await this.ask('resume', from, this.input.priority === 'urgent');
    if (to !== from) await this.handOver({ to, reason: `${from} is off duty` });
    this.routed = to;
    if (this.hooks.status() === 'WAITING_FOR_SHIFT') await this.hooks.setStatus('IN_PROGRESS', `${to} has room`);
  }

  /** Work delegated to an agent who is off duty goes to an on-duty one of its role, or waits for one. */
  private async routeDelegation(): Promise<void> {
    const delegated = this.hooks.assignee();
    if (this.routed === undefined || this.routed === delegated) return;
    const agentId = await this.ask('assign', delegated, this.input.priority === 'urgent');
    this.routed = agentId;
    if (agentId !== delegated) this.hooks.reassign(agentId, `delegated work routed to on-duty ${agentId}`, '', 0);
    if (this.hooks.status() === 'WAITING_FOR_SHIFT') await this.hooks.setStatus('IN_PROGRESS', `${agentId} on duty`);
  }

  /** Replies come to this workflow only, so the request's number names it (and replays without the workflow id). */
  private requestId(): string {
    return `route-${this.requests}`;
  }

  /** Asks the company for an agent; shows WAITING_FOR_SHIFT while the answer is "wait" (unless already waiting). */
  private async ask(
    kind: RouteRequest['kind'],
    agentId: string,
    urgent: boolean,
    alreadyWaiting = false,
  ): Promise<string> {
    if (this.slots) await this.released;
    this.requests++;
    this.reply = null;
    const request: RouteRequest = {
      requestId: this.requestId(),
      taskId: this.input.taskId,
      workflowId: this.workflowId,
      kind,
      agentId,
      urgent,
      ...(this.slots && kind !== 'review' ? { capacity: true } : {}),
    };
    await sendRouteRequest(this.input.companyId, request);
    const answer = await this.nextReply();
    if ('agentId' in answer) return this.granted(kind, answer.agentId);
    if (kind !== 'review' && !alreadyWaiting)
      await this.hooks.setStatus('WAITING_FOR_SHIFT', answer.waiting, answer.waiting);
    const assigned = await this.nextReply();
    return 'agentId' in assigned ? this.granted(kind, assigned.agentId) : this.hooks.assignee();
  }

  /** An agent the company routed this task to: with slots, the task now holds one of its work slots. */
  private granted(kind: RouteRequest['kind'], agentId: string): string {
    if (this.slots && kind !== 'review') this.holding = true;
    return agentId;
  }

  private async nextReply(): Promise<RouteReply> {
    await condition(() => this.reply !== null);
    const reply = this.reply!;
    this.reply = null;
    return reply;
  }

  /** Hands a task that is waiting for subtasks or an approval over at once; the approval stays valid. */
  private async handOverWhileQuiet(): Promise<void> {
    for (;;) {
      await condition(() => this.pending?.to != null && quietStates.has(this.hooks.status()) && !this.handingOff);
      await this.handOver(this.pending!, true);
    }
  }

  /** `fromDesk`: the company's handoff at a shift change, which freed the leaving agent's work slot. */
  private async handOver(handoff: Handoff, fromDesk = false): Promise<void> {
    const to = handoff.to!;
    this.pending = null;
    if (fromDesk) this.holding = false;
    const from = this.hooks.assignee();
    if (to === from) return;
    this.handingOff = true;
    try {
      this.handoffs++;
      await handTaskOver(this.input, this.hooks, {
        key: `handoff-${this.handoffs}`,
        from,
        to,
        reason: handoff.reason,
        event: `handed over from ${from} to ${to} at shift change (${handoff.reason})`,
      });
      this.routed = to;
    } finally {
      this.handingOff = false;
    }
  }
}
