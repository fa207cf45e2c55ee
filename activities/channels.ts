import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import {
  channelPath,
  listChannelMessages,
  markAcknowledged,
  outboundEnvelope,
  pendingOutbound,
  storeInbound,
} from '../src/federation/channels.ts';
import type { ChannelEnvelope, ChannelMessage, InboundOutcome } from '../src/federation/channels.ts';

/** Activities of durable inter-company channels (docs/federation.md, "Channels"). */
export function createChannelActivities({ pool }: { pool: Pool }) {
  return {
    /** The outbox's next messages of a channel, in order (with their text, so the history shows them). */
    async pendingChannelMessages(input: {
      companyId: string;
      partnerId: string;
      channel: string;
      afterSeq: number;
    }): Promise<Pick<ChannelMessage, 'seq' | 'messageId' | 'sender' | 'body'>[]> {
      const messages = await pendingOutbound(pool, input);
      return messages.map(({ seq, messageId, sender, body }) => ({ seq, messageId, sender, body }));
    },

    /**
     * Sends one outbox message to the partner and records its acknowledgement. A failed or refused
     * delivery throws and is retried (a partner that stored it already acknowledges it again).
     */
    async deliverChannelMessage(input: {
      companyId: string;
      partnerId: string;
      channel: string;
      seq: number;
      messageId: string;
    }): Promise<{ outcome: 'stored' | 'duplicate' }> {
      const target = await outboundEnvelope(pool, input);
      if (!target) {
        throw ApplicationFailure.retryable(
          `partner ${input.partnerId} of ${input.companyId} has no address and key (or message #${input.seq} is gone)`,
          'ChannelPartnerUnreachable',
        );
      }
      const response = await fetch(`${target.url}${channelPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}` },
        body: JSON.stringify(target.envelope),
        signal: AbortSignal.timeout(20_000),
      });
      const answer = (await response.json().catch(() => ({}))) as { status?: string; error?: string };
      if (!response.ok || (answer.status !== 'stored' && answer.status !== 'duplicate')) {
        throw ApplicationFailure.retryable(
          `partner ${input.partnerId} did not acknowledge message #${input.seq} of #${input.channel}: HTTP ${response.status} ${answer.error ?? answer.status ?? ''}`.trim(),
          'ChannelDeliveryRefused',
        );
      }
      await markAcknowledged(pool, input);
      return { outcome: answer.status };
    },

    /** Stores a partner's message once and in order (the receiver's inbox workflow calls it). */
    async storeChannelMessage(input: {
      companyId: string;
      partnerId: string;
      envelope: ChannelEnvelope;
    }): Promise<InboundOutcome> {
      return storeInbound(pool, input);
    },

    /** The company's latest received channel messages, newest last (what agents read at a task's start). */
    async recentChannelMessages(input: { companyId: string; limit: number }): Promise<ChannelMessage[]> {
      return recentReceived(pool, input);
    },
  };
}

/** A company's latest received channel messages, newest last. */
export async function recentReceived(
  pool: Pool,
  input: { companyId: string; limit: number },
): Promise<ChannelMessage[]> {
  const received = await listChannelMessages(pool, { companyId: input.companyId, direction: 'in', limit: input.limit });
  return received.sort((a, b) => (a.ackedAt ?? '').localeCompare(b.ackedAt ?? ''));
}
