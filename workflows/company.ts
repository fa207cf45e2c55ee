import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { parseAgentSpec, safeParseAgentSpec } from '../src/domain/agent-spec-parse.ts';
import { addUsd } from '../src/domain/budget.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { findAgent } from '../src/domain/org-chart.ts';
import { formatIssues } from '../src/domain/plain-schema.ts';
import { companyIdKey } from '../src/domain/search-attributes.ts';
import { agentsWithHire, agentsWithout } from '../src/domain/staffing.ts';
import { isTerminal } from '../src/domain/task-state.ts';
import type { CompanySnapshot, TaskSummary } from '../src/domain/types.ts';
import { agentTaskWorkflow } from './agent-task.ts';
import type { CompanyResult, CompanyState, CompanyViewState, CompanyWorkflowInput } from './contracts/company.ts';
import {
  approvalsQuery,
  budgetQuery,
  fireUpdate,
  hireUpdate,
  orgChartQuery,
  pauseUpdate,
  readyUpdate,
  resumeUpdate,
  setBudgetUpdate,
  stopUpdate,
  submitGoalUpdate,
  taskUpdateSignal,
  tasksQuery,
  viewQuery,
} from './contracts/company.ts';
import { budgetRaisedSignal, pauseSignal, resumeSignal } from './contracts/task.ts';
import { HeadcountDesk, headcountDeskPatch } from './headcount-desk.ts';
import { fireHandsOverPatch, handOverFiredWork } from './fire-handover.ts';
import { ShiftDesk, shiftDeskPatch } from './shift-desk.ts';
import { dropMalformedSignalsPatch, isTaskUpdate } from './signal-payloads.ts';
import { installGoalAdmission } from './goal-admission.ts';
import { goalProblem, goalTask } from './contracts/goal-task.ts';
import { CompanyContinuation } from './company-continuation.ts';
import { DroppedTasks } from './dropped-tasks.ts';
import { SignalsInFlight } from './signals-in-flight.ts';

const { saveCompany } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/** Finished tasks a company keeps in its own state across continue-as-new; the database keeps all. */
const keptFinishedTasks = 200;
/** Temporal's default task priority (1–5, 3 in the middle): a goal's task does not inherit the company's. */
const taskPriority = { priorityKey: 3 };
const defaultHistoryLimit = 10_000;
const newestTaskReportWinsPatch = 'newest-task-report-wins';
const hireJoinsDelegatesPatch = 'hire-joins-delegates';
/**
 * Versioning: the company waits for the signals its headcount desk (reading replies, retirement tells) and a
 * firing's handover sent to be delivered before it continues as new or ends (workflows/signals-in-flight.ts); runs
 * that closed with one undelivered replay as they ran.
 */
const sendsDeliveredBeforeClosePatch = 'company-sends-delivered-before-close';

/**
 * One company, for as long as it runs (docs/architecture.md, "Workflows"): takes goals, starts a task workflow per goal,
 * keeps the org chart and the budget, and hears from its tasks. Continues as new to keep its
 * history bounded, carrying its state.
 */
