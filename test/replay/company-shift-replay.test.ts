import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { committedHistories, readCommittedHistory } from '../helpers/committed-histories.ts';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';

// The company's and the shift system's patches, and the handoff note's timeouts, replayed against committed
// histories (the task workflow's patches and the replay of every committed history: replay.test.ts).

interface StartedAttributes {
  input: { payloads: { data: string }[] };
}
interface ScheduledAttributes {
  activityType: { name: string };
  heartbeatTimeout: string;
}

describe('replay of the company and shift patches', () => {
  it('negative control: the code with patch company-ignores-dropped-tasks fixed off fails to replay a company that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('company-ignores-dropped-tasks');
    const histories = await committedHistories();
    // Recorded with a repeated COMPLETED of a dropped task ignored (test/replay/record-dropped-task-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'dropped-company.json')!;
    const replay = Worker.runReplayHistory(
      { workflowBundle: control, replayName: 'dropped gate off' },
      history as never,
    );
    await expect(replay).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays companies that never heard of a dropped task.
    for (const name of ['burst-company-during-burst.json', 'end-company.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'dropped gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('negative control: the code with patch company-continuation-skips-first-step fixed off fails to replay a run that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('company-continuation-skips-first-step');
    const histories = await committedHistories();
    // Its first workflow task found 57 events of a limit of 100 and went on (test/replay/record-first-step-histories.ts);
    // taking that pile as growth, the code before the patch continues as new there.
    const { history } = histories.find((entry) => entry.name === 'first-step-company.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'first step gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays a company run from before the patch.
    const { history: older } = histories.find((entry) => entry.name === 'burst-company-during-burst.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'first step gate off, older' }, older as never),
    ).resolves.toBeUndefined();
  });

  it('negative control: the code with patch goal-admitted-ignores-dropped-tasks fixed off fails to replay a company that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('goal-admitted-ignores-dropped-tasks');
    const histories = await committedHistories();
    // Recorded with t1 admitted again after it was dropped (test/replay/record-admission-dropped-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'admission-dropped-company.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'admission dropped gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays companies that admitted goals it had not dropped.
    for (const name of ['admission-company.json', 'end-company.json', 'dropped-company.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'admission gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('negative control: the code with patch shift-freed-slot-retries fixed off fails to replay a company that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('shift-freed-slot-retries');
    const histories = await committedHistories();
    // Recorded with a task's ending heard before its release (test/replay/record-shift-freed-slot-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'shifts3-company-freed-slot.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'freed slot gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays shift companies from before the patch.
    for (const name of ['shifts2-company.json', 'shifts-company.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'freed slot gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });
  it('negative control: the code with patch shift-ended-tasks-stop-waiting fixed off fails to replay a company that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('shift-ended-tasks-stop-waiting');
    const histories = await committedHistories();
    // Recorded with a task cancelled while its request waited (record-shift-ended-waiting-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'shifts7-company-ended-waiting.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'ended waiting gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays shift companies from before the patch.
    for (const name of ['shifts3-company-freed-slot.json', 'shifts2-company.json', 'shifts-company.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory(
          { workflowBundle: control, replayName: 'ended waiting gate off, older' },
          older as never,
        ),
        name,
      ).resolves.toBeUndefined();
    }
  });
  it('negative control: the code with patch shift-desk-delivers-before-close fixed off fails to replay a company that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('shift-desk-delivers-before-close');
    const histories = await committedHistories();
    // Recorded with a grant sent in the workflow task due to continue as new (record-shift-desk-delivery-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'shifts6-company-desk-delivery.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'desk delivery gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays shift companies from before the patch.
    for (const name of ['shifts3-company-freed-slot.json', 'shifts2-company.json', 'shifts-company.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory(
          { workflowBundle: control, replayName: 'desk delivery gate off, older' },
          older as never,
        ),
        name,
      ).resolves.toBeUndefined();
    }
  });
  it('negative control: the code with patch company-sends-delivered-before-close fixed off fails to replay a company that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('company-sends-delivered-before-close');
    const histories = await committedHistories();
    // Recorded with a retirement told in the workflow task due to continue as new (record-retirement-delivery-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'scaling-company-retirement-delivery.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'company sends gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays companies from before the patch, and the shift desk's own wait.
    for (const name of ['scaling-headcount-company.json', 'shifts6-company-desk-delivery.json', 'company-duo.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory(
          { workflowBundle: control, replayName: 'company sends gate off, older' },
          older as never,
        ),
        name,
      ).resolves.toBeUndefined();
    }
  });
  it('negative control: the code with patch shift-grant-outlives-wait fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('shift-grant-outlives-wait');
    const histories = await committedHistories();
    // Recorded with a route grant delivered before the stale "wait" (record-shift-grant-order-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'shifts5-task-grant-order.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'grant order gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays shift tasks from before the patch.
    for (const name of [
      'shifts-task-handed-over.json',
      'shifts2-task-urgent-subtask.json',
      'shifts4-task-route-retry.json',
    ]) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'grant order gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });
  it('negative control: the code with patch shift-route-request-retries fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('shift-route-request-retries');
    const histories = await committedHistories();
    // Recorded with a route request its stopped company was not found for (record-shift-route-retry-histories.ts).
    const { history } = histories.find((entry) => entry.name === 'shifts4-task-route-retry.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'route retry gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays shift tasks from before the patch.
    for (const name of ['shifts-task-handed-over.json', 'shifts2-task-urgent-subtask.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'route retry gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });
  it('a handoff note recorded with another heartbeat timeout replays for a company with a step heartbeat', async () => {
    quietRuntime();
    // workflows/task-handoff.ts schedules the note with the company's step heartbeat when it has one; a running
    // task of such a company replays a note scheduled before with another timeout (here 60 s). The recorded input
    // is given the setting, so the replay schedules the note with 10 s against the history's 60 s.
    const { history } = await readCommittedHistory('shifts-task-handed-over.json');
    const events = (history as { events: { workflowExecutionStartedEventAttributes?: StartedAttributes }[] }).events;
    const payload = events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!;
    const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as {
      company: { stepHeartbeatSeconds?: number };
    };
    expect(input.company.stepHeartbeatSeconds).toBeUndefined();
    input.company.stepHeartbeatSeconds = 10;
    const withSetting = structuredClone(history) as typeof history & { events: typeof events };
    withSetting.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!.data = Buffer.from(
      JSON.stringify(input),
    ).toString('base64');
    const scheduled = events.flatMap((event) => {
      const attributes = (event as { activityTaskScheduledEventAttributes?: ScheduledAttributes })
        .activityTaskScheduledEventAttributes;
      return attributes?.activityType.name === 'writeHandoffNote' ? [attributes.heartbeatTimeout] : [];
    });
    expect(scheduled).toEqual(['60s']);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await workflowBundle(), replayName: 'handoff with a step heartbeat' },
        withSetting as never,
      ),
    ).resolves.toBeUndefined();
  });
});
