/**
 * Admission in one signal per burst (docs/faults-and-load-rounds.md, "Ninth round: admission in one signal per burst"):
 * the client tells the company of the goals that started while its previous signal was on its way in one
 * `goalsAdmitted`; the company lists each, catches each up on a pause, and ignores a dropped task however it is
 * admitted again. Real dev server, real worker, PGlite.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { GoalAdmission } from '../../src/client/goal-admission.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import type { TaskSummary } from '../../src/domain/types.ts';
import type { CompanyViewState, CompanyWorkflowInput, GoalAdmitted } from '../../workflows/contracts/company.ts';
import {
  admissionQuery,
  goalAdmittedSignal,
  goalsAdmittedSignal,
  readyUpdate,
  taskUpdateSignal,
  viewQuery,
} from '../../workflows/contracts/company.ts';
import type { AgentTaskInput } from '../../workflows/contracts/task.ts';
import { withOwnWorker } from '../helpers/own-worker.ts';
import { startSynthorgTestEnv, workflowBundle } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until, untilMatches } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const created = (id: string, title = `Goal ${id}`): TaskSummary => ({
  id,
  parentId: null,
  title,
  status: 'CREATED',
  assignee: 'boss',
  reviewer: null,
  costUsd: 0,
  ownCostUsd: 0,
  version: 0,
});

/** The admission signals in a workflow's history: name and the task ids each admitted. */
async function admissionSignals(workflowId: string): Promise<{ name: string; ids: string[] }[]> {
  const { events } = await env.client.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (events ?? []).flatMap((event) => {
    const signaled = event.workflowExecutionSignaledEventAttributes;
    const name = signaled?.signalName ?? '';
    if (name !== goalAdmittedSignal.name && name !== goalsAdmittedSignal.name) return [];
    const data = signaled?.input?.payloads?.[0]?.data;
    const payload = JSON.parse(Buffer.from(data ?? []).toString('utf8')) as GoalAdmitted | { admitted: GoalAdmitted[] };
    const ids = 'admitted' in payload ? payload.admitted.map((each) => each.task.id) : [payload.task.id];
    return [{ name, ids }];
  });
}

/** Admits ten goals at once; whether the company listed each when its admission returned. */
async function burst(companyId: string, admit: (goalId: string) => Promise<{ id: string }>): Promise<boolean[]> {
  await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
  return Promise.all(
    Array.from({ length: 10 }, async (_, index) => {
      const task = await admit(`goal-${index}`);
      return (await env.client.status(companyId)).tasks.some((listed) => listed.id === task.id);
    }),
  );
}

