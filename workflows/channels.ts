import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createChannelActivities } from '../activities/channels.ts';
import type { ChannelMessage, InboundOutcome } from '../src/federation/channels.ts';
import type { TranscriptEntry } from '../src/domain/agent-action.ts';
import { channelOutboxSignal, channelProgressQuery, channelReceiveUpdate } from './contracts/channels.ts';
import type { ChannelOutboxInput, ChannelRef } from './contracts/channels.ts';

type ChannelActivities = ReturnType<typeof createChannelActivities>;

const store = proxyActivities<ChannelActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds' },
});

/** How long one delivery attempt may take before Temporal tries again (also after its worker died). */
export const defaultChannelDeliveryTimeout = '30 seconds';

/** Delivery to the partner: retried until it answers (a partner down for a day gets it the next day). */
function deliveryActivities(input: ChannelOutboxInput) {
  return proxyActivities<ChannelActivities>({
    startToCloseTimeout: input.deliveryTimeout ?? defaultChannelDeliveryTimeout,
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}

/** A channel with nothing to send this long ends its run; the next message starts a new one. */
const idleTimeout = '10 minutes';

/**
 * The sender's side of one channel (`company:<co>:channel-out:<partner>:<channel>`), signalled with
 * start after each message is written to the outbox. It sends the outbox's messages one at a time in
 * sequence order, each only after the partner acknowledged the one before, retrying until it does;
 * the outbox in Postgres, not the signal, is what it sends, so a message whose signal was lost goes
 * out with the next one. The history shows each message (its sequence number, id and text).
 */
export async function channelOutboxWorkflow(input: ChannelOutboxInput): Promise<{ deliveredThrough: number }> {
  const ref: ChannelRef = { companyId: input.companyId, partnerId: input.partnerId, channel: input.channel };
  let deliveredThrough = input.deliveredThrough ?? 0;
  let nudged = true;
  const delivery = deliveryActivities(input);
  setHandler(channelOutboxSignal, () => void (nudged = true));
  setHandler(channelProgressQuery, () => ({ deliveredThrough }));
  for (;;) {
    if (!nudged && !(await condition(() => nudged, idleTimeout))) {
      const left = await store.pendingChannelMessages({ ...ref, afterSeq: deliveredThrough });
      if (left.length === 0 && !nudged) return { deliveredThrough };
    }
    nudged = false;
    const pending = await store.pendingChannelMessages({ ...ref, afterSeq: deliveredThrough });
    for (const message of pending) {
      await delivery.deliverChannelMessage({ ...ref, seq: message.seq, messageId: message.messageId });
      deliveredThrough = message.seq;
    }
    if (pending.length === 100) nudged = true; // a full page: there may be more
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      const { deliveryTimeout } = input;
      return continueAsNew<typeof channelOutboxWorkflow>({
        ...ref,
        deliveredThrough,
        ...(deliveryTimeout !== undefined ? { deliveryTimeout } : {}),
      });
    }
  }
}

/**
 * The receiver's side of one channel (`company:<co>:channel-in:<partner>:<channel>`), started with the
 * first message the A2A server receives on it: each arrival is an update (id = message id, so the same
 * delivery twice is one update) that stores the message once and in order. The history shows each
 * message that arrived.
 */
export async function channelInboxWorkflow(ref: ChannelRef): Promise<{ received: number }> {
  let received = 0;
  let arrivals = 0;
  setHandler(channelReceiveUpdate, async (envelope): Promise<InboundOutcome> => {
    arrivals++;
    const outcome = await store.storeChannelMessage({ companyId: ref.companyId, partnerId: ref.partnerId, envelope });
    if (outcome.status === 'stored') received++;
    return outcome;
  });
  for (;;) {
    const seen = arrivals;
    const more = await condition(() => arrivals !== seen, idleTimeout);
    if (!more || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (more) return continueAsNew<typeof channelInboxWorkflow>(ref);
      if (arrivals === seen) return { received };
    }
  }
}

/** Versioning: a root task starts with the company's latest channel messages in its transcript. */
export const channelInboxPatch = 'channel-inbox';

/**
 * What an agent reads of its company's channels when a root task starts: the latest messages partners
 * sent (at most five), as transcript notes. Subtasks get what their parent passes on.
 */
export async function channelInboxNotes(input: {
  companyId: string;
  parentId: string | null;
}): Promise<TranscriptEntry[]> {
  if (input.parentId !== null) return [];
  return channelNotes(await store.recentChannelMessages({ companyId: input.companyId, limit: inboxLimit }));
}

/** How many of the company's latest channel messages a root task reads. */
export const inboxLimit = 5;

/** Channel messages as the transcript notes an agent reads. */
export function channelNotes(messages: ChannelMessage[]): TranscriptEntry[] {
  return messages.map((message) => ({
    kind: 'note' as const,
    text: `channel message from ${message.partnerId} on #${message.channel} (${message.sender}, #${message.seq}): ${message.body.slice(0, 500)}`,
  }));
}
