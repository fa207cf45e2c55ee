import { ParentClosePolicy, getExternalWorkflowHandle, log, setHandler, startChild } from '@temporalio/workflow';
import { durationToMs } from '../src/domain/duration.ts';
import type { AgentSpec } from '../src/config/schemas.ts';
import type { StaffProposal } from '../src/domain/headcount-loop.ts';
import { headcountWorkflowId, staffChangeProblem } from '../src/domain/headcount-loop.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { companyIdKey } from '../src/domain/search-attributes.ts';
import { agentsWithHire, agentsWithout } from '../src/domain/staffing.ts';
import { isTerminal } from '../src/domain/task-state.ts';
import type { CompanySnapshot, CompanyStatus, TaskSummary } from '../src/domain/types.ts';
import type { AgentRetired, StaffChangeResult } from './contracts/headcount.ts';
import {
  agentRetiredSignal,
  headcountReadingSignal,
  readingRequestSignal,
  staffChangeResultSignal,
  staffChangeSignal,
  stopHeadcountSignal,
} from './contracts/headcount.ts';
import { headcountWorkflow } from './headcount.ts';
import type { SignalsInFlight } from './signals-in-flight.ts';

/** Versioning: company workflows with `scaling` run the desk; companies without never reach it. */
export const headcountDeskPatch = 'headcount-desk';

const defaultIntervalMs = 60_000;

/** What the desk carries across the company's continue-as-new. */
export interface HeadcountDeskState {
  started: boolean;
  /** Retired agent → successor; a task that still names a retired agent is told to hand over. */
  retired: Record<string, string>;
  /** `<taskId>@<agent>` already told, so a task hears of each retirement once. */
  told: string[];
}

/** What the desk needs of its company workflow. */
export interface HeadcountDeskHooks {
  tasks(): ReadonlyMap<string, TaskSummary>;
  status(): CompanyStatus;
  spentUsd(): number;
  save(event: string, actor: string, details: Record<string, unknown>): Promise<void>;
  /** A hire has joined the org chart (shifts place it in a rotation). */
  hired?(agent: AgentSpec): void;
  /** The company's unawaited signals, which it lets the server deliver before it closes. */
  sends: SignalsInFlight;
}

/**
 * The company's side of autonomous headcount (docs/scaling.md, "Headcount"): starts the headcount
 * workflow, answers its readings (the org chart and active tasks per agent), applies the changes it
 * proposes (a hire joins its delegators, a retirement re-parents and leaves every delegation list),
 * and tells the retired agent's tasks (now and whenever one reports later) to hand over to the successor.
 */
export class HeadcountDesk {
  private readonly company: CompanySnapshot;
  private readonly hooks: HeadcountDeskHooks;
  private readonly state: HeadcountDeskState;

  constructor(company: CompanySnapshot, hooks: HeadcountDeskHooks, carried?: HeadcountDeskState) {
    this.company = company;
    this.hooks = hooks;
    this.state = carried ?? { started: false, retired: {}, told: [] };
  }

  install(): void {
    setHandler(readingRequestSignal, ({ requestId }) => {
      const activeByAgent: Record<string, number> = {};
      for (const task of this.hooks.tasks().values()) {
        if (!isTerminal(task.status)) activeByAgent[task.assignee] = (activeByAgent[task.assignee] ?? 0) + 1;
      }
      // Lost, the headcount workflow would wait out its answer timeout (2 minutes) and skip this reading.
      this.hooks.sends.send(
        this.headcount().signal(headcountReadingSignal, {
          requestId,
          load: { company: this.company, activeByAgent, spentUsd: this.hooks.spentUsd(), status: this.hooks.status() },
        }),
        (error) => log.warn('headcount workflow did not take the reading', { error: String(error) }),
      );
    });
    setHandler(staffChangeSignal, ({ proposal }) => this.apply(proposal));
  }

  /** Starts the headcount workflow once; it outlives each run of the company workflow. */
  async start(): Promise<void> {
    if (this.state.started) return;
    this.state.started = true;
    const every = this.company.policies.headcountInterval;
    await startChild(headcountWorkflow, {
      workflowId: headcountWorkflowId(this.company.id),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `${this.company.name} · headcount`,
      typedSearchAttributes: [{ key: companyIdKey, value: this.company.id }],
      args: [{ companyId: this.company.id, intervalMs: every ? durationToMs(every) : defaultIntervalMs }],
    });
  }

  async stop(): Promise<void> {
    await this.headcount()
      .signal(stopHeadcountSignal)
      .catch((error: unknown) => log.warn('headcount workflow did not take the stop', { error: String(error) }));
  }

  carry(): HeadcountDeskState {
    return this.state;
  }

  /** A task that reports with a retired agent as its assignee (started before it heard) is told to hand over. */
  taskReported(task: Pick<TaskSummary, 'id' | 'status' | 'assignee'>): void {
    if (isTerminal(task.status) || this.state.retired[task.assignee] === undefined) return;
    this.tell(task.id, task.assignee);
  }

  private async apply(proposal: StaffProposal): Promise<void> {
    const problem = staffChangeProblem(this.company, proposal);
    const result: StaffChangeResult = { proposalId: proposal.id, ok: problem === undefined, handedOver: [] };
    if (problem) result.error = problem;
    else if (proposal.kind === 'hire') {
      this.company.agents = agentsWithHire(this.company, proposal.spec!);
      this.hooks.hired?.(proposal.spec!);
      await this.hooks.save('agent hired', 'headcount', {
        agent: proposal.agentId,
        proposal: proposal.id,
        reason: proposal.reason,
      });
    } else {
      const successor = proposal.successor!;
      this.company.agents = agentsWithout(this.company, proposal.agentId);
      for (const [leaving, next] of Object.entries(this.state.retired)) {
        if (next === proposal.agentId) this.state.retired[leaving] = successor;
      }
      this.state.retired[proposal.agentId] = successor;
      await this.hooks.save('agent retired', 'headcount', {
        agent: proposal.agentId,
        successor,
        proposal: proposal.id,
        reason: proposal.reason,
      });
      for (const task of this.hooks.tasks().values()) {
        if (!isTerminal(task.status) && task.assignee === proposal.agentId && this.tell(task.id, task.assignee)) {
          result.handedOver.push(task.id);
        }
      }
    }
    await this.headcount()
      .signal(staffChangeResultSignal, result)
      .catch((error: unknown) => log.warn('headcount workflow did not take the result', { error: String(error) }));
  }

  private tell(taskId: string, agentId: string): boolean {
    const key = `${taskId}@${agentId}`;
    const successor = this.state.retired[agentId];
    if (successor === undefined || this.state.told.includes(key)) return false;
    this.state.told = [...this.state.told, key].slice(-500);
    const retired: AgentRetired = { agentId, successor, reason: `${agentId} retired by the headcount rules` };
    // Counted in `told` from now on, so never sent again: lost, the task would go on as the retired agent for good.
    this.hooks.sends.send(
      getExternalWorkflowHandle(taskWorkflowId(this.company.id, taskId)).signal(agentRetiredSignal, retired),
      (error) => log.warn('task did not take the retirement', { task: taskId, error: String(error) }),
    );
    return true;
  }

  private headcount() {
    return getExternalWorkflowHandle(headcountWorkflowId(this.company.id));
  }
}
