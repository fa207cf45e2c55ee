import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { AgentSpec } from '../src/config/schemas.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { successorOfFired } from '../src/domain/staffing.ts';
import { isTerminal } from '../src/domain/task-state.ts';
import type { CompanySnapshot, TaskSummary } from '../src/domain/types.ts';
import type { AgentRetired } from './contracts/headcount.ts';
import { agentRetiredSignal } from './contracts/headcount.ts';
import type { SignalsInFlight } from './signals-in-flight.ts';

/** Versioning: companies hand a fired agent's open tasks over; histories from before left them with it. */
export const fireHandsOverPatch = 'fire-hands-over';

export interface FiredWork {
  successor: string;
  /** Open tasks the fired agent held or was to review, each told to hand over (workflows/retirement-handover.ts). */
  tasks: string[];
}

/**
 * The company's side of an operator's `fire` (docs/scaling.md): every open task the fired agent holds
 * or reviews goes to a successor — a peer of its role with the least work, else its manager — the way a
 * retirement by the headcount workflow does: the leaving agent's handoff note, then the successor works.
 * `company` is the chart after the agent left. The tells go through `sends`, which the company lets the server
 * deliver before it closes: nothing tells a task twice, so a lost one leaves it working as the fired agent.
 */
export function handOverFiredWork(
  company: CompanySnapshot,
  fired: AgentSpec,
  tasks: ReadonlyMap<string, TaskSummary>,
  sends: SignalsInFlight,
): FiredWork {
  const open = [...tasks.values()].filter((task) => !isTerminal(task.status));
  const active = (agentId: string) => open.filter((task) => task.assignee === agentId).length;
  const successor = successorOfFired(company, fired, active);
  const held = open.filter((task) => task.assignee === fired.id || task.reviewer === fired.id);
  const retired: AgentRetired = { agentId: fired.id, successor, reason: `${fired.id} was fired by the operator` };
  for (const task of held) {
    sends.send(
      getExternalWorkflowHandle(taskWorkflowId(company.id, task.id)).signal(agentRetiredSignal, retired),
      (error) => log.warn('task did not take the firing', { task: task.id, error: String(error) }),
    );
  }
  return { successor, tasks: held.map((task) => task.id) };
}
