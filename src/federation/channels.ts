import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../client/types.ts';
import { isValidCompanyId } from '../domain/ids.ts';

/**
 * Durable inter-company channels (docs/federation.md, "Channels"): the Postgres side. A message is
 * written to the sender's outbox with the next sequence number of its channel and an HMAC signature,
 * delivered by the sender's `channelOutboxWorkflow` in order, and stored once in the receiver's inbox
 * by its `channelInboxWorkflow` (a sequence number seen twice is acknowledged, not stored again).
 */

/** The path a partner's A2A server takes channel messages at (src/federation/channel-route.ts). */
export const channelPath = '/channels/v1/messages';

/** Largest message body, in characters. */
export const maxChannelBody = 8_000;

const channelNamePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function checkChannelName(channel: string): string {
  if (!channelNamePattern.test(channel)) {
    throw new InvalidInputError(
      `bad channel "${channel}": use 1-63 lowercase letters, digits and "-", starting with a letter or digit (e.g. "ops")`,
    );
  }
  return channel;
}

/** The signing secret of channel messages sent with a partner key: an HMAC of the key, never the key. */
export function channelSecret(partnerKey: string): string {
  return createHmac('sha256', partnerKey).update('synthorg-channel-v1').digest('hex');
}

/** What a channel message signature covers (the companies are the authenticated partner and the receiver). */
export interface SignedChannelFields {
  channel: string;
  seq: number;
  messageId: string;
  sender: string;
  body: string;
  sentAt: string;
}

export function signChannelMessage(secret: string, fields: SignedChannelFields): string {
  const canonical = JSON.stringify([
    fields.channel,
    fields.seq,
    fields.messageId,
    fields.sender,
    fields.body,
    fields.sentAt,
  ]);
  return createHmac('sha256', secret).update(canonical).digest('base64url');
}