describe('admission in one signal per burst', () => {
  it('tells the company of a burst in fewer signals than goals, each goal listed when its admission returns; one signal per goal before', async () => {
    await env.withWorker(async () => {
      const listed = await burst('burst-signals', (goalId) =>
        env.client.submitGoal('burst-signals', `Write report ${goalId}`, { goalId }),
      );
      expect(listed).toEqual(Array.from({ length: 10 }, () => true));
      const signals = await admissionSignals(companyWorkflowId('burst-signals'));
      expect(signals.flatMap((signal) => signal.ids).sort()).toEqual(
        Array.from({ length: 10 }, (_, index) => `g-goal-${index}`).sort(),
      );
      expect(signals.length).toBeLessThan(10);
      expect(signals.some((signal) => signal.name === goalsAdmittedSignal.name)).toBe(true);
      await env.client.stopCompany('burst-signals');

      // The same burst with one signal per goal (the code before): ten signals.
      const perGoal = new GoalAdmission({
        temporal: () => env.client.temporal,
        query: (_companyId, run) => run(new AbortController().signal),
        ready: () => Promise.resolve(true),
        signalling: 'per-goal',
      });
      const before = await burst('per-goal-signals', (goalId) =>
        perGoal.admit('per-goal-signals', `Write report ${goalId}`, { goalId }),
      );
      expect(before).toEqual(Array.from({ length: 10 }, () => true));
      const each = await admissionSignals(companyWorkflowId('per-goal-signals'));
      expect(each.map((signal) => signal.name)).toEqual(Array.from({ length: 10 }, () => goalAdmittedSignal.name));
      await env.client.stopCompany('per-goal-signals');
    });
  });

  it('pauses every task of a batch admitted into a company paused since the client read it', async () => {
    await env.withWorker(async () => {
      const companyId = 'batch-paused';
      await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
      const company = env.client.temporal.workflow.getHandle(companyWorkflowId(companyId));
      const view = await company.query(admissionQuery);
      await env.client.pauseCompany(companyId);
      // The race, played with the raw client: both started unpaused on a read from before the pause.
      const ids = ['g-raced-1', 'g-raced-2'];
      for (const taskId of ids) {
        const input: AgentTaskInput = {
          companyId,
          company: view.company,
          taskId,
          parentId: null,
          title: `Raced ${taskId}`,
          description: `Raced ${taskId}`,
          acceptanceCriteria: '',
          assignee: 'boss',
          depth: 0,
          allowance: 4,
          chain: [],
          paused: false,
        };
        await env.client.temporal.workflow.start('agentTaskWorkflow', {
          workflowId: taskWorkflowId(companyId, taskId),
          taskQueue: view.taskQueue,
          args: [input],
        });
      }
      await company.signal(goalsAdmittedSignal, {
        admitted: ids.map((id) => ({ task: created(id, `Raced ${id}`), paused: false })),
      });
      for (const taskId of ids) {
        await until(`${taskId} hears the pause`, async () => {
          const { events } = await env.client.temporal.workflow
            .getHandle(taskWorkflowId(companyId, taskId))
            .fetchHistory();
          return (events ?? []).some((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'pause');
        });
      }
      expect((await env.client.status(companyId)).tasks.map((task) => task.id).sort()).toEqual(ids);
      await env.client.stopCompany(companyId);
    });
  });

  it(
    'does not list again a task it dropped at continue-as-new when it is admitted again; with the gate fixed off goalAdmitted did',
    { timeout: 240_000 },
    async () => {
      const fixed = await withWorkerOf(await workflowBundle(), () => admittedAfterDrop('admit-dropped-fixed'));
      expect(fixed.listed('t1')).toBeUndefined();
      expect(fixed.listed('t2')).toBeUndefined();
      expect(fixed.listed('g-new')?.status).toBe('CREATED');

      const old = await withWorkerOf(await bundleWithPatchGateOff('goal-admitted-ignores-dropped-tasks'), () =>
        admittedAfterDrop('admit-dropped-old'),
      );
      expect(old.listed('t1')?.status).toBe('CREATED');
      // The batch signal came with the check: no history before holds one.
      expect(old.listed('t2')).toBeUndefined();
    },
  );
});

/** Runs `fn` beside a worker of its own on the bundle given. */
function withWorkerOf<T>(bundle: { code: string }, fn: () => Promise<T>): Promise<T> {
  return withOwnWorker(env, fn, { bundle: () => Promise.resolve(bundle) });
}

/**
 * A company (history limit 120) that ended 220+ tasks until a continue-as-new dropped t1 and t2, then hears t1
 * admitted again (`goalAdmitted`) and t2 with a new goal (`goalsAdmitted`); its view once it took them.
 */
async function admittedAfterDrop(id: string): Promise<{ listed(taskId: string): TaskSummary | undefined }> {
  const company = snapshotFromTemplate(id, CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
  const handle: WorkflowHandle = await env.client.temporal.workflow.start('companyWorkflow', {
    workflowId: companyWorkflowId(id),
    taskQueue: env.taskQueue,
    args: [{ company, historyLimit: 120 } satisfies CompanyWorkflowInput],
    workflowTaskTimeout: companyWorkflowTaskTimeout,
  });
  await handle.executeUpdate(readyUpdate);
  let next = 1;
  const endNew = async (count: number) => {
    const queue = Array.from({ length: count }, () => `t${next++}`);
    // Four in flight, each followed by a pause: a burst the company takes (test/workflows/company-burst.test.ts).
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let taskId = queue.shift(); taskId; taskId = queue.shift()) {
          await handle.signal(taskUpdateSignal, {
            task: { ...created(taskId), status: 'COMPLETED', version: 4 },
            pendingApproval: null,
          });
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }),
    );
  };
  const view = (matches: (state: CompanyViewState) => boolean) =>
    untilMatches('the company view', () => handle.query(viewQuery), matches, {
      timeoutMs: 60_000,
      intervalMs: 200,
      ignoreErrors: true,
    });
  const has = (state: CompanyViewState, taskId: string) => state.tasks.some((task) => task.id === taskId);
  await endNew(220);
  for (let batch = 0; ; batch++) {
    if (batch === 20) throw new Error('the company never dropped t1 and t2');
    const state = await view(() => true);
    if (!has(state, 't1') && !has(state, 't2')) break;
    await endNew(20);
  }
  await handle.signal(goalAdmittedSignal, { task: created('t1'), paused: false });
  await handle.signal(goalsAdmittedSignal, {
    admitted: [
      { task: created('t2'), paused: false },
      { task: created('g-new'), paused: false },
    ],
  });
  // A marker sent after them: once it is listed, the company has taken both.
  const marker = `t${next}`;
  await endNew(1);
  const settled = await view((state) => has(state, marker));
  await env.client.stopCompany(id);
  return { listed: (taskId) => settled.tasks.find((task) => task.id === taskId) };
}
