/**
 * The task's start in one activity (docs/faults-and-load-rounds.md, "Sixth round: the task's start"): the activity
 * is safe to run twice, and a task started on the new path records and reports the same states as one on
 * the old path (the same code with the patch gate fixed off, run on the same dev server and database).
 * Real dev server, real worker, PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEventInput } from '../../activities/records.ts';
import { createRecordActivities } from '../../activities/records.ts';
import { createTaskStartActivities } from '../../activities/task-start.ts';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { withOwnWorker } from '../helpers/own-worker.ts';
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

/** Everything the start writes for one task: its row, its audit rows, its goal's configuration. */
async function rowsOf(companyId: string, taskId: string) {
  const task = await env.pool.query(
    `SELECT status, assignee, reviewer, version, config_version, parent_id, title FROM tasks
      WHERE company_id = $1 AND id = $2`,
    [companyId, taskId],
  );
  const audit = await env.pool.query<{ key: string; actor: string; event: string; details: unknown }>(
    `SELECT split_part(event_key, '#', 2) AS key, actor, event, details FROM audit_log
      WHERE company_id = $1 AND task_id = $2 ORDER BY event_key`,
    [companyId, taskId],
  );
  const configurations = await env.pool.query(
    'SELECT root_task_id, version, arm FROM task_configurations WHERE company_id = $1',
    [companyId],
  );
  return { task: task.rows, audit: audit.rows, configurations: configurations.rows };
}

/** A received channel message, so the start's inbox read has something to give the agent. */
async function receive(companyId: string): Promise<void> {
  await env.pool.query(
    `INSERT INTO channel_messages (company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at,
                                   signature, acked_at)
     VALUES ($1, 'globex', 'ops', 'in', 1, 'm-1', 'globex:lead', 'The pricing page goes live on Friday', now(), 's', now())`,
    [companyId],
  );
}

