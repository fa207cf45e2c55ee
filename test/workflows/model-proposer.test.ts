import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelProposalReply } from '../../src/domain/model-proposal.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { startCompanyWithMemos } from '../helpers/improvement-warmup.ts';
import { until } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('the model proposer on the offline simulator', () => {
  it('proposes through the model protocol (schema-valid reply, ledger row), then the guards and a manual decision', async () => {
    await env.withWorker(async () => {
      const id = 'proposer-offline';
      await startCompanyWithMemos(env.client, id);
      const configuration = env.client.configuration;
      await expect(configuration.startImprovement(id, { proposer: 'model', proposerModel: 'nope' })).rejects.toThrow(
        /proposer model: model "nope" is not of the form/,
      );

      await configuration.startImprovement(id, {
        mode: 'manual',
        every: '1s',
        proposer: 'model',
        proposerModel: 'offline',
        stages: [
          { percent: 10, minSamples: 1, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
      });
      const pending = await until(
        'a pending proposal',
        async () => (await configuration.improvementStatus(id)).pending ?? undefined,
      );
      expect(pending.proposal.source).toBe('model offline');
      expect(pending.proposal.rationale).toMatch(/^model: offline simulator \(rules, not a model\): rule /);
      expect(pending.proposal.patch.roles?.['Operations Engineer']?.instructions).toContain('concrete evidence');
      expect(pending.guards.every((guard) => guard.ok)).toBe(true);

      // The reply travelled as the protocol's JSON and is in the ledger, once per round, priced.
      const { rows } = await env.pool.query<{
        call_key: string;
        model: string;
        offline: boolean;
        response: { text: string };
      }>(
        `SELECT call_key, model, offline, response FROM ledger WHERE company_id = $1 AND agent_id = 'improvement-loop'`,
        [id],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows[0]?.call_key).toMatch(/^company:proposer-offline:improve#proposer-round-\d+$/);
      expect(rows[0]).toMatchObject({ model: 'offline', offline: true });
      const reply = modelProposalReply(['Operations Engineer', 'Operations Lead']).safeParse(
        JSON.parse(rows[0]?.response.text ?? '{}'),
      );
      expect(reply.success).toBe(true);

      await configuration.rejectProposal(id, pending.id, 'not now');
      const [rejected] = await configuration.improvementHistory(id);
      expect(rejected).toMatchObject({ id: pending.id, status: 'REJECTED', source: 'model offline' });
      await configuration.pauseImprovement(id);
    });
  }, 180_000);
});
