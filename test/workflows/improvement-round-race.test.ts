/**
 * A round of the improvement loop reads its signals, proposes from them, then reads the guards' facts again: two
 * activity calls, each one snapshot (test/workflows/improvement-facts.test.ts), but not one snapshot together. A
 * rollout promoted between them left the old version's signals beside guards that saw no rollout running, and the loop
 * proposed again what the promoted version already held (CI, rounds 20 and 34: improvement-loop's "proposal 3 awaits
 * approval" after the promotion). Here the promotion is committed right after the round's first read, every time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Proposal } from '../../src/domain/improvement.ts';
import { proposeByRules } from '../../src/domain/improvement.ts';
import { createVersion } from '../../src/db/configuration-store.ts';
import { openRollout, updateRollout } from '../../src/db/rollout-store.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { startCompanyWithMemos } from '../helpers/improvement-warmup.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  // A namespace of its own: improvement-loop.test.ts runs a company of the same id (whose rejections are known).
  env = await startSynthorgTestEnv({}, { ownNamespace: true });
});
afterAll(async () => {
  await env?.stop();
});

describe('a round of the improvement loop', () => {
  it('proposes nothing from signals of a version a promotion replaced while the round read them', async () => {
    const id = 'loop-manual';
    let candidate = 0;
    let promotions = 0;
    let proposalBeforePromotion: Proposal | undefined;
    await env.withWorker(
      async () => {
        // The same goals as improvement-loop.test.ts's first test: the rule proposes from their rejections under v1.
        await startCompanyWithMemos(env.client, id);
        // A candidate under rollout (opened in the table: the loop reads rollouts there, not their workflows).
        candidate = (
          await createVersion(env.pool, {
            companyId: id,
            patch: { roles: { 'Operations Engineer': { instructions: 'Show evidence for every claim.' } } },
            author: 'operator',
            reason: 'the race test',
            requestKey: 'race-v2',
          })
        ).version;
        await openRollout(env.pool, {
          companyId: id,
          candidateVersion: candidate,
          workflowId: 'rollout-race',
          mode: 'manual',
          author: 'operator',
          reason: 'the race test',
          stages: [{ percent: 100, minSamples: 1, maxDuration: '10m' }],
        });

        const configuration = env.client.configuration;
        await configuration.startImprovement(id, { mode: 'manual', every: '1s', checkEvery: '1s' });
        // Until a round under the promoted version, or a proposal (which holds the loop until someone decides).
        const status = await until('a round after the promotion', async () => {
          const now = await configuration.improvementStatus(id);
          return now.pending || now.lastOutcome?.includes(`under v${candidate}`) ? now : undefined;
        });

        // The race was real: the signals read before the promotion gave the rule something to propose.
        expect(promotions).toBe(1);
        expect(proposalBeforePromotion?.rationale).toContain('Operations Engineer had');
        expect(status.pending?.proposal.rationale ?? null).toBeNull();
        expect(status.lastOutcome).toMatch(
          new RegExp(`no proposal \\(\\d+ roles read under v${candidate}; no rule applies`),
        );
        expect(await configuration.improvementHistory(id)).toEqual([]);
      },
      {
        activities: (real) => ({
          ...real,
          async improvementFacts(input) {
            const facts = await real.improvementFacts(input);
            // The rollout ends (promoted) right after a round read its signals under v1, before the guards' read.
            if (facts.activeRollout !== null && promotions === 0) {
              proposalBeforePromotion = proposeByRules(facts.signals);
              await updateRollout(env.pool, {
                companyId: id,
                candidateVersion: candidate,
                status: 'PROMOTED',
                stageIndex: 0,
                percent: 100,
              });
              promotions++;
            }
            return facts;
          },
        }),
      },
    );
  }, 240_000);
});
