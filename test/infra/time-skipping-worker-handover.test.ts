import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { emptyRoster } from '../../src/domain/shifts/roster.ts';
import { startTimeSkippingSynthorgEnv, type TimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import { until } from '../helpers/until.ts';

const dayMs = 86_400_000;
let env: TimeSkippingSynthorgEnv;

beforeAll(async () => {
  env = await startTimeSkippingSynthorgEnv();
});
afterAll(async () => {
  await env?.stop();
});

/**
 * The time-skipping server has no sticky schedule-to-start timeout (a real server moves a workflow task that its
 * worker's sticky queue did not take within 10 s to the normal queue) and ignores a stopping worker's ShutdownWorker:
 * a workflow task scheduled for a workflow whose last task a since-stopped worker completed waits on that worker's
 * sticky queue for good, holding a time-skipping lock. With a worker per `withWorker` call, a workflow one test left
 * open (a goal its company cancelled as it stopped, a shift workflow) stopped time in a later test; the env now keeps
 * one worker for all of them.
 */
describe('a workflow one withWorker call leaves open, on the time-skipping server', () => {
  it('is worked in the next call: its timers fire and time keeps skipping', async () => {
    const workflowId = shiftWorkflowId('relay');
    const timersFired = async () =>
      ((await env.client.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? []).filter(
        (event) => event.timerFiredEventAttributes,
      ).length;
    await env.withWorker(async () => {
      const shifts = ShiftsSpec.parse({
        timezone: 'UTC',
        rotations: [
          { name: 'day', start: '08:00', end: '20:00', agents: ['boss'] },
          { name: 'night', start: '20:00', end: '08:00', agents: ['worker'] },
        ],
      });
      await env.client.temporal.workflow.start('shiftWorkflow', {
        taskQueue: env.taskQueue,
        workflowId,
        args: [
          {
            company: {
              id: 'relay',
              agents: [
                { id: 'boss', role: 'lead', department: 'ops' },
                { id: 'worker', role: 'engineer', department: 'ops' },
              ],
              departments: [{ name: 'ops', head: 'boss' }],
            },
            roster: emptyRoster(shifts),
          },
        ],
      });
      await env.orphans.watch(workflowId);
      // Asleep on its first boundary's timer: its last workflow task is done and nothing else is out.
      await until(
        'the shift workflow to sleep until its next boundary',
        async () => {
          const events = (await env.client.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
          return Boolean(events.at(-1)?.timerStartedEventAttributes);
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
    });
    expect(await timersFired()).toBe(0);
    await env.withWorker(async () => {
      // Two simulated days cross four boundaries, each a timer of the workflow the first worker left asleep.
      await env.skip(2 * dayMs, 'the days after the first worker stopped', 60_000);
    });
    expect(await timersFired()).toBeGreaterThanOrEqual(4);
    await env.client.temporal.workflow.getHandle(workflowId).signal('stopShifts');
  });
});
