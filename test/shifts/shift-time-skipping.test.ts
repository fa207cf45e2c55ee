import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { temporal } from '@temporalio/proto';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { emptyRoster } from '../../src/domain/shifts/roster.ts';
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import type { ShiftChange } from '../../workflows/contracts/shifts.ts';
import { startTimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import type { TimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import { shiftTeamTemplate } from './shift-templates.ts';
import { untilMatches } from '../helpers/until.ts';
import { deskSays, withinOrSay } from '../helpers/shift-desk-probes.ts';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
let env: TimeSkippingSynthorgEnv;

beforeAll(async () => {
  env = await startTimeSkippingSynthorgEnv();
});
afterAll(async () => {
  if (env) process.stderr.write(`time-skipping locks released by the orphan watcher: ${env.orphans.released}\n`);
  await env?.stop();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const text = (payload: { data?: Uint8Array | null } | null | undefined) =>
  payload?.data ? Buffer.from(payload.data).toString() : '';

async function history(workflowId: string): Promise<HistoryEvent[]> {
  return (await env.client.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

/** The shift changes a company heard, in order. */
async function shiftChanges(companyId: string): Promise<ShiftChange[]> {
  return (await history(`company:${companyId}`))
    .map((event) => event.workflowExecutionSignaledEventAttributes)
    .filter((signal) => signal?.signalName === 'shiftChange')
    .map((signal) => JSON.parse(text(signal!.input!.payloads![0])) as ShiftChange);
}

/**
 * Starts a company that the orphan watcher follows. A stopped company may close before its shift workflow (an
 * abandoned child) has: the test server then leaks the lock it took for that child's close and from then on
 * stops skipping time, so a later test's simulated wait would take real time
 * (test/helpers/orphaned-child-locks.ts). A real server has no such lock.
 */
async function startCompany(options: Parameters<TimeSkippingSynthorgEnv['client']['startCompany']>[0]): Promise<void> {
  await env.client.startCompany(options);
  await env.orphans.watch(`company:${options.id}`);
}

/** The company's stop update (stopCompany also deletes a Schedule, which this server does not have). */
async function stopCompany(companyId: string): Promise<void> {
  await env.client.temporal.workflow.getHandle(`company:${companyId}`).executeUpdate('stop');
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const hour = (ms: number) => `${String(new Date(ms).getUTCHours()).padStart(2, '0')}:00`;

/** The last Sunday of March (Europe's spring-forward day) after `fromMs`, as `YYYY-MM-DD`. */
function nextSpringForward(fromMs: number): string {
  for (let year = new Date(fromMs).getUTCFullYear(); ; year++) {
    const day = new Date(Date.UTC(year, 2, 31));
    day.setUTCDate(31 - day.getUTCDay());
    if (day.getTime() > fromMs + 2 * dayMs) return day.toISOString().slice(0, 10);
  }
}

/**
 * Real time a simulated wait may take before it fails with what the orphan watcher sees (a passing run's takes
 * seconds): below the tests' timeout, so a stall fails its own test with a reading instead of timing out silently.
 */
const skipRealMs = 90_000;

describe('shifts on the time-skipping server', { timeout: 180_000 }, () => {
  it('opens and closes a Saturday night shift at 22:00 and 06:00 Berlin time, across midnight and the spring-forward night', async () => {
    await env.withWorker(async () => {
      await startCompany({
        id: 'dst',
        consolidationSchedule: false,
        template: shiftTeamTemplate({
          shifts: {
            timezone: 'Europe/Berlin',
            rotations: [{ name: 'night', days: ['sat'], start: '22:00', end: '06:00', agents: ['worker'] }],
            onCall: { ops: 'second' },
          },
        }),
      });
      const startMs = await env.environment.currentTimeMs();
      const sunday = nextSpringForward(startMs);
      await env.skip(Date.parse(`${sunday}T12:00:00Z`) - startMs, 'the days to Sunday noon', skipRealMs);
      const changes = await shiftChanges('dst');
      const flips = changes
        .map((change, index) => ({ atMs: change.atMs, on: change.onDuty.includes('worker'), index }))
        .filter((flip, index, all) => index === 0 || flip.on !== all[index - 1]!.on)
        .slice(1);
      expect(flips.length).toBeGreaterThan(4);
      for (const flip of flips) {
        const local = new Date(flip.atMs);
        if (flip.on) {
          // Saturday 22:00 is 21:00 UTC all winter, the spring-forward Saturday included.
          expect([local.getUTCDay(), clock(flip.atMs)]).toEqual([6, '21:00']);
        } else {
          const date = local.toISOString().slice(0, 10);
          // Sunday 06:00 is 05:00 UTC in winter and 04:00 UTC after the clocks went forward at 02:00.
          expect([local.getUTCDay(), clock(flip.atMs)]).toEqual([0, date === sunday ? '04:00' : '05:00']);
        }
      }
      const last = flips.at(-1)!;
      expect([last.on, new Date(last.atMs).toISOString().slice(0, 16)]).toEqual([false, `${sunday}T04:00`]);
      // The Web UI shows what each timer waits for.
      const summaries = (await history(shiftWorkflowId('dst')))
        .filter((event) => event.timerStartedEventAttributes)
        .map((event) => text(event.userMetadata?.summary));
      expect(summaries).toContain('"night shift starts 22:00 Europe/Berlin"');
      expect(summaries).toContain('"night shift ends 06:00 Europe/Berlin"');
      await stopCompany('dst');
    });
  });

  it('an idle company makes no model call over a simulated week, with a bounded shift history', async () => {
    await env.withWorker(async () => {
      await startCompany({ id: 'idle', consolidationSchedule: false, template: dayAndNight() });
      await env.skip(7 * dayMs, 'the idle week', skipRealMs);
      const { rows } = await env.pool.query<{ count: string }>('SELECT count(*) FROM ledger WHERE company_id = $1', [
        'idle',
      ]);
      expect(Number(rows[0]?.count)).toBe(0);
      const now = await env.client.shifts().now('idle');
      const events = (await history(shiftWorkflowId('idle'))).length;
      // Three rotations change hands about six times a day; a handful of events each.
      expect(events / 7).toBeLessThan(100);
      expect(now.generation).toBe(0);
      await stopCompany('idle');
    });
  });

  it('hands a running task over when its agent’s shift ends: one note, same workflow, new assignee, completes once', async () => {
    await env.withWorker(async () => {
      const nowMs = await env.environment.currentTimeMs();
      const boundary = Math.ceil(nowMs / hourMs) * hourMs + hourMs;
      await startCompany({
        id: 'handoff',
        consolidationSchedule: false,
        template: {
          ...shiftTeamTemplate({
            oversight: 'supervised',
            shifts: {
              timezone: 'UTC',
              rotations: [
                { name: 'early', start: hour(boundary - 6 * hourMs), end: hour(boundary), agents: ['worker'] },
                { name: 'late', start: hour(boundary), end: hour(boundary - 6 * hourMs), agents: ['second'] },
              ],
            },
          }),
          policies: { maxDecompositionDepth: 0, maxChildrenPerTask: 2, maxTasksPerGoal: 5, approvalTimeout: '3d' },
        },
      });
      const root = await env.client.submitGoal('handoff', 'Deploy the new pricing page');
      const [approval] = await untilMatches(
        'approval',
        () => env.client.listApprovals('handoff'),
        (list) => list.length > 0,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(approval!.agentId).toBe('worker');
      await env.skip(
        boundary - (await env.environment.currentTimeMs()) + 60_000,
        'the wait past the shift change',
        skipRealMs,
      );
      const handed = await untilMatches(
        'the handoff',
        () => env.client.task('handoff', approval!.taskId),
        (task) => task.assignee === 'second',
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(handed.status).toBe('AWAITING_APPROVAL');
      // A deadline with what the company shows, so a wait that never ends says where the goal stood (one CI
      // run under extra load hung here for the test's whole 120 s).
      let deadline: NodeJS.Timeout | undefined;
      const done = await Promise.race([
        env.client.waitForTask('handoff', root.id, {
          pollIntervalMs: 100,
          onApproval: (next) => env.client.approve('handoff', next.taskId, 'go'),
        }),
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => {
            void Promise.all([env.client.status('handoff'), env.client.listApprovals('handoff')]).then(
              ([view, approvals]) =>
                reject(new Error(`goal not done after 50 s: ${JSON.stringify({ tasks: view.tasks, approvals })}`)),
              (error: unknown) => reject(new Error(`goal not done after 50 s; status failed: ${String(error)}`)),
            );
          }, 50_000);
        }),
      ]).finally(() => clearTimeout(deadline));
      expect(done.status).toBe('COMPLETED');
      const notes = await env.pool.query<{ agent_id: string }>(
        `SELECT agent_id FROM ledger WHERE company_id = $1 AND call_key LIKE '%#handoff-%'`,
        ['handoff'],
      );
      expect(notes.rows).toEqual([{ agent_id: 'worker' }]);
      const task = await env.client.task('handoff', approval!.taskId);
      expect(task).toMatchObject({ status: 'COMPLETED', assignee: 'second' });
      await stopCompany('handoff');
    });
  });

  it('keeps a goal waiting until its rotation opens, and pages on-call for an urgent one', async () => {
    await env.withWorker(async () => {
      const nowMs = await env.environment.currentTimeMs();
      const opens = Math.ceil(nowMs / hourMs) * hourMs + 2 * hourMs;
      await startCompany({
        id: 'paging',
        consolidationSchedule: false,
        template: shiftTeamTemplate({
          shifts: {
            timezone: 'UTC',
            rotations: [{ name: 'lead', start: hour(opens), end: hour(opens + 3 * hourMs), agents: ['boss'] }],
            onCall: { ops: 'second' },
          },
        }),
      });
      const waiting = await env.client.submitGoal('paging', 'Write the launch checklist');
      await untilMatches(
        'wait',
        () => env.client.task('paging', waiting.id),
        (task) => task.status === 'WAITING_FOR_SHIFT',
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const urgent = await env.client.submitGoal('paging', 'Fix the outage', { priority: 'urgent' });
      const paged = await untilMatches(
        'the urgent goal to start',
        () => env.client.task('paging', urgent.id),
        (task) => !['CREATED', 'WAITING_FOR_SHIFT'].includes(task.status),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(paged.assignee).toBe('second');
      expect((await env.client.shifts().now('paging')).onDuty.find((duty) => duty.agentId === 'second')?.reason).toBe(
        'unrostered',
      );
      expect((await env.client.waitForTask('paging', urgent.id, { pollIntervalMs: 100 })).status).toBe('COMPLETED');
      expect((await env.client.task('paging', waiting.id)).status).toBe('WAITING_FOR_SHIFT');

      await env.skip(
        opens - (await env.environment.currentTimeMs()) + 60_000,
        'the wait for the rotation to open',
        skipRealMs,
      );
      const done = await env.client.waitForTask('paging', waiting.id, { pollIntervalMs: 100 });
      expect(done).toMatchObject({ status: 'COMPLETED', assignee: 'boss' });
      await stopCompany('paging');
    });
  });

  it('passes urgency to subtasks: an urgent goal’s subtasks page on-call, a normal goal’s wait for the rotation', async () => {
    await env.withWorker(async () => {
      const nowMs = await env.environment.currentTimeMs();
      const opens = Math.ceil(nowMs / hourMs) * hourMs + 3 * hourMs;
      // The boss is on duty (in no rotation) and splits goals between the engineers, who start in 3 hours.
      await startCompany({
        id: 'urgent-tree',
        consolidationSchedule: false,
        template: shiftTeamTemplate({
          shifts: {
            timezone: 'UTC',
            rotations: [
              { name: 'engineers', start: hour(opens), end: hour(opens + 4 * hourMs), agents: ['worker', 'second'] },
            ],
            onCall: { ops: 'second' },
          },
        }),
      });
      const subtasksOf = async (parentId: string) =>
        (await env.client.status('urgent-tree')).tasks.filter((task) => task.parentId === parentId);
      const normal = await env.client.submitGoal('urgent-tree', 'Write the quarterly runbook review');
      const normalSubtasks = await untilMatches(
        'the normal goal’s subtasks to wait',
        () => subtasksOf(normal.id),
        (tasks) => tasks.length === 2 && tasks.every((task) => task.status === 'WAITING_FOR_SHIFT'),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const urgent = await env.client.submitGoal('urgent-tree', 'Restore the payment service', { priority: 'urgent' });
      // Bounded below the test's timeout, so a goal that never ends says where its tasks stand.
      const done = await withinOrSay(
        env.client.waitForTask('urgent-tree', urgent.id, { pollIntervalMs: 100 }),
        90_000,
        async () => {
          const { tasks } = await env.client.status('urgent-tree');
          const states = tasks.map(
            (task) => `${task.id} ${task.status} ${task.assignee ?? '-'} ${task.waitReason ?? ''}`,
          );
          const desk = await deskSays(env.client.temporal, 'urgent-tree').catch(
            (error: unknown) => `the desk unreadable: ${String(error)}`,
          );
          return `urgent goal ${urgent.id} did not end in 90 s; its tasks: ${states.join('; ')}; ${desk}; simulated time ${clock(await env.environment.currentTimeMs())} (the rotation opens ${clock(opens)})\n${await env.whatIsOut()}`;
        },
      );
      expect(done.status).toBe('COMPLETED');
      // Done before the engineers' rotation opened: the subtasks called in the on-call engineer.
      expect(await env.environment.currentTimeMs()).toBeLessThan(opens);
      const urgentSubtasks = await subtasksOf(urgent.id);
      expect(urgentSubtasks.map((task) => [task.status, task.assignee])).toEqual([
        ['COMPLETED', 'second'],
        ['COMPLETED', 'second'],
      ]);
      for (const subtask of urgentSubtasks) {
        const started = (await history(`company:urgent-tree:task:${subtask.id}`))[0]!
          .workflowExecutionStartedEventAttributes!;
        expect(JSON.parse(text(started.input!.payloads![0]))).toMatchObject({ priority: 'urgent' });
      }
      const onCall = (await env.client.shifts().roster('urgent-tree')).roster.callIns;
      expect(onCall.map((callIn) => callIn.agentId)).toEqual(['second']);
      expect(onCall[0]!.reason).toMatch(new RegExp(`^urgent task ${urgent.id}\\.\\d$`));
      // Only the urgent work paged: the normal goal's subtasks waited (and go to whoever is on duty next).
      expect(normalSubtasks.map((task) => task.assignee).sort()).toEqual(['second', 'worker']);
      await stopCompany('urgent-tree');
    });
  });

  it('puts a hired agent in a rotation (the thinnest of its role), on duty only in its shift', async () => {
    await env.withWorker(async () => {
      const nowMs = await env.environment.currentTimeMs();
      const boundary = Math.ceil(nowMs / hourMs) * hourMs + 2 * hourMs;
      await startCompany({
        id: 'hires',
        consolidationSchedule: false,
        template: shiftTeamTemplate({
          shifts: {
            timezone: 'UTC',
            rotations: [
              { name: 'early', start: hour(boundary - 8 * hourMs), end: hour(boundary), agents: ['worker'] },
              { name: 'late', start: hour(boundary), end: hour(boundary + 8 * hourMs), agents: ['second'] },
            ],
            onCall: { ops: 'boss' },
          },
        }),
      });
      const hire = (id: string) =>
        env.client.hireAgent('hires', { role: 'Operations Engineer', department: 'ops', id });
      await hire('third');
      await hire('fourth');
      const roster = await untilMatches(
        'the hires in the roster',
        () => env.client.shifts().roster('hires'),
        ({ roster }) => roster.shifts.rotations.flatMap((rotation) => rotation.agents).length === 4,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      // A tie goes to roster order; the second hire balances the role across the rotations.
      expect(roster.roster.shifts.rotations.map((rotation) => [rotation.name, rotation.agents])).toEqual([
        ['early', ['worker', 'third']],
        ['late', ['second', 'fourth']],
      ]);
      const before = await env.client.shifts().now('hires');
      expect(before.onDuty.map((duty) => duty.agentId)).toEqual(['boss', 'third', 'worker']);
      expect(before.rostered).toEqual(['fourth', 'second', 'third', 'worker']);
      const toldBefore = await untilMatches(
        'the company to hear of the hires',
        () => shiftChanges('hires'),
        (changes) => changes.at(-1)?.rostered.includes('fourth') ?? false,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(toldBefore.at(-1)!.onDuty).not.toContain('fourth');

      await env.skip(
        boundary - (await env.environment.currentTimeMs()) + 60_000,
        'the wait past the shift change',
        skipRealMs,
      );
      const after = await env.client.shifts().now('hires');
      expect(after.onDuty.map((duty) => [duty.agentId, duty.rotation ?? duty.reason])).toEqual([
        ['boss', 'unrostered'],
        ['fourth', 'late'],
        ['second', 'late'],
      ]);
      expect((await shiftChanges('hires')).at(-1)!.onDuty).toEqual(['boss', 'fourth', 'second']);
      await stopCompany('hires');
    });
  });

  it('continues as new with its roster, swaps and call-ins', async () => {
    await env.withWorker(async () => {
      const shifts = ShiftsSpec.parse(dayAndNight().shifts);
      await env.client.temporal.workflow.start('shiftWorkflow', {
        taskQueue: env.taskQueue,
        workflowId: shiftWorkflowId('cano'),
        args: [
          {
            company: {
              id: 'cano',
              agents: [
                { id: 'boss', role: 'lead', department: 'ops' },
                { id: 'worker', role: 'engineer', department: 'ops' },
                { id: 'second', role: 'engineer', department: 'ops' },
              ],
              departments: [{ name: 'ops', head: 'boss' }],
            },
            roster: emptyRoster(shifts),
            historyLimit: 40,
          },
        ],
      });
      // Its runs signal a company that does not exist and continue as new: the watcher frees what that leaks.
      await env.orphans.watch(shiftWorkflowId('cano'));
      await env.client.shifts().swap('cano', { rotation: 'night', from: 'second', to: 'boss' });
      await env.skip(4 * dayMs, 'the four days of continued runs', skipRealMs);
      const now = await env.client.shifts().now('cano');
      expect(now.generation).toBeGreaterThan(0);
      const roster = await env.client.shifts().roster('cano');
      expect(roster.roster.swaps).toEqual([{ rotation: 'night', from: 'second', to: 'boss' }]);
      expect(roster.roster.shifts).toEqual(shifts);
      await env.client.temporal.workflow.getHandle(shiftWorkflowId('cano')).signal('stopShifts');
    });
  });
});

/** Three rotations covering the day in UTC: the boss by day, the engineers morning and night. */
function dayAndNight() {
  return shiftTeamTemplate({
    shifts: {
      timezone: 'UTC',
      rotations: [
        { name: 'day', start: '08:00', end: '16:00', agents: ['boss'] },
        { name: 'morning', start: '04:00', end: '12:00', agents: ['worker'] },
        { name: 'night', start: '20:00', end: '04:00', agents: ['second'] },
      ],
      onCall: { ops: 'second' },
    },
  });
}
