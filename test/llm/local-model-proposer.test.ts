import { describe, expect, it } from 'vitest';
import { modelProposalReply } from '../../src/domain/model-proposal.ts';
import type { EvaluationReport } from '../../workflows/contracts/evaluation.ts';
import { localTestModel, logLine, useLocalModelEnv } from '../helpers/local-model.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { startCompanyWithMemos } from '../helpers/improvement-warmup.ts';
import { until } from '../helpers/until.ts';

const model = localTestModel;
const log = logLine;

let env: SynthorgTestEnv;
useLocalModelEnv((started) => (env = started));

const figures = (report: EvaluationReport) =>
  `v${report.version}: tuned ${report.tuned.passed}/${report.tuned.tasks} (${report.tuned.checksPassed}/${report.tuned.checks} checks), ` +
  `held-out ${report.heldOut.passed}/${report.heldOut.tasks} (${report.heldOut.checksPassed}/${report.heldOut.checks} checks)`;

describe('the model proposer and the evaluation harness on the local real model (SmolLM2-135M on llama.cpp)', () => {
  it('a round proposes through the protocol (schema-valid JSON, ledger row), and the evaluation set runs on it', async () => {
    await env.withWorker(async () => {
      const id = 'proposer-local';
      // The company's own agents stay on the offline simulator: only the proposer and the evaluation use the local model.
      await startCompanyWithMemos(
        env.client,
        id,
        duoTemplate({ oversight: 'full', budgetUsd: 100, policies: { maxOutputTokens: 96 } }),
      );

      const configuration = env.client.configuration;
      await configuration.startImprovement(id, {
        mode: 'manual',
        every: '1s',
        proposer: 'model',
        proposerModel: model,
        stages: [
          { percent: 10, minSamples: 1, maxDuration: '10m' },
          { percent: 100, minSamples: 1, maxDuration: '10m' },
        ],
      });
      const status = await until(
        'a round of the improvement loop',
        async () => {
          const current = await configuration.improvementStatus(id);
          return current.rounds >= 1 && (current.pending || current.lastOutcome?.startsWith('round'))
            ? current
            : undefined;
          // The 135M model's reply (up to 400 tokens, a repair at most) took over ten minutes on the shared
          // 2-core machine under load; the local company test's nine steps took thirty.
        },
        2_400_000,
      );
      await configuration.pauseImprovement(id).catch(() => undefined);

      // Protocol, not prose: the proposer's call went to the local model, was paid in tokens, and its
      // reply was schema-valid JSON (json_schema through llama.cpp; a repair at most).
      const { rows } = await env.pool.query<{
        model: string;
        offline: boolean;
        input_tokens: number;
        output_tokens: number;
        response: { outcome: { reason: string; proposal: unknown }; text: string };
      }>(
        `SELECT model, offline, input_tokens, output_tokens, response FROM ledger
          WHERE company_id = $1 AND agent_id = 'improvement-loop' ORDER BY id`,
        [id],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      const first = rows[0]!;
      log(`local proposer: ${first.response.outcome.reason}; reply ${first.response.text.slice(0, 300)}`);
      expect(first).toMatchObject({ model, offline: false });
      expect(first.input_tokens).toBeGreaterThan(0);
      expect(first.output_tokens).toBeGreaterThan(0);
      expect(first.response.outcome.reason).not.toMatch(/^unusable reply/);
      const reply = modelProposalReply(['Operations Engineer', 'Operations Lead']).safeParse(
        JSON.parse(first.response.text),
      );
      expect(reply.success, first.response.text).toBe(true);
      if (status.pending) {
        expect(status.pending.proposal.source).toBe(`model ${model}`);
        expect(status.pending.guards.map((guard) => guard.guard)).toContain('scope');
      } else {
        expect(status.lastOutcome).toMatch(
          new RegExp(`no proposal \\(${model}: (proposed no change|unusable proposal)`),
        );
      }

      // The evaluation set on the same model: the baseline, and the proposal's version when there is one.
      const baseline = await configuration.evaluate({ companyId: id, model });
      expect(baseline).toMatchObject({ model, offline: false, tuned: { tasks: 4 }, heldOut: { tasks: 4 } });
      log(`local eval baseline ${figures(baseline)}`);
      if (status.pending) {
        const version = await configuration.propose(id, status.pending.proposal.patch, {
          reason: 'the local proposer’s change',
        });
        const changed = await configuration.evaluate({ companyId: id, version: version.version, model });
        log(`local eval of the proposal ${figures(changed)}`);
        expect(changed.version).toBe(version.version);
      }
    });
  }, 3_600_000);
});