export async function companyWorkflow(input: CompanyWorkflowInput): Promise<CompanyResult> {
  const company: CompanySnapshot = input.company;
  const state: CompanyState = input.state ?? {
    status: 'RUNNING',
    nextTaskNumber: 1,
    tasks: [],
    pendingApprovals: [],
    generation: 0,
    droppedSpentUsd: 0,
  };
  const tasks = new Map(state.tasks.map((task) => [task.id, task]));
  // Signals of the headcount desk and the fire handover that no handler awaits (the shift desk counts its own).
  const sends = new SignalsInFlight();
  const approvals = new Map(state.pendingApprovals.map((approval) => [approval.taskId, approval]));
  const droppedTasks = new DroppedTasks(state.droppedTaskIds);
  const workflowId = workflowInfo().workflowId;
  let eventNumber = 0;
  let registered = input.state !== undefined;

  const spentUsd = () => addUsd(state.droppedSpentUsd, ...[...tasks.values()].map((task) => task.ownCostUsd));
  const historyLimit = input.historyLimit ?? defaultHistoryLimit;
  // Before anything else: the patch it reads is decided at a run's start, so a whole run behaves one way.
  const continuation = new CompanyContinuation({ historyLimit, spentUsd });
  const activeTaskIds = () => [...tasks.values()].filter((task) => !isTerminal(task.status)).map((task) => task.id);
  const save = (event: string, actor: string, details: Record<string, unknown> = {}, claimsId = false) =>
    saveCompany({
      claimsId,
      company,
      status: state.status,
      // Keyed by run and event number, so a retried write is recorded once.
      eventKey: `${workflowId}#${workflowInfo().runId}#${++eventNumber}`,
      event,
      actor,
      details,
    });
  const tellActiveTasks = async (send: (workflowId: string) => Promise<void>) => {
    await Promise.all(
      activeTaskIds().map((id) =>
        send(taskWorkflowId(company.id, id)).catch((error: unknown) =>
          log.warn('task did not take the message', { task: id, error: String(error) }),
        ),
      ),
    );
  };

  upsertSearchAttributes([{ key: companyIdKey, value: company.id }]);
  // Shifts (docs/shifts.md): only companies with a roster reach the patch, so others replay as before.
  const desk =
    company.shifts && patched(shiftDeskPatch) ? new ShiftDesk(company, () => tasks, state.shiftDesk) : undefined;
  desk?.install();
  // Headcount (docs/scaling.md): only companies with `scaling` reach the patch, so others replay as before.
  const headcount =
    company.scaling && patched(headcountDeskPatch)
      ? new HeadcountDesk(
          company,
          {
            tasks: () => tasks,
            status: () => state.status,
            spentUsd,
            save,
            hired: (agent) => desk?.hired(agent),
            sends,
          },
          state.headcount,
        )
      : undefined;
  headcount?.install();

  setHandler(orgChartQuery, () => company);
  setHandler(tasksQuery, () => [...tasks.values()]);
  setHandler(budgetQuery, () => ({ limitUsd: company.monthlyBudgetUsd, spentUsd: spentUsd() }));
  setHandler(approvalsQuery, () => [...approvals.values()]);
  setHandler(viewQuery, (): CompanyViewState => ({
    company,
    status: state.status,
    spentUsd: spentUsd(),
    tasks: [...tasks.values()],
    pendingApprovals: [...approvals.values()],
    generation: state.generation,
  }));
  // Goals whose task the client started itself (docs/faults-and-load-rounds.md, "Direct admission").
  installGoalAdmission({
    company,
    tasks,
    status: () => state.status,
    registered: () => registered,
    listed: (task) => headcount?.taskReported(task),
    dropped: (taskId) => droppedTasks.has(taskId),
  });

  setHandler(taskUpdateSignal, (update) => {
    if (!isTaskUpdate(update) && patched(dropMalformedSignalsPatch)) return;
    const { task, pendingApproval } = update;
    const known = tasks.get(task.id);
    // A late report of an older state (delivered out of order after a retry or a server restart)
    // would set a finished task back and undercount its cost. Histories from before replay as they ran.
    const reported = 'version' in task ? task.version : undefined;
    const stale = known?.version !== undefined && reported !== undefined && reported < known.version;
    if (stale && patched(newestTaskReportWinsPatch)) return;
    // A lost subtask's ending (told by its parent or a waiting client) only completes a task the
    // company already knows; a subtask's first report can precede anything else the company knows of it.
    if (!known && !('title' in task)) return;
    // A late or repeated report of a finished task dropped at continue-as-new is not a new task (dropped-tasks.ts).
    if (!known && droppedTasks.ignores(task.id)) return;
    tasks.set(task.id, { ...known, ...task } as TaskSummary);
    if (pendingApproval) approvals.set(task.id, pendingApproval);
    else approvals.delete(task.id);
    if (isTerminal(task.status)) {
      continuation.taskEnded();
      desk?.taskEnded(task.id);
    }
    headcount?.taskReported(tasks.get(task.id)!);
  });

  setHandler(
    submitGoalUpdate,
    async ({ goal, acceptanceCriteria, priority }) => {
      await condition(() => registered);
      const taskId = `t${state.nextTaskNumber++}`;
      const task = goalTask(company, taskId, { goal, acceptanceCriteria, priority }, state.status === 'PAUSED');
      const summary = task.summary;
      tasks.set(taskId, summary);
      await startChild(agentTaskWorkflow, {
        workflowId: taskWorkflowId(company.id, taskId),
        // Goals outlive a run of the company workflow (continue-as-new), so they are not its children to close.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A company may run ahead of its tasks (src/client/company-run-limits.ts, companyPriority); its
        // goals run at the default priority, as goals the client admits directly do, not at the company's.
        priority: taskPriority,
        staticSummary: task.staticSummary,
        typedSearchAttributes: task.typedSearchAttributes,
        args: [task.input],
      });
      return summary;
    },
    {
      validator: (request) => {
        const priority = request.priority;
        if (priority !== undefined && priority !== 'normal' && priority !== 'urgent') {
          throw new Error('priority must be "normal" or "urgent"');
        }
        if (state.status === 'STOPPED') throw new Error(`company ${company.id} is stopped`);
        const problem = goalProblem(request);
        if (problem) throw new Error(problem);
      },
    },
  );

  setHandler(
    hireUpdate,
    async (spec) => {
      // Zod-free, the same spec as AgentSpec.parse (test/domain/plain-schema-parity.test.ts): no patch needed.
      const agent = parseAgentSpec(spec);
      // Managers that delegate by list name the hire too; histories from before pushed it alone.
      if (patched(hireJoinsDelegatesPatch)) company.agents = agentsWithHire(company, agent);
      else company.agents.push(agent);
      // With shifts, the hire joins a rotation instead of being always on duty (docs/shifts.md).
      desk?.hired(agent);
      await save('agent hired', 'operator', { agent: agent.id });
    },
    {
      validator: (spec) => {
        const parsed = safeParseAgentSpec(spec);
        if (!parsed.success) throw new Error(formatIssues(parsed.issues));
        const agent = parsed.data;
        if (findAgent(company, agent.id)) throw new Error(`agent "${agent.id}" already works here`);
        if (!company.departments.some((department) => department.name === agent.department)) {
          throw new Error(`unknown department "${agent.department}"`);
        }
        if (agent.reportsTo === null || !findAgent(company, agent.reportsTo)) {
          throw new Error(`reportsTo must name an agent of the company`);
        }
        const unknown = agent.canDelegateTo.find((id) => !findAgent(company, id));
        if (unknown) throw new Error(`canDelegateTo names unknown agent "${unknown}"`);
      },
    },
  );

  setHandler(
    fireUpdate,
    async ({ agentId }) => {
      const agent = findAgent(company, agentId)!;
      company.agents = agentsWithout(company, agentId);
      await save('agent fired', 'operator', { agent: agentId });
      // Its open work goes to a successor (docs/scaling.md); histories from before left it with the agent.
      if (patched(fireHandsOverPatch)) {
        const handed = handOverFiredWork(company, agent, tasks, sends);
        if (handed.tasks.length > 0)
          await save('fired agent’s work handed over', 'operator', { agent: agentId, ...handed });
      }
    },
    {
      validator: ({ agentId }) => {
        const agent = findAgent(company, agentId);
        if (!agent) throw new Error(`unknown agent "${agentId}"`);
        if (agent.reportsTo === null) throw new Error(`cannot fire ${agentId}: it is the top of the org chart`);
        if (company.departments.some((department) => department.head === agentId)) {
          throw new Error(`cannot fire ${agentId}: it heads a department`);
        }
      },
    },
  );

  setHandler(
    setBudgetUpdate,
    async ({ limitUsd, agentId }) => {
      if (agentId) {
        company.agents = company.agents.map((agent) =>
          agent.id === agentId ? { ...agent, budgetLimitUsd: limitUsd } : agent,
        );
      } else {
        company.monthlyBudgetUsd = limitUsd;
      }
      await save('budget set', 'operator', { limitUsd, agentId });
      // Parked tasks re-check the ceiling; a task still above it parks again.
      await tellActiveTasks((id) => getExternalWorkflowHandle(id).signal(budgetRaisedSignal));
    },
    {
      validator: ({ limitUsd, agentId }) => {
        if (typeof limitUsd !== 'number' || !Number.isFinite(limitUsd) || limitUsd <= 0) {
          throw new Error('the budget must be a positive number of USD');
        }
        if (agentId !== undefined && !findAgent(company, agentId)) throw new Error(`unknown agent "${agentId}"`);
      },
    },
  );

  const requireStatus = (allowed: CompanyState['status'], verb: string) => () => {
    if (state.status !== allowed) throw new Error(`cannot ${verb}: company ${company.id} is ${state.status}`);
  };
  setHandler(
    pauseUpdate,
    async () => {
      state.status = 'PAUSED';
      await save('company paused', 'operator');
      await tellActiveTasks((id) => getExternalWorkflowHandle(id).signal(pauseSignal));
    },
    { validator: requireStatus('RUNNING', 'pause') },
  );
  setHandler(
    resumeUpdate,
    async () => {
      state.status = 'RUNNING';
      await save('company resumed', 'operator');
      await tellActiveTasks((id) => getExternalWorkflowHandle(id).signal(resumeSignal));
    },
    { validator: requireStatus('PAUSED', 'resume') },
  );
  setHandler(readyUpdate, () => condition(() => registered));
  setHandler(stopUpdate, async () => {
    state.status = 'STOPPED';
    await tellActiveTasks((id) => getExternalWorkflowHandle(id).cancel());
    await desk?.stop();
    await headcount?.stop();
    await save('company stopped', 'operator');
  });

  // Handlers are all registered before the first await: an update sent right after start finds them,
  // and waits for the company row that tasks reference.
  // A refused id (an earlier company's rows) fails this workflow with the reason; startCompany reports it.
  if (!input.state) await save('company started', 'operator', { template: company.templateName }, true);
  registered = true;
  if (desk && !input.state) await desk.startShifts();
  await headcount?.start();

  if (continuation.adopted) {
    // Once per workflow task: what its reports left to do, then whether to continue as new.
    for (;;) {
      await condition(() => state.status === 'STOPPED' || continuation.pending() || continuation.due());
      continuation.settle();
      if (state.status === 'STOPPED' || continuation.due()) break;
    }
  } else {
    await condition(() => state.status === 'STOPPED' || continuation.due());
  }
  await condition(allHandlersFinished);
  // A signal of the desk still undelivered when this run closes would be dropped by the server (shift-desk.ts).
  if (desk?.waitsForSignals()) await condition(() => desk.delivered() && allHandlersFinished());
  // The same for the company's other sends; asked only when one is undelivered, so other runs record no marker.
  if (!sends.delivered() && patched(sendsDeliveredBeforeClosePatch))
    await condition(() => sends.delivered() && (desk?.delivered() ?? true) && allHandlersFinished());
  continuation.settle();

  if (state.status !== 'STOPPED') {
    const finished = [...tasks.values()].filter((task) => isTerminal(task.status));
    const dropped = new Set(finished.slice(0, Math.max(0, finished.length - keptFinishedTasks)).map((task) => task.id));
    return await continueAsNew<typeof companyWorkflow>({
      company,
      historyLimit,
      state: {
        ...state,
        tasks: [...tasks.values()].filter((task) => !dropped.has(task.id)),
        pendingApprovals: [...approvals.values()],
        generation: state.generation + 1,
        ...(desk ? { shiftDesk: desk.carry() } : {}),
        ...(headcount ? { headcount: headcount.carry() } : {}),
        droppedTaskIds: droppedTasks.carry(dropped),
        droppedSpentUsd: addUsd(
          state.droppedSpentUsd,
          ...finished.filter((task) => dropped.has(task.id)).map((task) => task.ownCostUsd),
        ),
      },
    });
  }
  return { id: company.id, status: state.status, tasks: tasks.size, spentUsd: spentUsd() };
}