describe('the task’s start in one activity', () => {
  it('is safe to run twice: one set of rows, the same version, and never over a later status', async () => {
    const companyId = 'start-twice';
    await env.withWorker(async () => {
      await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
      await until('the company row', async () => {
        const { rows } = await env.pool.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
        return rows.length === 1;
      });
    });
    await receive(companyId);
    const workflowId = taskWorkflowId(companyId, 'g-twice');
    const summary = {
      id: 'g-twice',
      parentId: null,
      title: 'Write the release notes',
      status: 'ASSIGNED' as const,
      assignee: 'boss',
      reviewer: null,
      costUsd: 0,
      ownCostUsd: 0,
      version: 1,
    };
    const event = (status: 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED', version: number, text: string) =>
      ({
        companyId,
        workflowId,
        task: { ...summary, status, version },
        description: 'notes',
        version,
        event: text,
        actor: 'boss',
      }) satisfies TaskEventInput;
    const input = {
      companyId,
      taskId: 'g-twice',
      parentId: null,
      workflowId,
      title: summary.title,
      description: 'notes',
      assignee: 'boss',
      inboxLimit: 5,
      events: [event('ASSIGNED', 1, 'task assigned'), event('IN_PROGRESS', 2, 'work started')],
    };
    const { beginTask } = createTaskStartActivities({ pool: env.pool });

    const first = await beginTask(input);
    const once = await rowsOf(companyId, 'g-twice');
    expect(once.task).toEqual([
      expect.objectContaining({ status: 'IN_PROGRESS', assignee: 'boss', version: 2, config_version: 1 }),
    ]);
    expect(once.audit.map((row) => [row.key, row.event])).toEqual([
      ['event-1', 'task assigned'],
      ['event-2', 'work started'],
    ]);
    expect(once.configurations).toEqual([{ root_task_id: 'g-twice', version: 1, arm: 'current' }]);
    expect(first.inbox.map((message) => message.body)).toEqual(['The pricing page goes live on Friday']);

    // A retried activity, or a second worker's attempt after the first one's was lost.
    const second = await beginTask(input);
    expect(second).toEqual(first);
    expect(await rowsOf(companyId, 'g-twice')).toEqual(once);

    // A late attempt (the task went on meanwhile) leaves the later status standing.
    await createRecordActivities({ pool: env.pool }).recordTaskEvent(event('COMPLETED', 3, 'done'));
    await beginTask(input);
    const after = await rowsOf(companyId, 'g-twice');
    expect(after.task).toEqual([expect.objectContaining({ status: 'COMPLETED', version: 3 })]);
    expect(after.audit).toHaveLength(3);
  });

  it('records, reports and shows the same states as the old path (patch gate off), with one start activity', async () => {
    const goal = 'Write the release notes';
    const run = async (companyId: string) => {
      await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
      await receive(companyId);
      const root = await env.client.submitGoal(companyId, goal, { goalId: 'notes' });
      const done = await env.client.waitForTask(companyId, root.id, { pollIntervalMs: 200 });
      const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, root.id));
      const events = (await handle.fetchHistory()).events ?? [];
      const { searchAttributes } = await handle.describe();
      const state = await handle.query('state');
      return {
        done,
        rows: await rowsOf(companyId, root.id),
        activities: events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
        reports: events.flatMap((event) => {
          const payload = event.signalExternalWorkflowExecutionInitiatedEventAttributes?.input?.payloads?.[0]?.data;
          if (!payload) return [];
          const report = JSON.parse(Buffer.from(payload).toString('utf8')) as { task: Record<string, unknown> };
          return [report.task];
        }),
        patches: (searchAttributes['TemporalChangeVersion'] ?? []) as string[],
        shown: {
          status: searchAttributes['SynthorgTaskStatus'],
          agent: searchAttributes['SynthorgAgentId'],
          version: searchAttributes['SynthorgConfigVersion'],
        },
        transcript: (state as { transcript: { kind: string; text: string }[] }).transcript,
      };
    };

    // The offline agent's answer says how long its code ran; memory ids are the database's serial numbers.
    const timeless = async (companyId: string) =>
      JSON.parse(
        JSON.stringify(await run(companyId))
          .replace(/\b\d+ ms\b/g, 'N ms')
          .replace(/memory:\d+/g, 'memory:N'),
      ) as Awaited<ReturnType<typeof run>>;
    // The start as an activity (its local-activity form is test/workflows/task-start-local.test.ts's), and before it.
    const withGateOff = <T>(lever: string, fn: () => Promise<T>): Promise<T> =>
      withOwnWorker(env, fn, { bundle: () => bundleWithPatchGateOff(lever) });
    const fresh = await withGateOff('task-start-local', () => timeless('start-new'));
    const old = await withGateOff('task-start-in-one', () => timeless('start-old'));

    // The two paths ran: one start activity against two, and two projection writes fewer.
    expect(fresh.patches).toContain('task-start-in-one');
    expect(fresh.patches).not.toContain('config-versions');
    expect(old.patches).toContain('config-versions');
    expect(old.patches).not.toContain('task-start-in-one');
    const count = (list: string[], name: string) => list.filter((each) => each === name).length;
    expect(count(fresh.activities, 'beginTask')).toBe(1);
    expect(count(fresh.activities, 'resolveTaskConfiguration') + count(fresh.activities, 'recentChannelMessages')).toBe(
      0,
    );
    expect(count(old.activities, 'resolveTaskConfiguration')).toBe(1);
    expect(count(fresh.activities, 'recordTaskEvent')).toBe(count(old.activities, 'recordTaskEvent') - 2);

    // The same ending, the same rows (projection, audit trail, goal configuration), the same reports.
    expect(fresh.done).toEqual(old.done);
    expect(fresh.done.status).toBe('COMPLETED');
    expect(fresh.rows).toEqual(old.rows);
    expect(fresh.rows.audit.map((row) => row.event)).toEqual(expect.arrayContaining(['task assigned', 'work started']));
    expect(fresh.reports).toEqual(old.reports);
    expect(fresh.shown).toEqual(old.shown);
    expect(fresh.transcript).toEqual(old.transcript);
    expect(fresh.transcript[0]?.text).toContain('The pricing page goes live on Friday');
  });
});
