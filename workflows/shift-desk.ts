import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { chooseReviewer, findAgent } from '../src/domain/org-chart.ts';
import { companyIdKey } from '../src/domain/search-attributes.ts';
import { shiftWorkflowId } from '../src/domain/shifts/ids.ts';
import { emptyRoster } from '../src/domain/shifts/roster.ts';
import { capacityOf, handoffTarget, hasRoom, onCallFor, routeTask } from '../src/domain/shifts/routing.ts';
import { isTerminal } from '../src/domain/task-state.ts';
import type { CompanySnapshot, TaskSummary } from '../src/domain/types.ts';
import type { Handoff, RouteReply, RouteRequest, ShiftChange } from './contracts/shifts.ts';
import {
  agentHiredSignal,
  handoffSignal,
  pageSignal,
  releaseSlotSignal,
  routeReplySignal,
  routeRequestSignal,
  shiftChangeSignal,
  shiftDeskQuery,
  stopShiftsSignal,
} from './contracts/shifts.ts';
import { shiftWorkflow } from './shifts.ts';
import { SignalsInFlight } from './signals-in-flight.ts';

/** Versioning: company workflows with a roster run the shift desk; companies without one never reach it. */
export const shiftDeskPatch = 'shift-desk';
/** Versioning: hires are placed in a rotation; companies that hired before this replay as they ran. */
export const shiftHiresPatch = 'shift-hires';
/** Versioning: maxConcurrentTasks is a cap (work slots); companies started before route as they did. */
export const shiftCapacityPatch = 'shift-capacity';
/**
 * Versioning: a task's ending, when the company hears it, frees its work slot and routes the waiting
 * tasks again. Before it, an ending heard before the task's release let the next routing free the slot
 * silently and the release then found nothing to free, so the waiting tasks waited until the next shift
 * change; those runs replay as they ran.
 */
export const shiftFreedSlotRetriesPatch = 'shift-freed-slot-retries';
/**
 * Versioning: a task's requests still waiting when the company hears it ended leave the waiting list. Before this, a
 * task cancelled while it waited for a slot kept its request there, and the next free slot was granted to it; the
 * next routing freed such a slot while the company still knew the task had ended, but a company keeps only its
 * latest finished tasks across continue-as-new, and a slot of a task it no longer knew stayed taken for good.
 * Runs that heard such an ending before this replay as they ran.
 */
export const endedTasksStopWaitingPatch = 'shift-ended-tasks-stop-waiting';
/**
 * Versioning: the company waits for the desk's signals (route replies, handoffs, pages, hires) to be delivered
 * before it continues as new or ends ({@link ShiftDesk.waitsForSignals}); runs that closed with one undelivered
 * replay as they ran.
 */
export const shiftDeskDeliversBeforeClosePatch = 'shift-desk-delivers-before-close';

/** What the desk carries across the company's continue-as-new. */
export interface ShiftDeskState {
  /** Null until the shift workflow first tells who is on duty. */
  onDuty: string[] | null;
  rostered: string[];
  onCall: Record<string, string>;
  waiting: RouteRequest[];
  /** Handoffs sent and not yet reported done, by task id. */
  handoffs: Record<string, string | null>;
  /** Work slots held, task id → agent (maxConcurrentTasks is a cap); absent in runs before the cap. */
  slots?: Record<string, string>;
}

/** States in which a task's assignee does not hold it (being routed) or may not be handed over. */
const notHandedOver = new Set<TaskSummary['status']>(['CREATED', 'WAITING_FOR_SHIFT']);

/**
 * The company's side of shifts (docs/shifts.md): hears from the shift workflow who is on duty,
 * routes tasks to on-duty agents (least loaded of the role), keeps the ones nobody can take
 * waiting, pages on-call agents for urgent work, and hands leaving agents' tasks over.
 */
