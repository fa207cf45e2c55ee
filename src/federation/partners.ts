import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { InvalidInputError } from '../client/types.ts';
import { isValidCompanyId } from '../domain/ids.ts';
import { channelSecret } from './channels.ts';

/** A partner as the operator named it; the keys themselves are never listed. */
export interface Partner {
  companyId: string;
  partnerId: string;
  /** Their A2A base address; null when they only call us. */
  url: string | null;
  /** Whether we hold a key to present to them. */
  hasOutboundKey: boolean;
  requestsPerMinute: number;
  /** Name and skills of their cached agent card, when it was fetched. */
  card: { name: string; skills: string[]; fetchedAt: string } | null;
}

export interface AddPartnerInput {
  companyId: string;
  partnerId: string;
  url?: string;
  outboundKey?: string;
  requestsPerMinute?: number;
}

/** SHA-256 of a presented key: what is stored and looked up, so the table never holds a usable key. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh key for a partner to present to us: 32 random bytes, shown once. */
export function newInboundKey(): string {
  return `sok_${randomBytes(32).toString('base64url')}`;
}

/** A partner on the same Temporal cluster, reached over Nexus: `nexus:<endpoint name>`. */
export const nexusPartnerPrefix = 'nexus:';

/** The Nexus endpoint of a partner address, or undefined for an A2A (http) partner. */
export function nexusEndpointOf(url: string | null): string | undefined {
  return url?.startsWith(nexusPartnerPrefix) ? url.slice(nexusPartnerPrefix.length) : undefined;
}

