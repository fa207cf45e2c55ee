/**
 * A task's reports between its start and its ending as client signals from a local activity (docs/faults-and-load-rounds.md,
 * "Twenty-eighth round: task reports from activities"): the company hears them through the frontend, not the
 * transfer queue (no signal in its history names a sending workflow), each once even when the sending activity runs
 * again, and its view is the one the old path (the patch gate fixed off) leaves. Real dev server, real worker,
 * PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyReport } from '../../activities/company-report.ts';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import type { TaskView } from '../../src/client/types.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { withOwnWorker } from '../helpers/own-worker.ts';
import type { Activities } from '../helpers/own-worker.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** The company's `taskUpdate` signals of one task, in history order: status, version, and whether a workflow sent it. */
async function signalsOf(companyId: string, taskId: string) {
  const { events } = await env.client.temporal.workflow.getHandle(companyWorkflowId(companyId)).fetchHistory();
  return (events ?? []).flatMap((event) => {
    const signal = event.workflowExecutionSignaledEventAttributes;
    const data = signal?.signalName === 'taskUpdate' ? signal.input?.payloads?.[0]?.data : undefined;
    if (!signal || !data) return [];
    const { task } = JSON.parse(Buffer.from(data).toString('utf8')) as {
      task: { id: string; status: string; version?: number };
    };
    if (task.id !== taskId) return [];
    return [{ status: task.status, version: task.version, fromWorkflow: Boolean(signal.externalWorkflowExecution) }];
  });
}

/** One goal to its ending under a worker of its own; what the company heard, its view, and what the task sent. */
async function goal(companyId: string, options: { gateOff?: boolean; wrap?: (activities: Activities) => Activities }) {
  const run = async () => {
    await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
    const root = await env.client.submitGoal(companyId, 'Write the release notes', { goalId: 'g' });
    const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
    const listed = (await env.client.status(companyId)).tasks.find((task) => task.id === root.id);
    const task = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id));
    const events = (await task.fetchHistory()).events ?? [];
    const patches = ((await task.describe()).searchAttributes['TemporalChangeVersion'] ?? []) as string[];
    return {
      done,
      listed,
      heard: await signalsOf(companyId, root.id),
      workflowSignals: events.filter((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes).length,
      patched: patches.includes('task-reports-from-activities'),
    };
  };
  return withOwnWorker(env, run, {
    ...(options.gateOff ? { bundle: () => bundleWithPatchGateOff('task-reports-from-activities') } : {}),
    ...(options.wrap ? { wrap: options.wrap } : {}),
  });
}

/**
 * The company's view of a task, but what differs between two runs of the same goal in two companies: the id, the
 * cost (the offline model's token count follows the prompt, which names the company) and the test run's time.
 */
const view = (task: TaskView | undefined) =>
  task && { ...task, id: undefined, costUsd: task.costUsd > 0, result: task.result?.replace(/\d+ ms/, 'N ms') };

describe('a task’s reports from a local activity', () => {
  it('reach the company through the client, each once, and leave the view the old path leaves', async () => {
    const fresh = await goal('reports-client', {});
    const old = await goal('reports-workflow', { gateOff: true });

    expect(fresh.patched).toBe(true);
    expect(old.patched).toBe(false);
    // The old path sends two of its reports as workflow signals (IN_PROGRESS to the worker, IN_REVIEW); the new none.
    expect(old.heard.filter((report) => report.fromWorkflow).map((report) => report.status)).toEqual([
      'IN_PROGRESS',
      'IN_REVIEW',
    ]);
    expect(old.workflowSignals).toBe(2);
    expect(fresh.heard.filter((report) => report.fromWorkflow)).toEqual([]);
    expect(fresh.workflowSignals).toBe(0);
    // The same reports, each version once; the same view of the task.
    const reports = (run: typeof fresh) => run.heard.map(({ status, version }) => ({ status, version }));
    expect(reports(fresh)).toEqual(reports(old));
    expect(new Set(fresh.heard.map((report) => report.version)).size).toBe(fresh.heard.length);
    expect(fresh.done.status).toBe('COMPLETED');
    expect(view(fresh.listed)).toEqual(view(old.listed));
  });

  it('are heard once when the sending activity runs again after it had told the company', async () => {
    const attempts: string[] = [];
    // Each report's first attempt signals, then fails as a worker that died before reporting back would.
    const failOnce = (activities: Activities): Activities => ({
      ...activities,
      reportToCompany: async (input: CompanyReport) => {
        await activities.reportToCompany(input);
        attempts.push(input.requestId);
        if (attempts.filter((id) => id === input.requestId).length === 1) throw new Error('lost after the signal');
      },
    });
    const retried = await goal('reports-retried', { wrap: failOnce });

    expect(new Set(attempts).size).toBe(2);
    expect(attempts).toHaveLength(4);
    expect(retried.done.status).toBe('COMPLETED');
    expect(retried.heard.map((report) => report.status)).toEqual([
      'IN_PROGRESS',
      'IN_PROGRESS',
      'IN_REVIEW',
      'COMPLETED',
    ]);
    expect(new Set(retried.heard.map((report) => report.version)).size).toBe(retried.heard.length);
    expect(retried.listed?.status).toBe('COMPLETED');
  });
});
