/**
 * Records the replay histories of the self-improvement workflows (docs/self-improvement.md):
 * `node test/replay/record-self-improvement-histories.ts`. Writes `si-*.json` beside the others:
 * a task run under a configuration version, a rollout rolled back by its gate, a manual rollout
 * promoted after an approval, and the improvement loop through a proposal, a rejection and a pause.
 */
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { rolloutWorkflowId } from '../../src/domain/rollout.ts';
import { startRecordingStack } from './recording-stack.ts';
import { improvementWorkflowId } from '../../workflows/contracts/improvement.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

const stack = await startRecordingStack('self-improvement');
const { client } = stack;
const id = 'replay-si';
const topics = ['pricing', 'hiring', 'roadmap', 'security', 'billing', 'support', 'onboarding', 'analytics'];

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    const configuration = client.configuration;
    await client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 100 }) });
    const goals = [];
    for (const topic of topics) goals.push(await client.submitGoal(id, `[steps=1] Memo on ${topic}`));
    for (const goal of goals) await client.waitForTask(id, goal.id, { pollIntervalMs: 200 });

    // A rollout the gate rolls back: `[reject]` in the instructions makes the simulator's reviewer reject.
    const bad = await configuration.propose(id, {
      roles: { 'Operations Engineer': { instructions: '[reject] Skip it.' } },
    });
    await configuration.startRollout(id, bad.version, {
      stages: [
        { percent: 50, minSamples: 2, maxDuration: '10m' },
        { percent: 100, minSamples: 1, maxDuration: '10m' },
      ],
      mode: 'autonomous',
      checkEvery: '1s',
    });
    let index = 0;
    await until(
      'the first round',
      async () => {
        const { rollout } = await configuration.rollout(id, bad.version);
        if (rollout.status === 'RUNNING') await client.submitGoal(id, `[steps=1] Report ${++index}`);
        return rollout.status !== 'RUNNING';
      },
      { timeoutMs: 180_000, intervalMs: 300 },
    );

    // A manual rollout promoted after an approval.
    const good = await configuration.propose(id, {
      roles: { 'Operations Engineer': { instructions: 'Show evidence for every acceptance criterion.' } },
    });
    await configuration.startRollout(id, good.version, {
      stages: [
        { percent: 50, minSamples: 1, maxDuration: '10m' },
        { percent: 100, minSamples: 1, maxDuration: '10m' },
      ],
      mode: 'manual',
      checkEvery: '1s',
    });
    await until(
      'the gate to pass',
      async () => {
        const { live } = await configuration.rollout(id, good.version);
        if (!live?.awaitingApproval) await client.submitGoal(id, `[steps=1] Summary ${++index}`);
        return live?.awaitingApproval === true;
      },
      { timeoutMs: 180_000, intervalMs: 300 },
    );
    await configuration.approveRollout(id, good.version, { stage: 1 });
    await until(
      'the promotion',
      async () => (await configuration.rollout(id, good.version)).rollout.status === 'PROMOTED',
      { timeoutMs: 180_000, intervalMs: 300 },
    );

    // The loop: with the evidence advice promoted, rules may have nothing to propose; the history still
    // holds its rounds, a pause and a resume.
    await configuration.startImprovement(id, {
      mode: 'manual',
      every: '1s',
      checkEvery: '1s',
      stages: [
        { percent: 10, minSamples: 1, maxDuration: '10m' },
        { percent: 100, minSamples: 1, maxDuration: '10m' },
      ],
    });
    await until('a second round', async () => (await configuration.improvementStatus(id)).rounds >= 2, {
      timeoutMs: 180_000,
      intervalMs: 300,
    });
    await configuration.pauseImprovement(id, 'recorded pause');
    await configuration.resumeImprovement(id);
    await until('a third round', async () => (await configuration.improvementStatus(id)).rounds >= 3, {
      timeoutMs: 180_000,
      intervalMs: 300,
    });
    await configuration.pauseImprovement(id, 'recorded pause');
    await client.stopCompany(id);
  });
  const save = (name: string, workflowId: string, runId?: string) => stack.save(name, workflowId, runId);
  await save('si-task-configured', taskWorkflowId(id, 't1'));
  await save('si-rollout-rolled-back', rolloutWorkflowId(id, 2));
  await save('si-rollout-manual-promoted', rolloutWorkflowId(id, 3));
  await save('si-improvement-loop', improvementWorkflowId(id));
} finally {
  await stack.close();
}
