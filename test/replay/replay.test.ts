import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { describe, expect, it } from 'vitest';
import { committedHistories, expectEachReplays, readCommittedHistory } from '../helpers/committed-histories.ts';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';

interface StartedAttributes {
  input: { payloads: { data: string }[] };
}
interface ScheduledAttributes {
  activityType: { name: string };
  heartbeatTimeout: string;
}

const removePatchGateLoader = fileURLToPath(new URL('./remove-patch-gate-loader.cjs', import.meta.url));

describe('replay of committed histories', () => {
  it('has histories of every workflow family to replay', async () => {
    const names = (await committedHistories()).map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'company-duo.json',
        'task-duo-approval.json',
        'task-startup-root.json',
        'v3-company-continued.json',
        'v3-memory-consolidation.json',
        'shifts-company.json',
        'shifts-task-handed-over.json',
        'shifts-shift-workflow.json',
        'shifts-shift-workflow-continued.json',
        'shifts2-company.json',
        'shifts2-task-urgent-subtask.json',
        'shifts2-shift-workflow.json',
        'shifts3-company-freed-slot.json',
        'shifts4-task-route-retry.json',
        'shifts5-task-grant-order.json',
        'shifts6-company-desk-delivery.json',
        'shifts7-company-ended-waiting.json',
        'scaling-task-failover.json',
        'scaling-autoscaler.json',
        'scaling-headcount.json',
        'scaling-headcount-company.json',
        'scaling-headcount-task.json',
        'scaling-company-retirement-delivery.json',
        'v4-template-stats.json',
        'federation-buyer-negotiation.json',
        'federation-seller-negotiation.json',
        'federation-nexus-buyer.json',
        'federation-nexus-served.json',
        'federation-nexus-task.json',
        'channels-outbox.json',
        'channels-inbox.json',
        'channels-task-read-inbox.json',
        'si-task-configured.json',
        'si-rollout-rolled-back.json',
        'si-rollout-manual-promoted.json',
        'si-improvement-loop.json',
        'si-evaluation.json',
        'admission-company.json',
        'admission-task.json',
        'review-escalation-task-approved.json',
        'review-escalation-task-denied.json',
        'reports-company.json',
        'reports-task.json',
        'reports-task-approval.json',
        'start-task.json',
        'start-task-approval.json',
        'start-task-root.json',
        'start-task-subtask.json',
        'start-local-task.json',
        'start-local-task-approval.json',
        'start-local-task-root.json',
        'start-local-task-subtask.json',
        'lean-step-task.json',
        'lean-step-task-approval.json',
        'lean-step-task-root.json',
        'lean-step-task-subtask.json',
        'activity-reports-task.json',
        'activity-reports-task-approval.json',
        'activity-reports-task-root.json',
        'activity-reports-task-subtask.json',
        'burst-company-continued.json',
        'burst-company-during-burst.json',
        'burst-company-stopped.json',
        'first-step-company.json',
        'end-task.json',
        'end-task-cancelled.json',
        'end-task-root.json',
        'end-task-subtask.json',
        'end-company.json',
        'dropped-company.json',
        'admission-dropped-company.json',
      ]),
    );
  });

  it('replays each history against the current workflow code without a determinism violation', async () => {
    quietRuntime();
    const bundle = await workflowBundle();
    await expectEachReplays({ workflowBundle: bundle, replayName: 'committed' }, await committedHistories());
    // Bundling plus every history: over two minutes on the shared 2-core machine under load.
  }, 300_000);

  it('negative control: the current code with a patched() gate removed fails to replay a history that took the patch', async () => {
    quietRuntime();
    const variant = await bundleWorkflowCode({
      workflowsPath,
      logger: silentLogger,
      webpackConfigHook: (config) => ({
        ...config,
        module: {
          ...config.module,
          rules: [
            ...(config.module?.rules ?? []),
            { test: /workflows[\\/]agent-task\.ts$/, enforce: 'pre', use: [{ loader: removePatchGateLoader }] },
          ],
        },
      }),
    });
    // Recorded with the patch: its marker has no patched() call left to match.
    const { history } = (await committedHistories()).find((entry) => entry.name === 'v2-task-duo-approval.json')!;
    const replay = Worker.runReplayHistory({ workflowBundle: variant, replayName: 'gate removed' }, history as never);
    await expect(replay).rejects.toThrow(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/patch marker encountered for change reports-without-waiting/);
    // The variant bundle itself is sound: it replays a history from before the patch (no marker), so
    // the control fails for the reason it claims.
    const { history: older } = (await committedHistories()).find((entry) => entry.name === 'task-duo-approval.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: variant, replayName: 'gate removed, older' }, older as never),
    ).resolves.toBeUndefined();
  });

  it('negative control: the code with patch task-start-in-one fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('task-start-in-one');
    const histories = await committedHistories();
    const { history } = histories.find((entry) => entry.name === 'start-task.json')!;
    const replay = Worker.runReplayHistory({ workflowBundle: control, replayName: 'start gate off' }, history as never);
    await expect(replay).rejects.toThrow(DeterminismViolationError);
    // The control bundle is sound: it replays a task from before the patch.
    const { history: older } = histories.find((entry) => entry.name === 'reports-task.json')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'start gate off, older' }, older as never),
    ).resolves.toBeUndefined();
  });

  it('negative control: the code with patch task-start-local fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('task-start-local');
    const histories = await committedHistories();
    for (const name of ['start-local-task.json', 'start-local-task-subtask.json']) {
      const { history } = histories.find((entry) => entry.name === name)!;
      const replay = Worker.runReplayHistory(
        { workflowBundle: control, replayName: 'local gate off' },
        history as never,
      );
      await expect(replay, name).rejects.toThrow(DeterminismViolationError);
    }
    // The control bundle is sound: it replays tasks that started with the start activity, or before it.
    for (const name of ['start-task.json', 'end-task.json', 'reports-task.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'local gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('negative control: the code with patch lean-step fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('lean-step');
    const histories = await committedHistories();
    for (const name of ['lean-step-task.json', 'lean-step-task-root.json', 'lean-step-task-subtask.json']) {
      const { history } = histories.find((entry) => entry.name === name)!;
      const replay = Worker.runReplayHistory(
        { workflowBundle: control, replayName: 'lean gate off' },
        history as never,
      );
      await expect(replay, name).rejects.toThrow(DeterminismViolationError);
    }
    // The control bundle is sound: it replays tasks from before the patch.
    for (const name of ['start-local-task.json', 'start-local-task-root.json', 'end-task.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'lean gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('negative control: the code with patch task-reports-from-activities fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('task-reports-from-activities');
    const histories = await committedHistories();
    // Recorded with each report between start and ending sent by a local activity (record-task-reports-histories.ts).
    for (const name of [
      'activity-reports-task.json',
      'activity-reports-task-approval.json',
      'activity-reports-task-root.json',
      'activity-reports-task-subtask.json',
    ]) {
      const { history } = histories.find((entry) => entry.name === name)!;
      const replay = Worker.runReplayHistory(
        { workflowBundle: control, replayName: 'reports gate off' },
        history as never,
      );
      await expect(replay, name).rejects.toThrow(DeterminismViolationError);
    }
    // The control bundle is sound: it replays tasks that sent their reports as workflow signals.
    for (const name of ['lean-step-task.json', 'lean-step-task-subtask.json', 'end-task.json', 'reports-task.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'reports gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('negative control: the code with patch task-end-in-one fixed off fails to replay a task that took it', async () => {
    quietRuntime();
    const control = await bundleWithPatchGateOff('task-end-in-one');
    const histories = await committedHistories();
    for (const name of ['end-task.json', 'end-task-cancelled.json']) {
      const { history } = histories.find((entry) => entry.name === name)!;
      const replay = Worker.runReplayHistory({ workflowBundle: control, replayName: 'end gate off' }, history as never);
      await expect(replay, name).rejects.toThrow(DeterminismViolationError);
    }
    // The control bundle is sound: it replays tasks that ended before the patch (an activity and a signal).
    for (const name of ['start-task.json', 'reports-task.json']) {
      const { history: older } = histories.find((entry) => entry.name === name)!;
      await expect(
        Worker.runReplayHistory({ workflowBundle: control, replayName: 'end gate off, older' }, older as never),
        name,
      ).resolves.toBeUndefined();
    }
  });

  it('an ending that waited for a late report replays; with patch task-end-after-reports fixed off it does not', async () => {
    quietRuntime();
    // Recorded with every report five seconds late (test/helpers/late-task-reports.ts): it replays with that
    // interceptor, whose timers it holds (test/replay/record-task-end-late-histories.ts).
    const late = fileURLToPath(new URL('../helpers/late-task-reports.ts', import.meta.url));
    const { history } = await readCommittedHistory('late-reports/end-task-late.json');
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      logger: silentLogger,
      workflowInterceptorModules: [late],
    });
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'late reports' }, history as never),
    ).resolves.toBeUndefined();
    const control = await bundleWithPatchGateOff('task-end-after-reports', { workflowInterceptorModules: [late] });
    await expect(
      Worker.runReplayHistory({ workflowBundle: control, replayName: 'late reports, gate off' }, history as never),
    ).rejects.toThrow(DeterminismViolationError);
  });

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
