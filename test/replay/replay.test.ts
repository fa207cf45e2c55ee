import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { describe, expect, it } from 'vitest';
import { committedHistories, expectEachReplays, readCommittedHistory } from '../helpers/committed-histories.ts';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { bundleWithPatchGateOff } from '../../bench/patch-gate-off.ts';

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
});