export class ShiftDesk {
  private readonly company: CompanySnapshot;
  private readonly tasks: () => ReadonlyMap<string, TaskSummary>;
  private readonly state: ShiftDeskState;
  /** Whether maxConcurrentTasks is a cap in this run (decided once: patched() is not memoised as false). */
  private readonly capped: boolean;
  /** Signals sent and not yet delivered or refused by the server. */
  private readonly sends = new SignalsInFlight();

  constructor(company: CompanySnapshot, tasks: () => ReadonlyMap<string, TaskSummary>, carried?: ShiftDeskState) {
    this.company = company;
    this.tasks = tasks;
    this.state = carried ?? {
      onDuty: null,
      rostered: [],
      onCall: company.shifts?.onCall ?? {},
      waiting: [],
      handoffs: {},
    };
    this.capped = patched(shiftCapacityPatch);
    if (this.capped) this.state.slots ??= {};
  }

  install(): void {
    setHandler(shiftChangeSignal, (change) => this.shiftChanged(change));
    setHandler(routeRequestSignal, (request) => this.route(request));
    setHandler(releaseSlotSignal, ({ taskId }) => {
      if (this.state.slots?.[taskId] === undefined) return;
      delete this.state.slots[taskId];
      this.retryWaiting();
    });
    setHandler(shiftDeskQuery, () => ({
      onDuty: this.state.onDuty,
      slots: { ...this.state.slots },
      waiting: this.state.waiting.map(({ requestId, taskId, kind, agentId, urgent }) => ({
        requestId,
        taskId,
        kind,
        agentId,
        urgent,
      })),
    }));
  }

  /**
   * The company heard that a task ended. Its release may arrive later or never (a cancelled or
   * terminated task sends none): the slot is free now, and the tasks waiting for one are routed again.
   */
  taskEnded(taskId: string): void {
    // Its requests still waiting are stale: granted later, they would hold a slot for nobody (endedTasksStopWaitingPatch).
    if (this.state.waiting.some((request) => request.taskId === taskId) && patched(endedTasksStopWaitingPatch)) {
      this.state.waiting = this.state.waiting.filter((request) => request.taskId !== taskId);
    }
    if (this.state.slots?.[taskId] === undefined || !patched(shiftFreedSlotRetriesPatch)) return;
    delete this.state.slots[taskId];
    this.retryWaiting();
  }

  /** Starts the company's shift workflow; it outlives each run of the company workflow. */
  async startShifts(): Promise<void> {
    const { company } = this;
    if (!company.shifts) return;
    await startChild(shiftWorkflow, {
      workflowId: shiftWorkflowId(company.id),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `${company.name} · shifts (${company.shifts.timezone})`,
      typedSearchAttributes: [{ key: companyIdKey, value: company.id }],
      args: [
        {
          company: {
            id: company.id,
            agents: company.agents.map(({ id, role, department }) => ({ id, role, department })),
            departments: company.departments.map(({ name, head }) => ({ name, head })),
          },
          roster: emptyRoster(company.shifts),
        },
      ],
    });
  }

  async stop(): Promise<void> {
    await getExternalWorkflowHandle(shiftWorkflowId(this.company.id))
      .signal(stopShiftsSignal)
      .catch((error: unknown) => log.warn('shift workflow did not take the stop', { error: String(error) }));
  }

  /**
   * A hire joins a rotation by the roster's policy (the shift workflow decides, src/domain/shifts/hires.ts).
   * Until the shift workflow says who is on duty, the hire counts as rostered and off duty, so no work
   * reaches it outside its shift.
   */
  hired(agent: { id: string; role: string; department: string }): void {
    if (!patched(shiftHiresPatch)) return;
    if (!this.state.rostered.includes(agent.id)) this.state.rostered = [...this.state.rostered, agent.id];
    if (this.state.onDuty !== null) this.state.onDuty = this.state.onDuty.filter((id) => id !== agent.id);
    const { id, role, department } = agent;
    this.send(
      getExternalWorkflowHandle(shiftWorkflowId(this.company.id)).signal(agentHiredSignal, { id, role, department }),
      (error) => log.warn('shift workflow did not take the hire', { error: String(error) }),
    );
  }