export function checkPartnerUrl(url: string): string {
  if (url.startsWith(nexusPartnerPrefix)) {
    const endpoint = url.slice(nexusPartnerPrefix.length);
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/.test(endpoint)) {
      throw new InvalidInputError(
        `bad partner url "${url}": a Nexus partner is nexus:<endpoint name> (letters, digits, "-" and "_"), e.g. nexus:synthorg-globex-org-globex`,
      );
    }
    return url;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(
      `bad partner url "${url}": give an absolute http(s) address such as http://127.0.0.1:8400, or nexus:<endpoint>`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidInputError(`bad partner url "${url}": only http, https and nexus:<endpoint> are allowed`);
  }
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * Registers a partner (or replaces its address and outbound key) and issues the key it must present
 * to us. Re-adding a partner issues a new key and the old one stops working.
 */
export async function addPartner(
  pool: Pool,
  input: AddPartnerInput,
): Promise<{ partner: Partner; inboundKey: string }> {
  if (!isValidCompanyId(input.partnerId)) {
    throw new InvalidInputError(
      `bad partner id "${input.partnerId}": use 1-63 lowercase letters, digits and "-" (e.g. "globex")`,
    );
  }
  const url = input.url === undefined ? null : checkPartnerUrl(input.url);
  if (input.outboundKey !== undefined && input.outboundKey.trim() === '') {
    throw new InvalidInputError('bad --key: the key is empty');
  }
  const rate = input.requestsPerMinute ?? 120;
  if (!Number.isInteger(rate) || rate < 1 || rate > 100_000) {
    throw new InvalidInputError(`bad requests per minute ${rate}: use a whole number from 1 to 100000`);
  }
  const inboundKey = newInboundKey();
  await pool.query(
    `INSERT INTO federation_partners (company_id, partner_id, url, outbound_key, inbound_key_hash, requests_per_minute, channel_secret)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (company_id, partner_id) DO UPDATE
       SET url = EXCLUDED.url, outbound_key = EXCLUDED.outbound_key, inbound_key_hash = EXCLUDED.inbound_key_hash,
           requests_per_minute = EXCLUDED.requests_per_minute, card = NULL, card_fetched_at = NULL,
           channel_secret = EXCLUDED.channel_secret`,
    // The channel secret signs the partner's channel messages to us; derived from the key, not the key.
    [
      input.companyId,
      input.partnerId,
      url,
      input.outboundKey ?? null,
      keyHash(inboundKey),
      rate,
      channelSecret(inboundKey),
    ],
  );
  const partner = await getPartner(pool, input.companyId, input.partnerId);
  if (!partner) throw new Error(`partner ${input.partnerId} vanished right after it was added`);
  return { partner, inboundKey };
}

interface PartnerRow {
  company_id: string;
  partner_id: string;
  url: string | null;
  outbound_key: string | null;
  requests_per_minute: number;
  card: { name?: string; skills?: { id?: string }[] } | null;
  card_fetched_at: Date | null;
}

function toPartner(row: PartnerRow): Partner {
  return {
    companyId: row.company_id,
    partnerId: row.partner_id,
    url: row.url,
    hasOutboundKey: row.outbound_key !== null,
    requestsPerMinute: row.requests_per_minute,
    card:
      row.card && row.card_fetched_at
        ? {
            name: row.card.name ?? '',
            skills: (row.card.skills ?? []).flatMap((skill) => (skill.id ? [skill.id] : [])),
            fetchedAt: row.card_fetched_at.toISOString(),
          }
        : null,
  };
}

const columns = 'company_id, partner_id, url, outbound_key, requests_per_minute, card, card_fetched_at';

export async function listPartners(pool: Pool, companyId: string): Promise<Partner[]> {
  const { rows } = await pool.query<PartnerRow>(
    `SELECT ${columns} FROM federation_partners WHERE company_id = $1 ORDER BY partner_id`,
    [companyId],
  );
  return rows.map(toPartner);
}

export async function getPartner(pool: Pool, companyId: string, partnerId: string): Promise<Partner | undefined> {
  const { rows } = await pool.query<PartnerRow>(
    `SELECT ${columns} FROM federation_partners WHERE company_id = $1 AND partner_id = $2`,
    [companyId, partnerId],
  );
  return rows[0] ? toPartner(rows[0]) : undefined;
}

/** Removes a partner; its key stops working at once. False when there was none. */
/**
 * Sets the key we present when calling a partner (the key it issued to us), keeping the key it calls us
 * with: how two companies that both call each other finish their exchange of keys. False when the
 * partner is unknown.
 */
export async function setOutboundKey(pool: Pool, companyId: string, partnerId: string, key: string): Promise<boolean> {
  if (key.trim() === '') throw new InvalidInputError('bad key: the key is empty');
  const result = await pool.query(
    'UPDATE federation_partners SET outbound_key = $3 WHERE company_id = $1 AND partner_id = $2',
    [companyId, partnerId, key],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function removePartner(pool: Pool, companyId: string, partnerId: string): Promise<boolean> {
  const result = await pool.query('DELETE FROM federation_partners WHERE company_id = $1 AND partner_id = $2', [
    companyId,
    partnerId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/** The partner that presented `key` to `companyId`, or undefined (unknown or removed key). */
export async function partnerByKey(
  pool: Pool,
  companyId: string,
  key: string,
): Promise<{ partnerId: string; requestsPerMinute: number } | undefined> {
  const { rows } = await pool.query<{ partner_id: string; requests_per_minute: number }>(
    'SELECT partner_id, requests_per_minute FROM federation_partners WHERE company_id = $1 AND inbound_key_hash = $2',
    [companyId, keyHash(key)],
  );
  const row = rows[0];
  return row ? { partnerId: row.partner_id, requestsPerMinute: row.requests_per_minute } : undefined;
}

/** What we need to call a partner: its address and the key it issued us. */
export async function partnerEndpoint(
  pool: Pool,
  companyId: string,
  partnerId: string,
): Promise<{ url: string; outboundKey: string | null } | undefined> {
  const { rows } = await pool.query<{ url: string | null; outbound_key: string | null }>(
    'SELECT url, outbound_key FROM federation_partners WHERE company_id = $1 AND partner_id = $2',
    [companyId, partnerId],
  );
  const row = rows[0];
  if (!row?.url || nexusEndpointOf(row.url)) return undefined;
  return { url: row.url, outboundKey: row.outbound_key };
}

export async function cachePartnerCard(pool: Pool, companyId: string, partnerId: string, card: unknown): Promise<void> {
  await pool.query(
    'UPDATE federation_partners SET card = $3, card_fetched_at = now() WHERE company_id = $1 AND partner_id = $2',
    [companyId, partnerId, JSON.stringify(card)],
  );
}
