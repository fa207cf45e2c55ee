import type { SynthorgClient } from '../src/client/synthorg-client.ts';
import { companyReady } from '../src/client/company-start.ts';
import { GoalAdmission, goalTaskId, startGoalTask } from '../src/client/goal-admission.ts';
import { withQueryRetry } from '../src/client/temporal-errors.ts';
import { companyWorkflowId, taskWorkflowId } from '../src/domain/ids.ts';
import type { AdmissionView } from '../workflows/contracts/company.ts';
import { admissionQuery, goalAdmittedSignal, goalsAdmittedSignal } from '../workflows/contracts/company.ts';
import { goalTask } from '../workflows/contracts/goal-task.ts';

/**
 * The admissions the benches compare (`--admission`): the client's signalling (per burst), the one before it (per
 * goal), and `none`, a bound and not a way to admit: the task is started and nobody tells the company, which
 * first hears of it from the task's own first report (what any removal of the client's signal could save at best;
 * the company would not list the task at once, nor catch it up on a pause or stop).
 */
export const benchAdmissions = ['burst', 'per-goal', 'none'] as const;
export type BenchAdmission = (typeof benchAdmissions)[number];

/** `--admission=burst|per-goal|none|both|all` as the list to measure (`both`: burst and per-goal), alternating. */
export function parseBenchAdmissions(option: string): BenchAdmission[] {
  if (option === 'both') return ['burst', 'per-goal'];
  if (option === 'all') return [...benchAdmissions];
  const found = benchAdmissions.find((each) => each === option);
  if (!found) throw new Error(`--admission: choose from ${benchAdmissions.join(', ')}, both, all`);
  return [found];
}

/**
 * Direct admission of a goal (`submitGoal(..., { goalId })`) with the signalling given: `burst` is the client's
 * own `submitGoal`; `per-goal` the same admission with one `goalAdmitted` signal per goal, the code before the
 * ninth round (docs/faults-and-load-rounds.md, "Ninth round: admission in one signal per burst").
 */
export function directAdmission(
  client: SynthorgClient,
  signalling: BenchAdmission,
): (companyId: string, goal: string, goalId: string) => Promise<{ id: string }> {
  if (signalling === 'burst') return (companyId, goal, goalId) => client.submitGoal(companyId, goal, { goalId });
  if (signalling === 'none') return startOnly(client);
  const admission = new GoalAdmission({
    temporal: () => client.temporal,
    query: (_companyId, run) => {
      const signal = new AbortController().signal;
      return withQueryRetry(() => run(signal), signal);
    },
    ready: (companyId) => companyReady(client.temporal.workflow.getHandle(companyWorkflowId(companyId)), 15_000),
    signalling,
  });
  return (companyId, goal, goalId) => admission.admit(companyId, goal, { goalId });
}

/** The start of a direct admission without its signal (`none` above): one company read per burst, then starts. */
function startOnly(
  client: SynthorgClient,
): (companyId: string, goal: string, goalId: string) => Promise<{ id: string }> {
  const reads = new Map<string, Promise<AdmissionView>>();
  return async (companyId, goal, goalId) => {
    const read =
      reads.get(companyId) ?? client.temporal.workflow.getHandle(companyWorkflowId(companyId)).query(admissionQuery);
    reads.set(companyId, read);
    const view = await read;
    const task = goalTask(view.company, goalTaskId(goalId), { goal }, view.status === 'PAUSED');
    await startGoalTask(client.temporal, taskWorkflowId(companyId, task.input.taskId), view.taskQueue, task);
    return { id: task.input.taskId };
  };
}

/** The admission signals (`goalAdmitted`, `goalsAdmitted`) and the workflow tasks the company's current run holds. */
export async function countAdmissionSignals(
  client: SynthorgClient,
  companyId: string,
): Promise<{ signals: number; workflowTasks: number }> {
  const names = new Set([goalAdmittedSignal.name, goalsAdmittedSignal.name]);
  const { events } = await client.temporal.workflow.getHandle(companyWorkflowId(companyId)).fetchHistory();
  const all = events ?? [];
  return {
    signals: all.filter((event) => names.has(event.workflowExecutionSignaledEventAttributes?.signalName ?? '')).length,
    workflowTasks: all.filter((event) => event.workflowTaskCompletedEventAttributes).length,
  };
}
