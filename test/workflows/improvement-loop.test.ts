import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesSource } from '../../src/domain/improvement.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

/** Goal titles under which the simulator's reviewer sends back some first drafts (its choice hashes id and title). */
const topics = [
  'pricing',
  'hiring',
  'roadmap',
  'security',
  'billing',
  'support',
  'onboarding',
  'analytics',
  'backups',
  'alerts',
  'docs',
  'search',
  'exports',
  'invoices',
  'audits',
  'retention',
  'quotas',
  'webhooks',
  'themes',
  'locales',
];

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('the improvement loop with the offline model', () => {
  it('proposal → guards → kill switch → manual approval → staged rollout → promotion, all recorded', async () => {
    await env.withWorker(async () => {
      const id = 'loop-manual';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 100 }) });
      // Signals first: the simulator's reviewer sends back about one first draft in four.
      const warmup = [];
      for (const topic of topics.slice(0, 8))
        warmup.push(await env.client.submitGoal(id, `[steps=1] Memo on ${topic}`));
      for (const goal of warmup) await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 });

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
      const pending = await eventually(
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

      const rolling = await eventually(async () => {
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
      const promoted = await eventually(async () => {
        const { rollout } = await configuration.rollout(id, version);
        if (rollout.status === 'PROMOTED') return rollout;
        // A manual loop's rollouts are manual too: the operator approves the stage once its gate passed.
        if (rollout.status === 'AWAITING_APPROVAL') {
          await configuration.approveRollout(id, version, { stage: 1, reason: 'gate passed' });
          return undefined;
        }
        if (rollout.status !== 'RUNNING') throw new Error(`rollout ended ${rollout.status}: ${rollout.decision}`);
        // One goal at a time, each to its end: how many run under each version must not depend on how
        // fast this machine is, or the signals the next round reads would.
        if (index < 60) {
          const goal = await env.client.submitGoal(id, `[steps=1] Brief ${++index}`);
          await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 });
        }
        return undefined;
      }, 180_000);
      expect(promoted.stages[0]?.percent).toBe(10);
      expect((await configuration.show(id)).current).toBe(version);

      const outcome = await eventually(async () => {
        const history = await configuration.improvementHistory(id);
        const mine = history.find((proposal) => proposal.id === pending.id);
        return mine?.status === 'PROMOTED' ? mine : undefined;
      }, 30_000).catch(async (error: unknown) => {
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
      await eventually(async () => {
        const status = await configuration.improvementStatus(id);
        return status.lastOutcome?.includes('no proposal') ? status : undefined;
      });
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

  it('a loop whose first stage is above 10% is blocked by the blast-radius guard, and that is recorded', async () => {
    await env.withWorker(async () => {
      const id = 'loop-blocked';
      await env.client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 100 }) });
      const warmup = [];
      for (const topic of topics.slice(0, 8))
        warmup.push(await env.client.submitGoal(id, `[steps=1] Memo on ${topic}`));
      for (const goal of warmup) await env.client.waitForTask(id, goal.id, { pollIntervalMs: 300 });
      await env.client.configuration.startImprovement(id, {
        mode: 'autonomous',
        every: '1s',
        stages: [
          { percent: 50, minSamples: 1, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
      });
      const [blocked] = await eventually(async () => {
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
