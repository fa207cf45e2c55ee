/**
 * The task's ending in one local activity (docs/faults-and-load-rounds.md, "Seventh round: the task's end"): the
 * company hears every ending exactly once — on the new path, on the old one (the same code with the patch gate
 * fixed off), and when the ending's activity runs again after it had already told the company. Real dev
 * server, real worker, PGlite.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEnding } from '../../activities/task-end.ts';
import { bundleWithInterceptors, bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { isTerminal } from '../../src/domain/task-state.ts';
import type { TaskStatus } from '../../src/domain/task-state.ts';
import { localActivityType, reportsHeardByCompany, reportsSentByTask } from '../helpers/company-reports.ts';
import { withOwnWorker } from '../helpers/own-worker.ts';
import type { Activities } from '../helpers/own-worker.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** Runs `fn` beside a worker of its own: a bundle (the gate off, or as it is) and activities to wrap. */
function withWorkerOf<T>(
  fn: () => Promise<T>,
  options: {
    gateOff?: boolean;
    bundle?: () => Promise<{ code: string }>;
    wrap?: (activities: Activities) => Activities;
  } = {},
): Promise<T> {
  const bundle = options.bundle ?? (options.gateOff ? () => bundleWithPatchGateOff('task-end-in-one') : undefined);
  return withOwnWorker(env, fn, { ...(bundle ? { bundle } : {}), ...(options.wrap ? { wrap: options.wrap } : {}) });
}

/** The reports of one task the company's history received, in order (status and version). */
async function heard(companyId: string, taskId: string): Promise<{ status: TaskStatus; version?: number }[]> {
  const reports = await reportsHeardByCompany(env.client.temporal, companyId, taskId);
  return reports.map((task) => ({ status: task.status as TaskStatus, version: task.version }));
}

/** The task's projection row and how its run ended its reports: a local activity, or activities and signals. */
async function endingOf(companyId: string, taskId: string) {
  const { rows } = await env.pool.query<{ status: string; version: number }>(
    'SELECT status, version FROM tasks WHERE company_id = $1 AND id = $2',
    [companyId, taskId],
  );
  const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId));
  const events = (await handle.fetchHistory()).events ?? [];
  const { searchAttributes } = await handle.describe();
  const patches = (searchAttributes['TemporalChangeVersion'] ?? []) as string[];
  return {
    row: rows[0],
    // The ending's local activities (the start and the reports run theirs too: patches task-start-local and
    // task-reports-from-activities).
    localActivities: events.filter((event) => localActivityType(event) === 'endTask').length,
    reportsSent: reportsSentByTask(events),
    patched: patches.includes('task-end-in-one'),
  };
}

/** One goal to its ending; what the company heard of it, and what the company's view and the projection say. */
async function goalEnding(companyId: string, options: { cancel?: boolean } = {}) {
  await env.client.startCompany({
    id: companyId,
    template: duoTemplate({ oversight: options.cancel ? 'semi' : 'full' }),
  });
  const goal = options.cancel ? 'Deploy the new pricing page' : 'Write the release notes';
  const root = await env.client.submitGoal(companyId, goal, { goalId: 'g' });
  if (options.cancel) {
    // The duo asks to deploy; the task waits for the answer, and is cancelled instead.
    await until('the approval asked', async () => (await env.client.listApprovals(companyId)).length > 0);
    await env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id)).cancel();
  }
  const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
  const listed = (await env.client.status(companyId)).tasks.find((task) => task.id === root.id);
  return { done, listed, heard: await heard(companyId, root.id), ...(await endingOf(companyId, root.id)) };
}

const endings = (reports: { status: TaskStatus }[]) => reports.filter((report) => isTerminal(report.status));

