import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { trainingGateBundle } from './training-bundle.ts';

const fixtures = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const history = async (name: string) => JSON.parse(await readFile(`${fixtures}${name}.json`, 'utf8')) as never;
const events = async (name: string) =>
  (JSON.parse(await readFile(`${fixtures}${name}.json`, 'utf8')) as { events: Record<string, unknown>[] }).events;

/**
 * Replay guard of training mode (recorded by record-training-histories.ts): the training step sits
 * behind `patched('training-critique')` in workflows/agent-task.ts.
 */
describe('training mode replays', () => {
  it('the recorded histories hold what they claim: a critique and a revision, an exemplar, and none before the change', async () => {
    const text = async (name: string) => JSON.stringify(await events(name));
    const critiqued = await text('training-task-junior-critiqued');
    expect(critiqued).toContain('seniorCritique');
    expect(critiqued).toContain('training-critique');
    expect(critiqued).toContain('recordTrainingReview');
    expect(await text('training-task-senior-exemplar')).toContain('distillExemplar');
    const before = await text('training-task-before-training-mode');
    expect(before).not.toContain('seniorCritique');
    expect(before).not.toContain('training-critique');
    expect(await text('training-request-status')).toContain('trainingRequest');
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
