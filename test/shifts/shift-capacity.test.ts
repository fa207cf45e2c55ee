import { setTimeout as delay } from 'node:timers/promises';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import type { AgentStepInput } from '../../src/domain/agent-action.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { testSandboxConfig } from '../helpers/sandbox-stack.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { startSynthorgTestEnv, workflowBundle } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { deskSays, withinOrSay } from '../helpers/shift-desk-probes.ts';
import { shiftTeamTemplate } from './shift-templates.ts';

/** Each model call takes this long, so tasks that run at once overlap in time for certain. */
const stepMs = 250;
let env: SynthorgTestEnv;
let sandbox: Sandbox;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  sandbox = await createSandbox(testSandboxConfig(env.sandboxStack));
});
afterAll(async () => {
  await sandbox?.close();
  await env?.stop();
});

/** A worker whose model calls (the offline simulator) take `stepMs` each. */
async function withSlowWorker<T>(fn: () => Promise<T>): Promise<T> {
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  try {
    const activities = createActivities({ pool: env.pool, config: env.config, sandbox });
    const worker = await Worker.create({
      connection,
      taskQueue: env.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {
        ...activities,
        agentStep: async (input: AgentStepInput) => {
          await delay(stepMs);
          return activities.agentStep(input);
        },
      },
    });
    return await worker.runUntil(fn());
  } finally {
    await connection.close();
  }
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const decode = (payload: { data?: Uint8Array | null } | null | undefined): unknown =>
  payload?.data ? JSON.parse(Buffer.from(payload.data).toString()) : undefined;
const timeOf = (event: HistoryEvent) =>
  Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);

interface Occupancy {
  taskId: string;
  agentId: string;
  startMs: number;
  endMs: number;
}

/**
 * When each agent worked each task, read from the task workflow's history on the server: a stretch
 * of work steps (model calls, from scheduled to completed) while the task stayed ASSIGNED or
 * IN_PROGRESS with one assignee. A status change to anything else (BLOCKED, IN_REVIEW,
 * WAITING_FOR_SHIFT, …) ends the stretch.
 */
async function occupancy(companyId: string, taskId: string): Promise<Occupancy[]> {
  const history = await env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId)).fetchHistory();
  const events = history.events ?? [];
  const stretches: Occupancy[] = [];
  let open: Occupancy | undefined;
  const close = () => {
    if (open) stretches.push(open);
    open = undefined;
  };
  const steps = new Map<string, { agentId: string; mode: string }>();
  for (const event of events) {
    const upsert = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    const status = upsert?.SynthorgTaskStatus ? decode(upsert.SynthorgTaskStatus) : undefined;
    if (typeof status === 'string' && status !== 'ASSIGNED' && status !== 'IN_PROGRESS') close();
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'agentStep') {
      const input = decode(scheduled.input?.payloads?.[0]) as AgentStepInput;
      steps.set(String(event.eventId), { agentId: input.agent.id, mode: input.mode });
      if (input.mode !== 'work') continue;
      if (open && open.agentId !== input.agent.id) close();
      open ??= { taskId, agentId: input.agent.id, startMs: timeOf(event), endMs: timeOf(event) };
    }
    const completed = event.activityTaskCompletedEventAttributes;
    const step = completed ? steps.get(String(completed.scheduledEventId)) : undefined;
    if (step?.mode === 'work' && open?.agentId === step.agentId) open.endMs = timeOf(event);
  }
  close();
  return stretches;
}

/** The most stretches of one agent that overlap at any instant (an end and a start at one instant do not). */
function mostAtOnce(stretches: readonly Occupancy[], agentId: string): number {
  const points = stretches
    .filter((stretch) => stretch.agentId === agentId)
    .flatMap((stretch) => [
      { atMs: stretch.startMs, delta: 1 },
      { atMs: stretch.endMs, delta: -1 },
    ])
    .sort((a, b) => a.atMs - b.atMs || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const point of points) {
    now += point.delta;
    most = Math.max(most, now);
  }
  return most;
}

/** Three goals at once; the boss splits each between the two engineers. Returns every task's stretches. */
async function runThreeGoals(companyId: string, maxConcurrentTasks: number | undefined) {
  const base = shiftTeamTemplate();
  await env.client.startCompany({
    id: companyId,
    template: {
      ...base,
      agents: base.agents.map((agent) => (maxConcurrentTasks === undefined ? agent : { ...agent, maxConcurrentTasks })),
    },
  });
  const goals = await Promise.all(
    ['Audit the backups', 'Rotate the TLS certificates', 'Review the on-call runbook'].map((goal) =>
      env.client.submitGoal(companyId, `${goal} [steps=3]`),
    ),
  );
  for (const goal of goals) {
    const done = await withinOrSay(
      env.client.waitForTask(companyId, goal.id, { pollIntervalMs: 200 }),
      120_000,
      async () => {
        const { tasks } = await env.client.status(companyId);
        const states = tasks.map(
          (task) => `${task.id} ${task.status} ${task.assignee ?? '-'} ${task.waitReason ?? ''}`,
        );
        const desk = await deskSays(env.client.temporal, companyId).catch(
          (error: unknown) => `the desk unreadable: ${String(error)}`,
        );
        return `goal ${goal.id} of ${companyId} did not end in 120 s; its tasks: ${states.join('; ')}; ${desk}`;
      },
    );
    expect(done.status).toBe('COMPLETED');
  }
  const tasks = (await env.client.status(companyId)).tasks;
  const stretches = (await Promise.all(tasks.map((task) => occupancy(companyId, task.id)))).flat();
  return { tasks, stretches };
}

describe('maxConcurrentTasks is a cap (dev server)', () => {
  it('an agent never works more tasks at once than its maxConcurrentTasks; the extra work waits and then completes', async () => {
    await withSlowWorker(async () => {
      const capped = await runThreeGoals('cap-one', 1);
      expect(capped.tasks).toHaveLength(9);
      expect(capped.tasks.every((task) => task.status === 'COMPLETED')).toBe(true);
      for (const agentId of ['boss', 'worker', 'second']) {
        expect({ agentId, most: mostAtOnce(capped.stretches, agentId) }).toEqual({ agentId, most: 1 });
      }
      // Every task did its work (three steps each for the engineers' subtasks).
      const subtasks = capped.tasks.filter((task) => task.parentId !== null);
      expect(subtasks).toHaveLength(6);
      for (const subtask of subtasks) {
        expect(capped.stretches.some((stretch) => stretch.taskId === subtask.id)).toBe(true);
      }
      // Work queued rather than piling up: some tasks waited for a slot, visibly.
      const { rows } = await env.pool.query<{ count: number }>(
        `SELECT count(DISTINCT task_id)::int AS count FROM audit_log
          WHERE company_id = $1 AND details->>'status' = 'WAITING_FOR_SHIFT' AND event LIKE '%maxConcurrentTasks%'`,
        ['cap-one'],
      );
      expect(rows[0]!.count).toBeGreaterThan(0);

      // The same work with the default cap (3): the measure does see agents working tasks at once.
      const roomy = await runThreeGoals('cap-three', undefined);
      expect(Math.max(mostAtOnce(roomy.stretches, 'worker'), mostAtOnce(roomy.stretches, 'second'))).toBeGreaterThan(1);
      for (const id of ['cap-one', 'cap-three']) await env.client.stopCompany(id);
    });
  }, 300_000);
});