  carry(): ShiftDeskState {
    return this.state;
  }

  /**
   * Whether the run must wait for signals the desk sent before it closes. The server delivers a workflow's signal
   * after the workflow task that sent it, and drops it if the sender has closed by then (continued as new or
   * ended): a grant sent in the workflow task that continues as new never reached its task, while the next run
   * carried the slot as the task's. Only asked when some are undelivered, so other runs record no marker.
   */
  waitsForSignals(): boolean {
    return !this.sends.delivered() && patched(shiftDeskDeliversBeforeClosePatch);
  }

  /** True when every signal the desk sent has been delivered or refused. */
  delivered(): boolean {
    return this.sends.delivered();
  }

  private isOnDuty(agentId: string): boolean {
    if (this.state.onDuty === null) return false;
    return this.state.onDuty.includes(agentId) || !this.state.rostered.includes(agentId);
  }

  private onDutySet(): Set<string> {
    return new Set(this.company.agents.map((agent) => agent.id).filter((id) => this.isOnDuty(id)));
  }

  private load(): Map<string, number> {
    const load = new Map<string, number>();
    for (const task of this.tasks().values()) {
      if (isTerminal(task.status) || notHandedOver.has(task.status)) continue;
      load.set(task.assignee, (load.get(task.assignee) ?? 0) + 1);
    }
    return load;
  }

  /**
   * Work slots held per agent (maxConcurrentTasks is a cap), or undefined without the cap. A slot of a
   * task that ended without releasing it (cancelled, terminated) is freed here.
   */
  private held(): Map<string, number> | undefined {
    const slots = this.state.slots;
    if (!this.capped || slots === undefined) return undefined;
    const held = new Map<string, number>();
    for (const [taskId, agentId] of Object.entries(slots)) {
      const task = this.tasks().get(taskId);
      if (task && isTerminal(task.status)) {
        delete slots[taskId];
        continue;
      }
      held.set(agentId, (held.get(agentId) ?? 0) + 1);
    }
    return held;
  }

  private shiftChanged(change: ShiftChange): void {
    this.state.onDuty = change.onDuty;
    this.state.rostered = change.rostered;
    this.state.onCall = change.onCall;
    this.retryWaiting();
    this.handOver(change.label);
  }

  /** Routes the waiting tasks again (a rotation opened, a slot was freed); with the cap, urgent ones first. */
  private retryWaiting(): void {
    const waiting = this.state.waiting;
    this.state.waiting = [];
    const ordered = this.capped ? [...waiting.filter((r) => r.urgent), ...waiting.filter((r) => !r.urgent)] : waiting;
    for (const request of ordered) this.route(request, true);
  }

  private route(request: RouteRequest, retry = false): void {
    if (this.state.onDuty === null) {
      this.state.waiting.push(request);
      return;
    }
    const onDuty = this.onDutySet();
    const held = this.held();
    const wanted = findAgent(this.company, request.agentId);
    let agentId: string | undefined;
    if (request.kind === 'review') {
      const present = { ...this.company, agents: this.company.agents.filter((agent) => onDuty.has(agent.id)) };
      agentId = chooseReviewer(present, request.agentId) ?? undefined;
    } else if (request.kind === 'resume' && (held === undefined || onDuty.has(request.agentId))) {
      // The assignee goes on with its own task once it has room; it is not passed to a peer mid-way.
      agentId = held === undefined || hasRoom(wanted, held) ? request.agentId : undefined;
    } else {
      agentId = routeTask(this.company, request.agentId, onDuty, this.load(), held);
      const roleOnDuty = this.company.agents.some((agent) => agent.role === wanted?.role && onDuty.has(agent.id));
      if (agentId === undefined && request.urgent && (held === undefined || !roleOnDuty)) {
        const paged = this.page(request.agentId, `urgent task ${request.taskId}`);
        agentId =
          held === undefined || paged === undefined || hasRoom(findAgent(this.company, paged), held)
            ? paged
            : undefined;
      }
    }
    if (agentId !== undefined) {
      if (request.kind !== 'review' && request.capacity && this.state.slots) this.state.slots[request.taskId] = agentId;
      this.reply(request.workflowId, { requestId: request.requestId, agentId });
      return;
    }
    this.state.waiting.push(request);
    if (retry) return;
    this.reply(request.workflowId, { requestId: request.requestId, waiting: this.waitReason(request, onDuty) });
  }

