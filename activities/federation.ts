import { heartbeat, Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { TaskState } from '@a2a-js/sdk';
import type { Message, Task } from '@a2a-js/sdk';
import type { Pool } from 'pg';
import type { AgentSpec } from '../src/config/schemas.ts';
import { companyMonth, recordLedgerRow } from '../src/db/ledger.ts';
import type { BuyerMove, Offer, QuoteRequest, SellerReply, SellerSituation } from '../src/domain/negotiation.ts';
import { negotiationExtensionUri } from '../src/federation/agent-card.ts';
import { messageText, userMessage } from '../src/federation/a2a-parts.ts';
import { partnerClient } from '../src/federation/partner-client.ts';
import { partnerEndpoint } from '../src/federation/partners.ts';
import { durationToMs } from '../src/domain/duration.ts';
import { terminalA2AStates } from '../src/federation/task-states.ts';

/** Failure types the negotiation workflows match. */
export const federationFailures = {
  unknownPartner: 'UnknownPartner',
  partnerRefused: 'PartnerRefused',
} as const;

export interface FederationActivityDependencies {
  pool: Pool;
}

export interface PartnerOffer {
  partnerId: string;
  offer: Offer;
}

export interface RemoteOutcome {
  state: 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'REJECTED';
  result: string;
}

/** Federation activities: the seller's view of itself, settlements, and calls to partners over A2A. */
export function createFederationActivities({ pool }: FederationActivityDependencies) {
  async function clientFor(companyId: string, partnerId: string) {
    const endpoint = await partnerEndpoint(pool, companyId, partnerId);
    if (!endpoint) {
      throw ApplicationFailure.nonRetryable(
        `company ${companyId} has no partner "${partnerId}" with an address`,
        federationFailures.unknownPartner,
      );
    }
    return partnerClient(endpoint.url, endpoint.outboundKey);
  }

  async function sendMove(
    companyId: string,
    partnerId: string,
    move: BuyerMove,
    messageId: string,
  ): Promise<SellerReply> {
    const client = await clientFor(companyId, partnerId);
    const message: Message = {
      ...userMessage(move.kind, messageId, { negotiation: move }),
      extensions: [negotiationExtensionUri],
    };
    const reply = await client.sendMessage({ tenant: '', message, configuration: undefined, metadata: undefined });
    const answer = 'messageId' in reply ? reply.metadata?.negotiation : undefined;
    if (!answer || typeof answer !== 'object') {
      throw ApplicationFailure.nonRetryable(
        `partner ${partnerId} answered the ${move.kind} without a negotiation reply`,
        federationFailures.partnerRefused,
      );
    }
    return answer as SellerReply;
  }

  return {
    /** Partners with an address whose cached card offers the skill (or that have no card cached yet). */
    async delegationPartners(input: { companyId: string; skill: string }): Promise<string[]> {
      const { rows } = await pool.query<{ partner_id: string }>(
        `SELECT partner_id FROM federation_partners
          WHERE company_id = $1 AND url IS NOT NULL AND url NOT LIKE 'nexus:%'
            AND (card IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(card->'skills') skill WHERE skill->>'id' = $2))
          ORDER BY partner_id`,
        [input.companyId, input.skill],
      );
      return rows.map((row) => row.partner_id);
    },

    /** Partners on this Temporal cluster reached over Nexus (`nexus:<endpoint>`), by partner id. */
    async nexusDelegationPartners(input: { companyId: string }): Promise<{ partnerId: string; endpoint: string }[]> {
      const { rows } = await pool.query<{ partner_id: string; url: string }>(
        `SELECT partner_id, url FROM federation_partners WHERE company_id = $1 AND url LIKE 'nexus:%' ORDER BY partner_id`,
        [input.companyId],
      );
      return rows.map((row) => ({ partnerId: row.partner_id, endpoint: row.url.slice('nexus:'.length) }));
    },

    /** An ISO time `duration` from now (workflows take no wall-clock time of their own). */
    async deadlineFromNow(input: { duration: string }): Promise<string> {
      return new Date(Date.now() + durationToMs(input.duration)).toISOString();
    },

    /** How the seller stands for a skill: best proficiency, tasks in flight, budget left this month. */
    async sellerSituation(input: { companyId: string; skill: string }): Promise<SellerSituation> {
      const { rows } = await pool.query<{
        template: { agents?: AgentSpec[] };
        limit: string;
        spent: string | null;
        active: string;
      }>(
        `SELECT c.template, c.monthly_budget_usd AS limit,
                (SELECT cost_usd FROM spend_totals s WHERE s.company_id = c.id AND s.agent_id = ''
                   AND s.month = ${companyMonth('c.id')}) AS spent,
                (SELECT count(*) FROM tasks t WHERE t.company_id = c.id
                   AND t.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')) AS active
           FROM companies c WHERE c.id = $1`,
        [input.companyId],
      );
      const row = rows[0];
      if (!row) throw ApplicationFailure.nonRetryable(`no company ${input.companyId} in the database`);
      const proficiencies = (row.template.agents ?? []).flatMap((agent) =>
        (agent.skills ?? []).filter((skill) => skill.id === input.skill).map((skill) => skill.proficiency),
      );
      return {
        proficiency: proficiencies.length > 0 ? Math.max(...proficiencies) : undefined,
        activeTasks: Number(row.active),
        budgetLeftUsd: Number(row.limit) - Number(row.spent ?? 0),
        now: Date.now(),
      };
    },

    /** The seller's credit for an accepted offer: once per offer. */
    async creditAcceptedOffer(input: { companyId: string; partnerId: string; offerId: string; priceUsd: number }) {
      await pool.query(
        `INSERT INTO federation_settlements (company_id, offer_id, direction, partner_id, amount_usd)
         VALUES ($1, $2, 'credit', $3, $4) ON CONFLICT DO NOTHING`,
        [input.companyId, input.offerId, input.partnerId, input.priceUsd],
      );
    },

    /**
     * The buyer's charge for an accepted offer: a ledger row (so the company's budget counts it) and a
     * settlement, in one transaction, keyed by the offer, so a retry charges nothing more.
     */
    async chargeAcceptedOffer(input: {
      companyId: string;
      partnerId: string;
      offerId: string;
      priceUsd: number;
      taskId: string;
      agentId: string;
      workflowId: string;
    }): Promise<boolean> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const charged = await recordLedgerRow(client, {
          callKey: `federation:charge:${input.companyId}:${input.offerId}`,
          companyId: input.companyId,
          taskId: input.taskId,
          workflowId: input.workflowId,
          agentId: input.agentId,
          model: `partner:${input.partnerId}`,
          offline: false,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: input.priceUsd,
          response: { offerId: input.offerId, partnerId: input.partnerId },
        });
        await client.query(
          `INSERT INTO federation_settlements (company_id, offer_id, direction, partner_id, amount_usd, task_id)
           VALUES ($1, $2, 'charge', $3, $4, $5) ON CONFLICT DO NOTHING`,
          [input.companyId, input.offerId, input.partnerId, input.priceUsd, input.taskId],
        );
        await client.query('COMMIT');
        return charged;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    /** Asks each partner for a quote; a partner that cannot be reached or declines is left out. */
    async requestQuotes(input: {
      companyId: string;
      partners: string[];
      request: QuoteRequest;
    }): Promise<{ offers: PartnerOffer[]; declined: { partnerId: string; reason: string }[] }> {
      const offers: PartnerOffer[] = [];
      const declined: { partnerId: string; reason: string }[] = [];
      await Promise.all(
        input.partners.map(async (partnerId) => {
          try {
            const reply = await sendMove(
              input.companyId,
              partnerId,
              { kind: 'rfq', ...input.request },
              `${input.request.rfqId}:rfq`,
            );
            if (reply.kind === 'offer') offers.push({ partnerId, offer: reply.offer });
            else declined.push({ partnerId, reason: reply.kind === 'declined' ? reply.reason : reply.kind });
          } catch (error) {
            declined.push({ partnerId, reason: error instanceof Error ? error.message : String(error) });
          }
        }),
      );
      offers.sort((a, b) => a.partnerId.localeCompare(b.partnerId));
      declined.sort((a, b) => a.partnerId.localeCompare(b.partnerId));
      return { offers, declined };
    },

    /** One buyer move (counter, accept, reject); its message id makes a retried move one move. */
    async negotiate(input: {
      companyId: string;
      partnerId: string;
      move: BuyerMove;
      messageId: string;
    }): Promise<SellerReply> {
      return sendMove(input.companyId, input.partnerId, input.move, input.messageId);
    },

    /** Sends the accepted work; the message id makes a retried send the same remote task. */
    async sendDelegatedTask(input: {
      companyId: string;
      partnerId: string;
      offerId: string;
      rfqId: string;
      brief: string;
      messageId: string;
    }): Promise<string> {
      const client = await clientFor(input.companyId, input.partnerId);
      const message: Message = {
        ...userMessage(input.brief, input.messageId, {
          negotiation: { kind: 'task', offerId: input.offerId, rfqId: input.rfqId },
        }),
        extensions: [negotiationExtensionUri],
      };
      const reply = await client.sendMessage({
        tenant: '',
        message,
        configuration: {
          acceptedOutputModes: ['text/plain'],
          taskPushNotificationConfig: undefined,
          returnImmediately: true,
        },
        metadata: undefined,
      });
      if ('messageId' in reply) {
        throw ApplicationFailure.nonRetryable(
          `partner ${input.partnerId} answered the task with a message: ${messageText(reply)}`,
          federationFailures.partnerRefused,
        );
      }
      return reply.id;
    },

    /** Waits for the partner's task to end, heartbeating, so a dead worker is noticed in seconds. */
    async awaitRemoteTask(input: {
      companyId: string;
      partnerId: string;
      remoteTaskId: string;
      pollIntervalMs?: number;
    }): Promise<RemoteOutcome> {
      const client = await clientFor(input.companyId, input.partnerId);
      const signal = Context.current().cancellationSignal;
      for (;;) {
        heartbeat();
        const task: Task = await client.getTask({ tenant: '', id: input.remoteTaskId });
        const state = task.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED;
        if (terminalA2AStates.includes(state)) {
          const result = task.artifacts
            .flatMap((artifact) => artifact.parts)
            .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
            .join('\n');
          return {
            state:
              state === TaskState.TASK_STATE_COMPLETED
                ? 'COMPLETED'
                : state === TaskState.TASK_STATE_CANCELED
                  ? 'CANCELLED'
                  : state === TaskState.TASK_STATE_REJECTED
                    ? 'REJECTED'
                    : 'FAILED',
            result: result || messageText(task.status?.message),
          };
        }
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, input.pollIntervalMs ?? 1_000);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              reject(new Error('cancelled'));
            },
            { once: true },
          );
        });
      }
    },

    /** Asks the partner to cancel its task (the delegation was cancelled here). */
    async cancelRemoteTask(input: { companyId: string; partnerId: string; remoteTaskId: string }): Promise<void> {
      const client = await clientFor(input.companyId, input.partnerId);
      await client.cancelTask({ tenant: '', id: input.remoteTaskId, metadata: undefined }).catch((error: unknown) => {
        // A task that already ended cannot be cancelled; that is the outcome wanted anyway.
        if (!/not cancelable|terminal/i.test(String(error))) throw error;
      });
    },
  };
}
