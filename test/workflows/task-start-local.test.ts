/**
 * The task's start as a local activity in its first workflow task (docs/faults-and-load-rounds.md, "Tenth round: the
 * task's start in its first workflow task"): a task started on the new path writes, reports and shows what one
 * started with the start activity does (the same code with patch `task-start-local` fixed off, on the same dev
 * server and database), its first step is scheduled by its first workflow task, and the company hears its
 * first report once even when the start runs again after it had told the company. Real dev server, real
 * worker, PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskBeginning } from '../../activities/task-start.ts';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { reportsHeardByCompany, reportsSentByTask } from '../helpers/company-reports.ts';
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

/** Runs `fn` beside a worker of its own: the bundle as it is or with the gate fixed off, and activities to wrap. */
function withWorkerOf<T>(
  fn: () => Promise<T>,
  options: { gateOff?: boolean; wrap?: (activities: Activities) => Activities } = {},
): Promise<T> {
  return withOwnWorker(env, fn, {
    ...(options.gateOff ? { bundle: () => bundleWithPatchGateOff('task-start-local') } : {}),
    ...(options.wrap ? { wrap: options.wrap } : {}),
  });
}

/** One goal of the duo (boss delegates to worker, reviewed) to its end, and what it left everywhere. */
async function goal(companyId: string) {
  await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
  const root = await env.client.submitGoal(companyId, 'Write the release notes', { goalId: 'notes' });
  const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
  const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id));
  const events = (await handle.fetchHistory()).events ?? [];
  const { searchAttributes } = await handle.describe();
  const state = (await handle.query('state')) as { transcript: unknown[] };
  const firstStep = events.findIndex(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'agentStep',
  );
  const task = await env.pool.query(
    'SELECT status, assignee, reviewer, version, config_version FROM tasks WHERE company_id = $1 AND id = $2',
    [companyId, root.id],
  );
  const audit = await env.pool.query(
    `SELECT split_part(event_key, '#', 2) AS key, actor, event FROM audit_log
      WHERE company_id = $1 AND task_id = $2 ORDER BY event_key`,
    [companyId, root.id],
  );
  return {
    done: untimed(done),
    rows: { task: task.rows, audit: audit.rows },
    // Every report of the task in the company's history, with its version (from the task, not a client's repair).
    heard: untimed(await reportsHeardByCompany(env.client.temporal, companyId, root.id)),
    startActivities: events.filter(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'beginTask',
    ).length,
    reportsSent: reportsSentByTask(events),
    workflowTasksBeforeFirstStep: events
      .slice(0, firstStep)
      .filter(
        (event) =>
          event.workflowTaskCompletedEventAttributes !== undefined &&
          event.workflowTaskCompletedEventAttributes !== null,
      ).length,
    patches: (searchAttributes['TemporalChangeVersion'] ?? []) as string[],
    shown: [searchAttributes['SynthorgTaskStatus'], searchAttributes['SynthorgAgentId']],
    transcript: JSON.stringify(untimed(state.transcript)).replace(/memory:\d+/g, 'memory:N'),
  };
}

/** `value` with the sandbox's run times ("exit 0 in 34 ms") left out: two runs of the same task differ only there. */
function untimed<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/ in \d+ ms/g, ' in N ms')) as T;
}

describe('the task’s start in its first workflow task', () => {
  it('writes, reports and shows what the start activity did, with the first step scheduled at once', async () => {
    const fresh = await withWorkerOf(() => goal('local-new'));
    const old = await withWorkerOf(() => goal('local-old'), { gateOff: true });

    expect(fresh.patches).toContain('task-start-local');
    expect(old.patches).not.toContain('task-start-local');
    // The new path: no start activity through the server, the first step scheduled by the first workflow task,
    // and the first report told by the start (one report fewer sent by the task itself).
    expect(fresh.startActivities).toBe(0);
    expect(old.startActivities).toBe(1);
    expect(fresh.workflowTasksBeforeFirstStep).toBe(1);
    expect(old.workflowTasksBeforeFirstStep).toBe(2);
    expect(fresh.reportsSent).toBe(old.reportsSent - 1);

    // The same ending, rows, reports heard by the company (IN_PROGRESS once, from the start), view and transcript.
    expect(fresh.done.status).toBe('COMPLETED');
    expect(fresh.done).toEqual(old.done);
    expect(fresh.rows).toEqual(old.rows);
    expect(fresh.heard).toEqual(old.heard);
    expect(fresh.heard.filter((task) => task['status'] === 'IN_PROGRESS' && task['version'] === 2)).toHaveLength(1);
    expect(fresh.shown).toEqual(old.shown);
    expect(fresh.transcript).toEqual(old.transcript);
  });

  it('is heard once when its local activity runs again after it had told the company', async () => {
    const attempts: string[] = [];
    // The first attempt writes and signals, then fails as a worker that died before its workflow task completed.
    const failOnce = (activities: Activities): Activities => ({
      ...activities,
      beginTask: async (input: TaskBeginning) => {
        const begun = await activities.beginTask(input);
        if (input.report) attempts.push(input.report.requestId);
        if (attempts.length === 1) throw new Error('lost after the signal');
        return begun;
      },
    });
    const retried = await withWorkerOf(() => goal('local-retried'), { wrap: failOnce });
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toBe(attempts[1]);
    expect(retried.done.status).toBe('COMPLETED');
    expect(retried.heard.filter((task) => task['status'] === 'IN_PROGRESS' && task['version'] === 2)).toHaveLength(1);
    expect(retried.rows.audit.map((row) => (row as { event: string }).event).slice(0, 2)).toEqual([
      'task assigned',
      'work started',
    ]);
  });
});