  /** What a task that cannot be routed now waits for, in words for the company view. */
  private waitReason(request: RouteRequest, onDuty: ReadonlySet<string>): string {
    if (request.kind === 'review') return 'no reviewer on duty';
    const wanted = findAgent(this.company, request.agentId);
    const role = wanted?.role ?? request.agentId;
    if (request.kind === 'resume' && onDuty.has(request.agentId)) {
      return `${request.agentId} is working ${capacityOf(wanted)} tasks, its maxConcurrentTasks`;
    }
    const roleOnDuty = this.company.agents.some((agent) => agent.role === role && onDuty.has(agent.id));
    return roleOnDuty && this.capped ? `every ${role} on duty is at maxConcurrentTasks` : `no ${role} on duty`;
  }

  /** Calls in the on-call agent of `agentId`'s department; counts it on duty at once. */
  private page(agentId: string, reason: string): string | undefined {
    const onCall = onCallFor(this.company, this.state.onCall, agentId);
    if (onCall === undefined) return undefined;
    if (!this.isOnDuty(onCall)) {
      this.state.onDuty = [...(this.state.onDuty ?? []), onCall];
      this.send(
        getExternalWorkflowHandle(shiftWorkflowId(this.company.id)).signal(pageSignal, { agentId: onCall, reason }),
        (error) => log.warn('shift workflow did not take the page', { error: String(error) }),
      );
    }
    return onCall;
  }

  private handOver(label: string): void {
    const onDuty = this.onDutySet();
    const load = this.load();
    const held = this.held();
    for (const [taskId, sent] of Object.entries(this.state.handoffs)) {
      const task = this.tasks().get(taskId);
      if (!task || isTerminal(task.status) || task.assignee === sent) delete this.state.handoffs[taskId];
    }
    for (const task of this.tasks().values()) {
      if (isTerminal(task.status) || notHandedOver.has(task.status) || onDuty.has(task.assignee)) continue;
      const sent = this.state.handoffs[task.id];
      // Sent and its agent still there: wait for the task's report. Sent to nobody: try again now.
      if (sent !== undefined && sent !== null && onDuty.has(sent)) continue;
      let to =
        handoffTarget(this.company, task.assignee, onDuty, load, held) ??
        this.page(task.assignee, `handoff of ${task.id}`) ??
        null;
      if (to !== null && held !== undefined && !hasRoom(findAgent(this.company, to), held)) to = null;
      if (to !== null) load.set(to, (load.get(to) ?? 0) + 1);
      // The task asks for a slot of its new assignee before its next step; the leaving agent's is free.
      if (held !== undefined && to !== null) held.set(to, (held.get(to) ?? 0) + 1);
      if (this.state.slots) delete this.state.slots[task.id];
      this.state.handoffs[task.id] = to;
      const handoff: Handoff = { to, reason: label };
      this.send(
        getExternalWorkflowHandle(taskWorkflowId(this.company.id, task.id)).signal(handoffSignal, handoff),
        (error) => log.warn('task did not take the handoff', { task: task.id, error: String(error) }),
      );
    }
  }

  private reply(workflowId: string, reply: RouteReply): void {
    this.send(getExternalWorkflowHandle(workflowId).signal(routeReplySignal, reply), (error) =>
      log.warn('task did not take the route reply', { workflowId, error: String(error) }),
    );
  }

  /** A signal to a task or the shift workflow, counted until the server has delivered it (or refused it). */
  private send(signal: Promise<void>, refused: (error: unknown) => void): void {
    this.sends.send(signal, refused);
  }
}