describe('a task’s ending', () => {
  it('is written and heard once, in one local activity; the old path hears the same reports', async () => {
    const fresh = await withWorkerOf(() => goalEnding('end-new'));
    const old = await withWorkerOf(() => goalEnding('end-old'), { gateOff: true });

    expect(fresh.patched).toBe(true);
    expect(old.patched).toBe(false);
    // The new path ends in a local activity and sends no report of its own at the end; the old one reports.
    expect(fresh.localActivities).toBe(1);
    expect(old.localActivities).toBe(0);
    expect(fresh.reportsSent).toBe(old.reportsSent - 1);

    for (const run of [fresh, old]) {
      expect(run.done.status).toBe('COMPLETED');
      // From the task itself (with its version), not a waiting client's repair of a silent ending.
      expect(endings(run.heard)).toEqual([{ status: 'COMPLETED', version: run.row?.version }]);
      expect(run.row?.status).toBe('COMPLETED');
      expect(run.listed?.status).toBe('COMPLETED');
    }
    expect(fresh.heard).toEqual(old.heard);
  });

  it('is heard once when the task is cancelled', async () => {
    const ended = await withWorkerOf(() => goalEnding('end-cancelled', { cancel: true }));
    expect(ended.done.status).toBe('CANCELLED');
    expect(ended.localActivities).toBe(1);
    expect(endings(ended.heard)).toEqual([{ status: 'CANCELLED', version: ended.row?.version }]);
    expect(ended.row?.status).toBe('CANCELLED');
    expect(ended.listed?.status).toBe('CANCELLED');
  });

  it('is heard once when its activity runs again after it had told the company', async () => {
    const attempts: string[] = [];
    // The first attempt writes and signals, then fails as a worker that died before reporting back would.
    const failOnce = (activities: Activities): Activities => ({
      ...activities,
      endTask: async (input: TaskEnding) => {
        await activities.endTask(input);
        attempts.push(input.requestId);
        if (attempts.filter((id) => id === input.requestId).length === 1) throw new Error('lost after the signal');
      },
    });
    const ended = await withWorkerOf(() => goalEnding('end-retried'), { wrap: failOnce });
    expect(attempts).toHaveLength(2);
    expect(ended.done.status).toBe('COMPLETED');
    expect(endings(ended.heard)).toEqual([{ status: 'COMPLETED', version: ended.row?.version }]);
    expect(ended.row?.status).toBe('COMPLETED');
    expect(ended.listed?.status).toBe('COMPLETED');
  });

  it('waits for the reports still on their way, so the company hears the ending last', async () => {
    // Every report leaves late (test/helpers/late-task-reports.ts): without the wait, the ending's local
    // activity reaches the company first, and a company that dropped the finished task would take the late
    // report for an open one.
    const late = fileURLToPath(new URL('../helpers/late-task-reports.ts', import.meta.url));
    // One webpack run for both: the gate-off variant is this bundle with the gate's calls replaced.
    const lateBundle = () => bundleWithInterceptors([late]);
    const gateOff = () => bundleWithPatchGateOff('task-end-after-reports', { workflowInterceptorModules: [late] });
    const waited = await withWorkerOf(() => goalEnding('end-late'), { bundle: lateBundle });
    const overtaken = await withWorkerOf(() => goalEnding('end-late-old'), { bundle: gateOff });

    // Reports sent in one workflow task may reach the company in either order (it keeps the newest version);
    // the claim is only that the ending comes after all of them.
    expect(waited.done.status).toBe('COMPLETED');
    expect(waited.heard.length).toBeGreaterThan(2);
    expect(waited.heard.at(-1)).toEqual({ status: 'COMPLETED', version: waited.row?.version });
    expect(endings(waited.heard)).toHaveLength(1);
    // Written at once, told after the late reports: two local activities, the second a no-op write.
    expect(waited.localActivities).toBe(2);
    // The control: the same late reports, the gate fixed off — the ending overtakes at least one of them.
    expect(overtaken.done.status).toBe('COMPLETED');
    expect(endings(overtaken.heard)).toHaveLength(1);
    expect(overtaken.heard.at(-1)?.status).not.toBe('COMPLETED');
  });
});
