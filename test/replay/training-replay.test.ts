import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { readCommittedHistory } from '../helpers/committed-histories.ts';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { trainingGateBundle } from './training-bundle.ts';

const history = async (name: string) => (await readCommittedHistory(`${name}.json`)).history as never;
const events = async (name: string) =>
  ((await readCommittedHistory(`${name}.json`)).history as { events: Record<string, unknown>[] }).events;

/**
 * Replay guard of training mode (recorded by record-training-histories.ts): the training step sits
 * behind `patched('training-critique')` in workflows/agent-task.ts.
 */
describe('training mode replays', () => {
  it('the recorded histories hold what they claim: a critique and a revision, an exemplar, and none before the change', async () => {
    const activities = async (name: string) =>
      (await events(name)).flatMap((event) => {
        const scheduled = event.activityTaskScheduledEventAttributes as
          { activityType?: { name?: string } } | undefined;
        return scheduled?.activityType?.name ? [scheduled.activityType.name] : [];
      });
    const patches = async (name: string) =>
      (await events(name)).flatMap((event) => {
        const marker = event.markerRecordedEventAttributes as
          { details?: { 'patch-data'?: { payloads?: { data?: string }[] } } } | undefined;
        const data = marker?.details?.['patch-data']?.payloads?.[0]?.data;
        return data ? [(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id] : [];
      });
    const critiqued = await activities('training-task-junior-critiqued');
    expect(critiqued.filter((name) => name === 'agentStep').length).toBe(4); // boss, draft, revision, review
    expect(critiqued.indexOf('seniorCritique')).toBeGreaterThan(critiqued.indexOf('trainingPlan'));
    expect(critiqued.lastIndexOf('agentStep')).toBeGreaterThan(critiqued.indexOf('seniorCritique'));
    expect(critiqued).toContain('recordTrainingReview');
    expect(await patches('training-task-junior-critiqued')).toContain('training-critique');
    expect(await activities('training-task-senior-exemplar')).toContain('distillExemplar');
    expect(await activities('training-task-before-training-mode')).not.toContain('seniorCritique');
    expect(await activities('training-task-before-training-mode')).not.toContain('trainingPlan');
    expect(await patches('training-task-before-training-mode')).not.toContain('training-critique');
    expect(await activities('training-request-status')).toEqual(['trainingRequest']);
  });

  it('the current code replays every training history, and a junior task recorded before training mode', async () => {
    quietRuntime();
    const bundle = await workflowBundle();
    for (const name of [
      'training-task-junior-critiqued',
      'training-task-senior-exemplar',
      'training-request-status',
      'training-task-before-training-mode',
    ]) {
      await expect(
        Worker.runReplayHistory({ workflowBundle: bundle, replayName: name }, await history(name)),
        name,
      ).resolves.toBeUndefined();
    }
  }, 180_000);

  it('guard: with the gate removed, the task from before training mode no longer replays (the patch is what keeps it running)', async () => {
    quietRuntime();
    const ungated = await trainingGateBundle(true);
    const replay = Worker.runReplayHistory(
      { workflowBundle: ungated, replayName: 'gate removed, before training mode' },
      await history('training-task-before-training-mode'),
    );
    await expect(replay).rejects.toThrow(DeterminismViolationError);
    // And a history that took the patch has a marker the ungated code never asks for.
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: ungated, replayName: 'gate removed, critiqued' },
        await history('training-task-junior-critiqued'),
      ),
    ).rejects.toThrow(/patch marker encountered for change training-critique/);
  }, 180_000);
});
