import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { SynthorgConfig } from '../src/config/env.ts';
import { companySnapshot } from '../src/db/configuration-store.ts';
import { recordLedgerRow } from '../src/db/ledger.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { costOf } from '../src/domain/budget.ts';
import type { ImprovementSignals, Proposal } from '../src/domain/improvement.ts';
import {
  UnusableProposalError,
  modelProposalJsonSchema,
  modelProposalReply,
  modelProposerPrompt,
  modelProposerSystem,
  proposalFromReply,
} from '../src/domain/model-proposal.ts';
import type { ModelProposalReply } from '../src/domain/model-proposal.ts';
import { resolveModelName } from '../src/llm/model-names.ts';
import { offlineProposalReply } from '../src/llm/offline-proposer.ts';
import { priceFor } from '../src/llm/prices.ts';
import { isPermanentModelError } from '../src/llm/provider-model.ts';
import { UnusableStructuredReplyError, callStructured } from '../src/llm/structured-call.ts';
import { withHeartbeats } from './heartbeats.ts';

export interface ModelProposalInput {
  companyId: string;
  workflowId: string;
  round: number;
  model: string;
  signals: ImprovementSignals;
}

export interface ModelProposalOutcome {
  /** The proposal, or null when the model proposed none (or nothing usable: see `reason`). */
  proposal: Proposal | null;
  model: string;
  offline: boolean;
  reason: string;
}

/** Enough for the flat reply with a few sentences of instructions and rationale. */
const proposerMaxOutputTokens = 400;

/** The loop's model proposer (docs/self-improvement.md, "The model proposer"), one call per round. */
export function createModelProposalActivities({ pool, config }: { pool: Pool; config: SynthorgConfig }) {
  return {
    async proposeByModel(input: ModelProposalInput): Promise<ModelProposalOutcome> {
      // One ledger row per round: a retried activity returns what the first attempt was told, and pays once.
      const callKey = `${input.workflowId}#proposer-round-${input.round}`;
      const { rows } = await pool.query<{ response: { outcome?: ModelProposalOutcome } }>(
        'SELECT response FROM ledger WHERE call_key = $1',
        [callKey],
      );
      if (rows[0]?.response.outcome) return rows[0].response.outcome;

      const model = resolveModelName(input.model, config);
      const company = await companySnapshot(pool, input.companyId);
      const roles = [...new Set(company.agents.map((agent) => agent.role))].sort();
      const validator = modelProposalReply(roles);
      const prompt = modelProposerPrompt(input.signals);
      const source = `model ${model}`;
      let reply: ModelProposalReply | undefined;
      let text = '';
      let spend = { model, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      let reason = 'no reply';
      if (model === 'offline') {
        reply = validator.parse(offlineProposalReply(input.signals, roles));
        text = JSON.stringify(reply);
        const usage = { inputTokens: Math.ceil(prompt.length / 4), outputTokens: Math.ceil(text.length / 4) };
        spend = { model, ...usage, costUsd: costOf(usage, priceFor('offline').price) };
      } else {
        try {
          const result = await withHeartbeats(() =>
            callStructured(
              {
                model,
                system: modelProposerSystem,
                prompt,
                name: 'configuration_proposal',
                jsonSchema: modelProposalJsonSchema(roles),
                validator,
                maxOutputTokens: proposerMaxOutputTokens,
              },
              config,
            ),
          );
          reply = result.value;
          text = result.text;
          spend = result.spend;
        } catch (error) {
          if (error instanceof UnusableStructuredReplyError) {
            text = error.excerpt;
            spend = error.spend;
          } else if (isPermanentModelError(error)) {
            throw ApplicationFailure.nonRetryable(
              `model proposer on ${model}: ${(error as Error).message}`,
              FailureType.invalidInput,
            );
          } else throw error;
          reason = `unusable reply: ${(error as Error).message}`;
        }
      }
      let proposal: Proposal | null = null;
      if (reply) {
        try {
          proposal = proposalFromReply(reply, source) ?? null;
          reason = proposal
            ? `proposed a ${reply.change} change`
            : `proposed no change: ${reply.rationale.slice(0, 200)}`;
        } catch (error) {
          if (!(error instanceof UnusableProposalError)) throw error;
          reason = `unusable proposal: ${error.message}`;
        }
      }
      const outcome: ModelProposalOutcome = { proposal, model, offline: model === 'offline', reason };
      await recordLedgerRow(pool, {
        callKey,
        companyId: input.companyId,
        taskId: 'improvement-loop',
        workflowId: input.workflowId,
        agentId: 'improvement-loop',
        model,
        offline: model === 'offline',
        inputTokens: spend.inputTokens,
        outputTokens: spend.outputTokens,
        costUsd: spend.costUsd,
        response: { outcome, text: text.slice(0, 4000) },
      });
      return outcome;
    },
  };
}