export function verifyChannelSignature(secret: string, fields: SignedChannelFields, signature: string): boolean {
  const expected = Buffer.from(signChannelMessage(secret, fields));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The body a sender's delivery POSTs to `<partner url>/channels/v1/messages`. */
export const channelEnvelopeSchema = z.object({
  channel: z.string().regex(channelNamePattern, 'a channel name (lowercase letters, digits, "-")'),
  seq: z.number().int().positive(),
  messageId: z.string().min(1).max(200),
  sender: z.string().min(1).max(200),
  body: z.string().min(1).max(maxChannelBody),
  sentAt: z.string().datetime(),
  signature: z.string().min(1).max(200),
});
export type ChannelEnvelope = z.infer<typeof channelEnvelopeSchema>;

/** A channel message as either side lists it. */
export interface ChannelMessage {
  companyId: string;
  partnerId: string;
  channel: string;
  direction: 'out' | 'in';
  seq: number;
  messageId: string;
  sender: string;
  body: string;
  sentAt: string;
  /** 'out': acknowledged by the partner (null while it waits in the outbox); 'in': when it arrived. */
  ackedAt: string | null;
}

interface MessageRow {
  company_id: string;
  partner_id: string;
  channel: string;
  direction: 'out' | 'in';
  seq: string;
  message_id: string;
  sender: string;
  body: string;
  sent_at: Date;
  acked_at: Date | null;
  signature: string;
}

function toMessage(row: MessageRow): ChannelMessage {
  return {
    companyId: row.company_id,
    partnerId: row.partner_id,
    channel: row.channel,
    direction: row.direction,
    seq: Number(row.seq),
    messageId: row.message_id,
    sender: row.sender,
    body: row.body,
    sentAt: row.sent_at.toISOString(),
    ackedAt: row.acked_at ? row.acked_at.toISOString() : null,
  };
}

const messageColumns =
  'company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at, acked_at, signature';

async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const value = await fn(client);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface OutboundChannelMessage {
  companyId: string;
  partnerId: string;
  channel: string;
  body: string;
  /** Who sends it: an agent id or "operator". */
  sender?: string;
  /** Makes a retried send one message (defaults to a fresh id). */
  messageId?: string;
}

/**
 * Writes a message to the outbox with its channel's next sequence number, signed with the secret
 * derived from the key the partner issued us. The same message id twice is one message.
 */
export async function enqueueChannelMessage(pool: Pool, input: OutboundChannelMessage): Promise<ChannelMessage> {
  if (!isValidCompanyId(input.partnerId)) {
    throw new InvalidInputError(`bad partner id "${input.partnerId}": use 1-63 lowercase letters, digits and "-"`);
  }
  checkChannelName(input.channel);
  if (input.body.trim() === '') throw new InvalidInputError('bad message: the text is empty');
  if (input.body.length > maxChannelBody) {
    throw new InvalidInputError(`bad message: ${input.body.length} characters, at most ${maxChannelBody}`);
  }
  const sender = input.sender ?? 'operator';
  const messageId = input.messageId ?? randomUUID();
  return inTransaction(pool, async (client) => {
    const partner = await client.query<{ url: string | null; outbound_key: string | null }>(
      'SELECT url, outbound_key FROM federation_partners WHERE company_id = $1 AND partner_id = $2',
      [input.companyId, input.partnerId],
    );
    const row = partner.rows[0];
    if (!row) throw new NotFoundError(`company "${input.companyId}" has no partner "${input.partnerId}"`);
    if (row.url?.startsWith('nexus:')) {
      throw new InvalidInputError(`partner "${input.partnerId}" is a Nexus partner; channels need its A2A address`);
    }
    if (!row.url || !row.outbound_key) {
      throw new InvalidInputError(
        `partner "${input.partnerId}" has no address and key to send to: add it with "synthorg partner add ${input.companyId} ${input.partnerId} <url> --key <key>"`,
      );
    }
    const existing = await client.query<MessageRow>(
      `SELECT ${messageColumns} FROM channel_messages
        WHERE company_id = $1 AND partner_id = $2 AND direction = 'out' AND message_id = $3`,
      [input.companyId, input.partnerId, messageId],
    );
    if (existing.rows[0]) return toMessage(existing.rows[0]);
    const cursor = await client.query<{ seq: string }>(
      `INSERT INTO channel_cursors (company_id, partner_id, channel, next_out_seq) VALUES ($1, $2, $3, 2)
       ON CONFLICT (company_id, partner_id, channel) DO UPDATE SET next_out_seq = channel_cursors.next_out_seq + 1
       RETURNING next_out_seq - 1 AS seq`,
      [input.companyId, input.partnerId, input.channel],
    );
    const seq = Number(cursor.rows[0]!.seq);
    const sentAt = new Date().toISOString();
    const fields = { channel: input.channel, seq, messageId, sender, body: input.body, sentAt };
    const signature = signChannelMessage(channelSecret(row.outbound_key), fields);
    const inserted = await client.query<MessageRow>(
      `INSERT INTO channel_messages (company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at, signature)
       VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, $8, $9) RETURNING ${messageColumns}`,
      [input.companyId, input.partnerId, input.channel, seq, messageId, sender, input.body, sentAt, signature],
    );
    return toMessage(inserted.rows[0]!);
  });
}

/** Outbox messages of a channel after `afterSeq`, in order (what the delivery workflow sends next). */
export async function pendingOutbound(
  pool: Pool,
  input: { companyId: string; partnerId: string; channel: string; afterSeq: number },
): Promise<ChannelMessage[]> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT ${messageColumns} FROM channel_messages
      WHERE company_id = $1 AND partner_id = $2 AND channel = $3 AND direction = 'out' AND seq > $4
        AND acked_at IS NULL
      ORDER BY seq LIMIT 100`,
    [input.companyId, input.partnerId, input.channel, input.afterSeq],
  );
  return rows.map(toMessage);
}

/** The signed envelope of one outbox message, and where and with which key to send it. */
export async function outboundEnvelope(
  pool: Pool,
  input: { companyId: string; partnerId: string; channel: string; seq: number },
): Promise<{ url: string; key: string; envelope: ChannelEnvelope } | undefined> {
  const { rows } = await pool.query<MessageRow & { url: string | null; outbound_key: string | null }>(
    `SELECT m.company_id, m.partner_id, m.channel, m.direction, m.seq, m.message_id, m.sender, m.body, m.sent_at,
            m.acked_at, m.signature, p.url, p.outbound_key
       FROM channel_messages m
       JOIN federation_partners p ON p.company_id = m.company_id AND p.partner_id = m.partner_id
      WHERE m.company_id = $1 AND m.partner_id = $2 AND m.channel = $3 AND m.direction = 'out' AND m.seq = $4`,
    [input.companyId, input.partnerId, input.channel, input.seq],
  );
  const row = rows[0];
  if (!row?.url || !row.outbound_key) return undefined;
  return {
    url: row.url,
    key: row.outbound_key,
    envelope: {
      channel: row.channel,
      seq: Number(row.seq),
      messageId: row.message_id,
      sender: row.sender,
      body: row.body,
      sentAt: row.sent_at.toISOString(),
      signature: row.signature,
    },
  };
}

export async function markAcknowledged(
  pool: Pool,
  input: { companyId: string; partnerId: string; channel: string; seq: number },
): Promise<void> {
  await pool.query(
    `UPDATE channel_messages SET acked_at = coalesce(acked_at, now())
      WHERE company_id = $1 AND partner_id = $2 AND channel = $3 AND direction = 'out' AND seq = $4`,
    [input.companyId, input.partnerId, input.channel, input.seq],
  );
}

/** How the receiver took a message: stored now, already stored (a redelivery), or out of order. */
export type InboundOutcome = { status: 'stored' | 'duplicate' } | { status: 'gap'; expectedSeq: number };

/**
 * Stores an arrived message once, in order: sequence number last + 1 is stored, one already stored
 * is a duplicate (acknowledged again, not stored), a later one is a gap the sender must fill first.
 */
export async function storeInbound(
  pool: Pool,
  input: { companyId: string; partnerId: string; envelope: ChannelEnvelope },
): Promise<InboundOutcome> {
  const { companyId, partnerId, envelope } = input;
  return inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO channel_cursors (company_id, partner_id, channel) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [companyId, partnerId, envelope.channel],
    );
    const cursor = await client.query<{ last_in_seq: string }>(
      'SELECT last_in_seq FROM channel_cursors WHERE company_id = $1 AND partner_id = $2 AND channel = $3 FOR UPDATE',
      [companyId, partnerId, envelope.channel],
    );
    const last = Number(cursor.rows[0]!.last_in_seq);
    if (envelope.seq <= last) return { status: 'duplicate' };
    if (envelope.seq > last + 1) return { status: 'gap', expectedSeq: last + 1 };
    await client.query(
      `INSERT INTO channel_messages (company_id, partner_id, channel, direction, seq, message_id, sender, body, sent_at, signature, acked_at)
       VALUES ($1, $2, $3, 'in', $4, $5, $6, $7, $8, $9, now())`,
      [
        companyId,
        partnerId,
        envelope.channel,
        envelope.seq,
        envelope.messageId,
        envelope.sender,
        envelope.body,
        envelope.sentAt,
        envelope.signature,
      ],
    );
    await client.query(
      'UPDATE channel_cursors SET last_in_seq = $4 WHERE company_id = $1 AND partner_id = $2 AND channel = $3',
      [companyId, partnerId, envelope.channel, envelope.seq],
    );
    return { status: 'stored' };
  });
}

/** The secret a partner's channel messages to us are signed with, or undefined (none issued yet). */
export async function inboundChannelSecret(
  pool: Pool,
  companyId: string,
  partnerId: string,
): Promise<string | undefined> {
  const { rows } = await pool.query<{ channel_secret: string | null }>(
    'SELECT channel_secret FROM federation_partners WHERE company_id = $1 AND partner_id = $2',
    [companyId, partnerId],
  );
  return rows[0]?.channel_secret ?? undefined;
}

export interface ChannelListFilter {
  companyId: string;
  partnerId?: string;
  channel?: string;
  direction?: 'out' | 'in';
  limit?: number;
}

/** A company's channel messages, both directions unless filtered, oldest first within each channel. */
export async function listChannelMessages(pool: Pool, filter: ChannelListFilter): Promise<ChannelMessage[]> {
  if (filter.channel !== undefined) checkChannelName(filter.channel);
  const limit = filter.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new InvalidInputError(`bad limit ${limit}: use a whole number from 1 to 10000`);
  }
  const { rows } = await pool.query<MessageRow>(
    `SELECT ${messageColumns} FROM (
       SELECT ${messageColumns}, created_at FROM channel_messages
        WHERE company_id = $1 AND ($2::text IS NULL OR partner_id = $2) AND ($3::text IS NULL OR channel = $3)
          AND ($4::text IS NULL OR direction = $4)
        ORDER BY created_at DESC, seq DESC LIMIT $5) recent
      ORDER BY partner_id, channel, direction, seq`,
    [filter.companyId, filter.partnerId ?? null, filter.channel ?? null, filter.direction ?? null, limit],
  );
  return rows.map(toMessage);
}
