import type { Client } from '@temporalio/client';
import { enqueueChannelMessage, listChannelMessages } from '../federation/channels.ts';
import type { ChannelListFilter, ChannelMessage, OutboundChannelMessage } from '../federation/channels.ts';
import type { FederationClient } from '../federation/federation-client.ts';
import { channelOutboxSignal, channelOutboxWorkflowId } from '../../workflows/contracts/channels.ts';
import type { channelOutboxWorkflow } from '../../workflows/channels.ts';

/**
 * Durable inter-company channels from the client library (docs/federation.md, "Channels"); the CLI's
 * `synthorg channel` uses it. A send writes the message to the outbox (Postgres) and signals the
 * channel's delivery workflow with start; once `send` returns, the message will reach the partner, in
 * order and once, whatever restarts in between.
 */
export class ChannelClient {
  private readonly temporal: Client;
  private readonly taskQueue: string;
  private readonly federation: () => Promise<FederationClient>;

  constructor(temporal: Client, taskQueue: string, federation: () => Promise<FederationClient>) {
    this.temporal = temporal;
    this.taskQueue = taskQueue;
    this.federation = federation;
  }

  /** Sends a message on `channel` to the partner; the same `messageId` twice is one message. */
  async send(input: OutboundChannelMessage): Promise<ChannelMessage> {
    const { pool } = await this.federation();
    const message = await enqueueChannelMessage(pool, input);
    const ref = { companyId: input.companyId, partnerId: input.partnerId, channel: input.channel };
    await this.temporal.workflow.signalWithStart<typeof channelOutboxWorkflow, [{ seq: number; messageId: string }]>(
      'channelOutboxWorkflow',
      {
        workflowId: channelOutboxWorkflowId(ref),
        taskQueue: this.taskQueue,
        args: [ref],
        signal: channelOutboxSignal,
        signalArgs: [{ seq: message.seq, messageId: message.messageId }],
        staticSummary: `Channel #${ref.channel} from ${ref.companyId} to ${ref.partnerId}`,
      },
    );
    return message;
  }

  /** The company's channel messages, sent and received (filter by partner, channel, direction). */
  async list(filter: ChannelListFilter): Promise<ChannelMessage[]> {
    const { pool } = await this.federation();
    return listChannelMessages(pool, filter);
  }
}
