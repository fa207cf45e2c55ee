import { condition, isCancellation, patched, setHandler } from '@temporalio/workflow';
import type { TaskStatus } from '../src/domain/task-state.ts';
import type { AgentRetired } from './contracts/headcount.ts';
import { agentRetiredSignal } from './contracts/headcount.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import { handTaskOver } from './task-handoff.ts';
import type { ShiftGateHooks } from './shift-gate.ts';

/** Versioning: task workflows of companies with `scaling` take retirements; others never reach this. */
export const retirementHandoverPatch = 'retirement-handover';
/** Versioning: task workflows of every company take a firing; tasks from before never heard of one. */
export const fireHandoverTaskPatch = 'fire-handover-task';

/** States in which no model call of the task is under way, so a handover need not wait for the next step. */
const quietStates = new Set<TaskStatus>(['BLOCKED', 'AWAITING_APPROVAL']);

/**
 * The task's side of a retirement (docs/scaling.md, "Headcount"): when its company retires an agent,
 * work the agent holds goes to the successor as at a shift's end (the leaving agent's handoff note,
 * one model call in the ledger and in the successor's memory), before the next work step or at once
 * while the task waits; a review the retired agent was to give goes to the successor instead.
 */
export class RetirementHandover {
  readonly enabled: boolean;
  private readonly input: AgentTaskInput;
  private readonly hooks: ShiftGateHooks;
  private readonly successors = new Map<string, AgentRetired>();
  private handoffs = 0;
  private handingOff = false;

  constructor(input: AgentTaskInput, hooks: ShiftGateHooks) {
    this.input = input;
    this.hooks = hooks;
    // Companies with `scaling` retire agents; any company may fire one (workflows/fire-handover.ts).
    this.enabled =
      (input.company.scaling !== undefined && patched(retirementHandoverPatch)) || patched(fireHandoverTaskPatch);
  }

  install(): void {
    if (!this.enabled) return;
    setHandler(agentRetiredSignal, (retired) => {
      if (typeof retired?.agentId === 'string' && typeof retired.successor === 'string') {
        this.successors.set(retired.agentId, retired);
      }
    });
    // A cancelled task stops waiting to hand over and its own code ends it; left unhandled, the
    // cancellation of this loop's condition would fail every workflow task of the task from then on.
    void this.handOverWhileQuiet().catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
  }

  /** Who works (or reviews) a step now: the successor of a retired agent, after the handover. */
  async beforeStep(mode: 'work' | 'review', agentId: string): Promise<string> {
    if (!this.enabled) return agentId;
    if (mode === 'review') return this.reviewerFor(agentId);
    await condition(() => !this.handingOff);
    if (this.successorOf(this.hooks.assignee()) !== this.hooks.assignee()) await this.handOver();
    return this.hooks.assignee();
  }

  /**
   * What beforeStep would return, when that needs no wait and no handover (none under way, none due); undefined
   * otherwise. A step of patch lean-step (workflows/lean-step.ts) asks this first and awaits nothing when it has
   * an answer.
   */
  settledAgent(mode: 'work' | 'review', agentId: string): string | undefined {
    if (!this.enabled) return agentId;
    if (mode === 'review') return this.reviewerFor(agentId);
    if (this.handingOff) return undefined;
    const assignee = this.hooks.assignee();
    return this.successorOf(assignee) === assignee ? assignee : undefined;
  }

  /** A review the retired agent was to give goes to its successor (unless that is the author). */
  private reviewerFor(agentId: string): string {
    const reviewer = this.successorOf(agentId);
    return reviewer === this.hooks.assignee() ? agentId : reviewer;
  }

  /** Follows successors (a successor may have retired since), never in a loop. */
  private successorOf(agentId: string): string {
    const seen = new Set<string>();
    let current = agentId;
    while (this.successors.has(current) && !seen.has(current)) {
      seen.add(current);
      current = this.successors.get(current)!.successor;
    }
    return current;
  }

  private async handOverWhileQuiet(): Promise<void> {
    for (;;) {
      await condition(
        () =>
          !this.handingOff &&
          quietStates.has(this.hooks.status()) &&
          this.successorOf(this.hooks.assignee()) !== this.hooks.assignee(),
      );
      await this.handOver();
    }
  }

  private async handOver(): Promise<void> {
    const from = this.hooks.assignee();
    const to = this.successorOf(from);
    const retired = this.successors.get(from);
    this.handingOff = true;
    try {
      this.handoffs++;
      const reason = retired?.reason ?? `${from} retired`;
      await handTaskOver(this.input, this.hooks, {
        key: `retirement-${this.handoffs}`,
        from,
        to,
        reason,
        event: `handed over from ${from} to ${to}: ${reason}`,
      });
    } finally {
      this.handingOff = false;
    }
  }
}
