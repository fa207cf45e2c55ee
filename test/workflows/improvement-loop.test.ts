import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesSource } from '../../src/domain/improvement.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { memoTopics, startCompanyWithMemos } from '../helpers/improvement-warmup.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('the improvement loop with the offline model', () => {
  it('proposal → guards → kill switch → manual approval → staged rollout → promotion, all recorded', async () => {
    await env.withWorker(async () => {
      const id = 'loop-manual';
      // Signals first: the simulator's reviewer sends back about one first draft in four.
      await startCompanyWithMemos(env.client, id);

      const configuration = env.client.configuration;
      await configuration.startImprovement(id, {
        mode: 'manual',
        every: '1s',
        checkEvery: '1s',
        stages: [
          { percent: 10, minSamples: 1, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
      });
      expect((await configuration.startImprovement(id)).created).toBe(false);
      const pending = await until(
        'a proposal',
        async () => (await configuration.improvementStatus(id)).pending ?? undefined,
      ).catch(async (error: unknown) => {
        throw new Error(`no proposal: ${JSON.stringify(await configuration.improvementStatus(id))}`, { cause: error });
      });
      expect(pending.proposal.source).toBe(rulesSource);
      expect(pending.proposal.rationale).toContain('Operations Engineer had');
      expect(pending.guards.every((guard) => guard.ok)).toBe(true);

      // The kill switch holds the proposal: no approval while paused.
      await configuration.pauseImprovement(id, 'checking the numbers');
      expect((await configuration.improvementStatus(id)).paused).toBe(true);
      await expect(configuration.approveProposal(id, pending.id)).rejects.toThrow(/paused \(kill switch\)/);
      await expect(configuration.pauseImprovement(id)).rejects.toThrow(/already paused/);
      await configuration.resumeImprovement(id);
      await expect(configuration.approveProposal(id, pending.id + 100)).rejects.toThrow(
        new RegExp(`id: proposal ${pending.id + 100} does not await a decision`),
      );
      await configuration.approveProposal(id, pending.id, 'addresses the rejections');

      const rolling = await until('the proposal to roll out', async () => {
        const [latest] = await configuration.improvementHistory(id);
        return latest?.status === 'ROLLING_OUT' ? latest : undefined;
      });
      const version = rolling.rolloutVersion as number;
      expect(version).toBe(2);
      const created = await configuration.show(id, version);
      expect(created.version.author).toBe('loop');
      expect(created.version.diff[0]?.path).toBe('roles.Operations Engineer.instructions');

      // Goals until the 10% stage has a candidate sample; the gate then promotes the candidate.
      let index = 0;
      let lastStageGoals = 0;
      const promoted = await until(
        'the promotion',
        async () => {
          const { rollout } = await configuration.rollout(id, version);
          if (rollout.status === 'PROMOTED') return rollout;
          // A manual loop's rollouts are manual too: the operator approves the stage once its gate passed.
          if (rollout.status === 'AWAITING_APPROVAL') {
            await configuration.approveRollout(id, version, { stage: 1, reason: 'gate passed' });
            return undefined;
          }
          if (rollout.status !== 'RUNNING') throw new Error(`rollout ended ${rollout.status}: ${rollout.decision}`);
          // One goal at a time, each to its end: how many run under each version must not depend on how
          // fast this machine is, or the signals the next round reads would. The last (100 %) stage needs
          // one sample: one goal there, then the gate's check, however late a loaded machine makes it (more
          // goals under the candidate would give the next round revisions to read, and a proposal of its own).
          const lastStage = rollout.stageIndex === 1;
          if (index < 60 && !(lastStage && lastStageGoals >= 1)) {
            if (lastStage) lastStageGoals++;
            const goal = await env.client.submitGoal(id, `[steps=1] Brief ${++index}`);
            await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 });
          }
          return undefined;
        },
        180_000,
      );
      expect(promoted.stages[0]?.percent).toBe(10);
      expect((await configuration.show(id)).current).toBe(version);

      const outcome = await until(
        'the proposal to be promoted',
        async () => {
          const history = await configuration.improvementHistory(id);
          const mine = history.find((proposal) => proposal.id === pending.id);
          return mine?.status === 'PROMOTED' ? mine : undefined;
        },
        30_000,
      ).catch(async (error: unknown) => {
        const history = await configuration.improvementHistory(id);
        const rollouts = await configuration.rollouts(id);
        throw new Error(`not promoted: ${JSON.stringify({ history, rollouts }).slice(0, 3000)}`, { cause: error });
      });
      expect(outcome?.decidedBy).toBe('operator');
      expect(outcome?.guards.map((guard) => guard.guard)).toEqual([
        'kill-switch',
        'scope',
        'rate-limit',
        'one-rollout',
        'blast-radius',
      ]);
      // Under the new version the rule has nothing to address yet: the loop proposes nothing more.
      let lastStatus: unknown;
      await until(
        'a round with no proposal',
        async () => {
          const status = await configuration.improvementStatus(id);
          lastStatus = status;
          return status.lastOutcome?.includes('no proposal') ? status : undefined;
        },
        { describe: () => `last status: ${JSON.stringify(lastStatus).slice(0, 2000)}` },
      );
      // While the rollout ran, the rule's proposal was blocked by the one-rollout guard: stored once, not each round.
      const history = await configuration.improvementHistory(id);
      const others = history.filter((proposal) => proposal.id !== pending.id);
      expect(others.length).toBeLessThanOrEqual(1);
      for (const other of others) {
        expect(other.status).toBe('BLOCKED');
        expect(other.guards.filter((guard) => !guard.ok).map((guard) => guard.guard)).toEqual(['one-rollout']);
      }
    });
  }, 300_000);

  it('a proposal that makes things worse is caught by its rollout gate and rolled back automatically', async () => {
    await env.withWorker(async () => {
      // The id only decides which goals the 10% stage hashes to the candidate (here three of the first
      // twenty-odd, so the test is short); any id reaches the same verdict, later.
      const id = 'loop-revisions';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 100 }) });
      // The window the loop reads: drafts the simulator's reviewer rejects whatever the revision
      // (`[reject]`), so no revision ever helped, and the revision rule proposes no revisions at all.
      const warmup = [];
      for (const topic of memoTopics.slice(0, 4))
        warmup.push(await env.client.submitGoal(id, `[steps=1] [reject] Draft on ${topic}`));
      for (const goal of warmup)
        expect((await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 })).status).toBe('FAILED');
      const configuration = env.client.configuration;
      await configuration.startImprovement(id, {
        mode: 'autonomous',
        every: '1s',
        checkEvery: '1s',
        stages: [
          { percent: 10, minSamples: 3, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
      });
      const proposal = await until('the proposal to roll out with a version', async () => {
        // Recorded as rolling out first, then given its version once the rollout has started.
        const [latest] = await configuration.improvementHistory(id);
        return latest?.status === 'ROLLING_OUT' && latest.rolloutVersion !== null ? latest : undefined;
      });
      expect(proposal.source).toBe(rulesSource);
      expect(proposal.patch).toEqual({ policies: { maxRevisions: 0 } });
      expect(proposal.rationale).toContain('fewer revisions where they never help');
      expect(proposal.decidedBy).toBe('loop (autonomous)');
      const version = proposal.rolloutVersion as number;

      // The goals that follow are ones a revision fixes (`[revise]`: the first draft is sent back, the
      // revision passes). The baseline revises and completes them; the candidate may not revise and fails.
      let index = 0;
      const ended = await until(
        'the rollout to end',
        async () => {
          const { rollout } = await configuration.rollout(id, version);
          if (rollout.status !== 'RUNNING') return rollout;
          if (index >= 80) throw new Error(`still running after ${index} goals: ${JSON.stringify(rollout.verdict)}`);
          const batch = [];
          for (let count = 0; count < 5; count++)
            batch.push(await env.client.submitGoal(id, `[steps=1] [revise] Brief ${++index}`));
          for (const goal of batch) await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 });
          return undefined;
        },
        180_000,
      );
      expect(ended.status, JSON.stringify(ended.verdict)).toBe('ROLLED_BACK');
      expect(ended.author).toBe('loop');
      expect(ended.decision).toMatch(/^ROLLED_BACK: regression: .*failureRate 1 vs 0/);
      const failure = ended.verdict?.comparisons.find((comparison) => comparison.metric === 'failureRate');
      expect(failure).toMatchObject({ regression: true, candidate: 1, baseline: 0 });
      expect(failure?.pValue).toBeLessThan(0.05);
      expect(ended.stageIndex).toBe(0);
      expect((await configuration.show(id)).current).toBe(1);

      // The proposal takes its rollout's outcome; each arm's goals ended as the policy it ran under says.
      const outcome = await until(
        'the rollback',
        async () => {
          const mine = (await configuration.improvementHistory(id)).find((record) => record.id === proposal.id);
          return mine?.status === 'ROLLED_BACK' ? mine : undefined;
        },
        30_000,
      );
      expect(outcome.rolloutVersion).toBe(version);
      const { rows: arms } = await env.pool.query<{ arm: string; status: string; failure_reason: string | null }>(
        `SELECT c.arm, t.status, t.failure_reason FROM task_configurations c
           JOIN tasks t ON t.company_id = c.company_id AND t.id = c.root_task_id
          WHERE c.company_id = $1 AND t.title LIKE '%[revise]%' AND t.status IN ('COMPLETED', 'FAILED')`,
        [id],
      );
      const candidate = arms.filter((row) => row.arm === 'candidate');
      expect(candidate.length).toBeGreaterThanOrEqual(3);
      for (const row of candidate) expect(row.status).toBe('FAILED');
      for (const row of arms.filter((row) => row.arm === 'baseline')) expect(row.status).toBe('COMPLETED');

      // After the rollback new goals run under the current version again (in the baseline arm should the
      // loop have started its next rollout by then).
      const after = await env.client.submitGoal(id, '[steps=1] [revise] After the rollback');
      expect((await env.client.waitForTask(id, after.id, { pollIntervalMs: 300 })).status).toBe('COMPLETED');
      const late = await env.pool.query<{ arm: string; version: number }>(
        'SELECT arm, version FROM task_configurations WHERE company_id = $1 AND root_task_id = $2',
        [id, after.id],
      );
      const assigned = late.rows[0];
      // Never the rolled-back version again. The loop may already run its next rollout (another
      // candidate, whose arm this goal's hash can pick); otherwise the goal runs on version 1.
      expect(assigned?.version).not.toBe(version);
      if (assigned?.arm === 'candidate') {
        const { rollout } = await configuration.rollout(id, assigned.version);
        expect(rollout.candidateVersion).toBeGreaterThan(version);
      } else {
        expect(assigned?.version).toBe(1);
      }
      // The baseline's revised goals passed: the signals no longer support the rolled-back change.
      const next = await until(
        'the next proposal',
        async () => {
          const history = await configuration.improvementHistory(id);
          return history.find((record) => record.id > proposal.id);
        },
        60_000,
      );
      expect(next.patch.policies).toBeUndefined();
      await configuration.pauseImprovement(id);
    });
  }, 300_000);

  it('a loop whose first stage is above 10% is blocked by the blast-radius guard, and that is recorded', async () => {
    await env.withWorker(async () => {
      const id = 'loop-blocked';
      await startCompanyWithMemos(env.client, id);
      await env.client.configuration.startImprovement(id, {
        mode: 'autonomous',
        every: '1s',
        stages: [
          { percent: 50, minSamples: 1, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
      });
      const [blocked] = await until('a blocked proposal', async () => {
        const history = await env.client.configuration.improvementHistory(id);
        return history.length > 0 ? history : undefined;
      });
      expect(blocked?.status).toBe('BLOCKED');
      expect(blocked?.guards.find((guard) => !guard.ok)).toMatchObject({
        guard: 'blast-radius',
        detail: 'first stage 50% (at most 10%)',
      });
      expect(await env.client.configuration.rollouts(id)).toEqual([]);
      await env.client.configuration.pauseImprovement(id);
    });
  }, 180_000);
});
