import { randomUUID } from 'node:crypto';
import { msToTs } from '@temporalio/common/lib/time.js';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrphanedChildLocks } from '../helpers/orphaned-child-locks.ts';
import { startTimeSkippingEnvironment } from '../helpers/time-skipping.ts';

const { CommandType } = temporal.api.enums.v1;
const namespace = 'default';
const identity = 'broken-workflow-task-test';
const dayMs = 86_400_000;
/** The watcher's grace past the task's 2 s timeout here: 2 + 3 s is well inside the 10 s the test sees it stuck. */
const shortGraceMs = 3_000;
let environment: TestWorkflowEnvironment;

beforeAll(async () => {
  environment = await startTimeSkippingEnvironment();
});
afterAll(async () => {
  await environment?.teardown();
});

/** Whether `promise` settles within `ms` of real time. */
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), ms))]);

/**
 * The worker's side is played by hand with the raw service calls, so the order is exact: a workflow task that asks
 * to cancel an activity which completed while the task was out. A company that stops cancels its working tasks, and
 * a task's model call may finish just then (seen in loops of test/shifts/shift-time-skipping.test.ts: a cancelled
 * subtask's history ending in WorkflowTaskStarted, its last activity without an outcome, time stopped for good).
 */
describe('a workflow task that cancels an activity completed meanwhile, on the time-skipping server', () => {
  it(
    'is refused and never times out, keeping its time-skipping lock until the watcher releases it',
    { timeout: 180_000 },
    async () => {
      const service = environment.connection.workflowService;
      const taskQueue = `broken-workflow-task-${randomUUID()}`;
      const workflowId = 'broken-workflow-task';
      const started = await service.startWorkflowExecution({
        namespace,
        workflowId,
        workflowType: { name: 'handPlayed' },
        taskQueue: { name: taskQueue },
        workflowTaskTimeout: msToTs('2 seconds'),
        identity,
        requestId: randomUUID(),
      });
      const runId = started.runId ?? '';
      const first = await service.pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity });
      await service.respondWorkflowTaskCompleted({
        taskToken: first.taskToken,
        identity,
        commands: [
          {
            commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
            scheduleActivityTaskCommandAttributes: {
              activityId: 'step',
              activityType: { name: 'step' },
              taskQueue: { name: taskQueue },
              startToCloseTimeout: msToTs('1 hour'),
            },
          },
        ],
      });
      const activity = await service.pollActivityTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity });
      expect(activity.activityId).toBe('step');
      const { history: scheduled } = await service.getWorkflowExecutionHistory({
        namespace,
        execution: { workflowId, runId },
      });
      const scheduledEventId = scheduled?.events?.find((event) => event.activityTaskScheduledEventAttributes)?.eventId;
      // The cancellation's workflow task goes out; the activity completes while it is out.
      await service.requestCancelWorkflowExecution({ namespace, workflowExecution: { workflowId }, identity });
      const second = await service.pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity });
      await service.respondActivityTaskCompleted({ taskToken: activity.taskToken, identity });
      const refused = await service
        .respondWorkflowTaskCompleted({
          taskToken: second.taskToken,
          identity,
          commands: [
            {
              commandType: CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
              requestCancelActivityTaskCommandAttributes: { scheduledEventId },
            },
          ],
        })
        .then(
          () => 'accepted',
          (error: unknown) => String(error),
        );
      expect(refused).toMatch(/ACTIVITY_UNKNOWN/);

      // Two watchers see the task started from here on: one with the default grace past its timeout (30 s), and
      // one with a grace this test can wait out in seconds (the server is idle but for this task).
      const watcher = new OrphanedChildLocks(environment.connection, namespace, { brokenTaskGraceMs: shortGraceMs });
      const byDefault = new OrphanedChildLocks(environment.connection, namespace);
      for (const each of [watcher, byDefault]) {
        await each.watch(workflowId);
        await each.stop();
        expect((await each.releaseBrokenWorkflowTasks()).released).toBe(0);
      }

      // Its 2 s timeout never fires: time does not skip, and 10 s of real time later the history still ends with the
      // task started.
      const slept = environment.sleep(dayMs);
      expect(await within(slept, 10_000)).toBe(false);
      const { history } = await service.getWorkflowExecutionHistory({ namespace, execution: { workflowId, runId } });
      expect(history?.events?.at(-1)?.workflowTaskStartedEventAttributes).toBeTruthy();

      // The watchers find it by its age in real time: past its timeout and the short grace, the one with the short
      // grace releases its lock, once; the default grace is not over yet.
      expect((await byDefault.releaseBrokenWorkflowTasks()).released).toBe(0);
      const released = await watcher.releaseBrokenWorkflowTasks();
      expect(released.released).toBe(1);
      expect(await within(slept, 30_000)).toBe(true);
      expect((await watcher.releaseBrokenWorkflowTasks()).released).toBe(0);
    },
  );
});
