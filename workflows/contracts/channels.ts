import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ChannelEnvelope, InboundOutcome } from '../../src/federation/channels.ts';

/** One direction of one named channel between a company and a partner. */
export interface ChannelRef {
  companyId: string;
  partnerId: string;
  channel: string;
}

export interface ChannelOutboxInput extends ChannelRef {
  /** Sequence numbers up to this one were acknowledged by an earlier run (continue-as-new). */
  deliveredThrough?: number;
  /**
   * How long one delivery attempt may take (default 30 seconds), kept across continue-as-new. A delivery whose
   * worker died is tried again this long after it started: the attempt does not heartbeat (one HTTP request).
   */
  deliveryTimeout?: string;
}

/** A message written to the outbox (its id and sequence number), so the delivery workflow sends it. */
export const channelOutboxSignal = defineSignal<[{ seq: number; messageId: string }]>('channelOutbox');
export const channelProgressQuery = defineQuery<{ deliveredThrough: number }>('channelProgress');

/** A partner's message arriving at the receiver (update id = the message id). */
export const channelReceiveUpdate = defineUpdate<InboundOutcome, [ChannelEnvelope]>('channelReceive');

export function channelOutboxWorkflowId(ref: ChannelRef): string {
  return `company:${ref.companyId}:channel-out:${ref.partnerId}:${ref.channel}`;
}

export function channelInboxWorkflowId(ref: ChannelRef): string {
  return `company:${ref.companyId}:channel-in:${ref.partnerId}:${ref.channel}`;
}
