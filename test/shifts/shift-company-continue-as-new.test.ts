import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowTaskTimeout } from '../../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyIdKey } from '../../src/domain/search-attributes.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import type { CompanyViewState, CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import { readyUpdate, viewQuery } from '../../workflows/contracts/company.ts';
import { withinOrSay } from '../helpers/shift-desk-probes.ts';
import { answered, startTimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import type { TimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import { until } from '../helpers/until.ts';
import { shiftTeamTemplate } from './shift-templates.ts';

const hourMs = 3_600_000;
let env: TimeSkippingSynthorgEnv;

/**
 * Real time one of the test's own calls (an update, a query, a read of history) may take. A passing run's calls take
 * a few seconds each; the file's timeout is 300 s, and a call that never answered once ran into it without a word
 * (round 27 CI): past this bound the call fails saying which one it was and what the watcher and the worker show.
 */
const callMs = 60_000;

/** `promise` within `callMs`, or an error naming `what` with what is out (each reading bounded itself). */
function bounded<T>(what: string, promise: Promise<T>, ms = callMs): Promise<T> {
  return withinOrSay(promise, ms, async () => {
    const simulated = await answered(
      env.environment.currentTimeMs().then((ms) => new Date(ms).toISOString()),
      'unreadable',
    );
    return `${what} did not answer in ${ms} ms real (simulated time ${simulated})\n${await env.whatIsOut()}`;
  });
}

/** The server's simulated time, bounded. */
const simulatedNow = () => bounded('the simulated time', env.environment.currentTimeMs());

beforeAll(async () => {
  env = await startTimeSkippingSynthorgEnv();
});
afterAll(async () => {
  if (env) {
    const { released, orphanCloses, brokenContinues, unattributed } = env.orphans;
    process.stderr.write(
      `time-skipping locks released: ${released} (orphans' closes ${orphanCloses}, broken continue-as-new ${brokenContinues}, unattributed ${unattributed})\n`,
    );
  }
  await env?.stop();
});

const shifts = {
  timezone: 'UTC',
  rotations: [
    { name: 'early', start: '00:00', end: '12:00', agents: ['worker'] },
    { name: 'late', start: '12:00', end: '00:00', agents: ['second'] },
  ],
  onCall: { ops: 'second' },
};

/**
 * A shift company whose history limit makes it continue as new every goal or two, with goals in flight
 * across each continue-as-new and across shift ends. On the time-skipping server such goals close after
 * the company run that started them: the server leaks a time-skipping lock for each (see
 * test/helpers/orphaned-child-locks.ts), which stopped time for good in the shifts benchmark.
 */
describe('a shift company across the company’s continue-as-new (time-skipping server)', () => {
  it('keeps skipping time, finishes every goal once, hands work over and keeps who is on duty', async () => {
    await env.withWorker(async () => {
      const template = CompanyTemplate.parse({
        ...shiftTeamTemplate({ oversight: 'supervised', shifts }),
        policies: {
          maxDecompositionDepth: 1,
          maxChildrenPerTask: 2,
          maxTasksPerGoal: 5,
          approvalTimeout: '4h',
          approvalDefault: 'approve',
        },
      });
      const handle = env.client.temporal.workflow.getHandle('company:relay');
      const starting = env.client.temporal.workflow.start('companyWorkflow', {
        workflowId: 'company:relay',
        taskQueue: env.taskQueue,
        args: [{ company: snapshotFromTemplate('relay', template), historyLimit: 150 } satisfies CompanyWorkflowInput],
        workflowTaskTimeout: companyWorkflowTaskTimeout,
        typedSearchAttributes: [{ key: companyIdKey, value: 'relay' }],
      });
      await bounded('the company start', starting);
      await bounded('the company’s ready update', handle.executeUpdate(readyUpdate));
      await bounded('the watcher’s first look at the company', env.orphans.watch('company:relay'));

      // An hour before a shift end, then every 6 hours: every other goal waits for approval across a shift end.
      const startMs = await simulatedNow();
      const boundary = Math.ceil(startMs / (12 * hourMs)) * 12 * hourMs + 12 * hourMs;
      await env.skip(boundary - hourMs - startMs, 'the wait for an hour before a shift end');
      const goals: string[] = [];
      for (let index = 0; index < 6; index++) {
        const goal = env.client.submitGoal('relay', `Rotate the status page certificate ${index}`);
        goals.push((await bounded(`the submission of goal ${index}`, goal)).id);
        await env.skip(6 * hourMs, `the 6 hours after goal ${index}`);
      }
      await env.skip(12 * hourMs, 'the 12 hours after the last goal');
      // Time went on: 36 simulated hours and more passed in the seconds this test takes.
      expect((await simulatedNow()) - boundary).toBeGreaterThanOrEqual(47 * hourMs);

      const view = await bounded('the company’s view', handle.query<CompanyViewState>(viewQuery));
      expect(view.generation).toBeGreaterThanOrEqual(2);
      const roots = view.tasks.filter((task) => task.parentId === null);
      expect(roots.map((task) => [task.id, task.status])).toEqual(goals.map((id) => [id, 'COMPLETED']));
      // Goals did outlive the company run that took them (the path that stopped time before).
      expect(env.orphans.orphanCloses).toBeGreaterThan(0);

      const ledger = await bounded(
        'the ledger’s handoff notes',
        env.pool.query<{ call_key: string }>(
          `SELECT call_key FROM ledger WHERE company_id = 'relay' AND call_key LIKE '%#handoff-%'`,
        ),
      );
      expect(ledger.rows.length).toBeGreaterThan(0);
      // One note per handoff: no retry or new run paid for one twice.
      expect(new Set(ledger.rows.map((row) => row.call_key)).size).toBe(ledger.rows.length);
      const subtasks = view.tasks.filter((task) => task.parentId !== null);
      // Listed with their reasons, so an intermittent failure says which subtask ended how (docs/testing.md).
      const unfinished = subtasks.filter((task) => task.status !== 'COMPLETED');
      expect(unfinished.map((task) => [task.id, task.status, task.failureReason])).toEqual([]);

      // The runs the company continued as carry who is on duty and the roster (in their input) and route by
      // them: a goal submitted in the late shift goes to `second` alone.
      const lateMs = Math.ceil((await simulatedNow()) / (24 * hourMs)) * 24 * hourMs + 14 * hourMs;
      await env.skip(lateMs - (await simulatedNow()), 'the wait for the late shift');
      const late = await bounded(
        'the late goal’s submission',
        env.client.submitGoal('relay', 'Renew the status page domain'),
      );
      // A company query that a busy worker (replaying the company's runs beside another test) does not
      // answer within the client's 20 s is asked again, not a failure.
      const routed = await bounded(
        'the wait for the late goal’s subtasks',
        until(
          'the late goal’s subtasks',
          async () => {
            const tasks = (await env.client.status('relay')).tasks.filter((task) => task.parentId === late.id);
            return tasks.length === 2 && tasks.every((task) => task.status !== 'CREATED') ? tasks : undefined;
          },
          { timeoutMs: 120_000, ignoreErrors: true },
        ),
        150_000,
      );
      expect(routed.map((task) => task.assignee)).toEqual(['second', 'second']);
      const history = await bounded('the company run’s history', handle.fetchHistory());
      const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
      const input = JSON.parse(Buffer.from(started.input!.payloads![0]!.data!).toString()) as CompanyWorkflowInput;
      expect(input.state?.shiftDesk).toMatchObject({ rostered: ['second', 'worker'], onCall: { ops: 'second' } });
      const roster = await bounded('the roster', env.client.shifts().roster('relay'));
      expect(roster.roster.shifts).toEqual(ShiftsSpec.parse(shifts));
      const onDuty = await bounded('who is on duty', env.client.shifts().now('relay'));
      expect(onDuty.onDuty.map((duty) => duty.agentId)).toEqual(['boss', 'second']);

      // Time skips only while the test sleeps: the approvals default to approve after 4 simulated hours.
      await env.skip(6 * hourMs, 'the late goal’s approvals');
      expect((await bounded('the late goal’s task', env.client.task('relay', late.id))).status).toBe('COMPLETED');
      await bounded('the company’s stop update', handle.executeUpdate('stop'));
      await bounded(
        'the wait for the shift workflow to stop',
        until('the shift workflow to stop', async () => {
          const status = (await env.client.temporal.workflow.getHandle(shiftWorkflowId('relay')).describe()).status;
          return status.name === 'COMPLETED' ? status : undefined;
        }),
        120_000,
      );
      // Time still skips (a stalled server would take a real week here) after the company stopped, with its
      // shift workflow closing after the run that started it.
      const before = await simulatedNow();
      await env.skip(7 * 24 * hourMs, 'the week after the company stopped');
      expect((await simulatedNow()) - before).toBeGreaterThanOrEqual(7 * 24 * hourMs);
    });
  }, 300_000);
});
