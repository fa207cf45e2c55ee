import { AgentCard } from '@a2a-js/sdk';
import type { Pool } from 'pg';
import { NotFoundError } from '../client/types.ts';
import {
  addPartner,
  cachePartnerCard,
  getPartner,
  listPartners,
  nexusEndpointOf,
  removePartner,
  setOutboundKey,
} from './partners.ts';
import type { AddPartnerInput, Partner } from './partners.ts';
import { fetchPartnerCard } from './partner-client.ts';

/** `synthorg partner add --json`: the partner, and the key to hand to it (shown this once only). */
export interface AddedPartner {
  partner: Partner;
  inboundKey: string;
  /** Why the card could not be fetched, when it could not (the partner is still added). */
  cardError?: string;
}

/** Federation operations of the client library; the CLI's `partner` and `serve` commands use it. */
export class FederationClient {
  readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  /** Adds (or re-adds) a partner at an operator-given address and caches its agent card. */
  async addPartner(input: AddPartnerInput): Promise<AddedPartner> {
    const { partner, inboundKey } = await addPartner(this.pool, input);
    // A Nexus partner has no card to fetch: it is reached through its endpoint on this cluster.
    if (!partner.url || nexusEndpointOf(partner.url)) return { partner, inboundKey };
    try {
      await this.refreshCard(input.companyId, input.partnerId);
    } catch (error) {
      return { partner, inboundKey, cardError: error instanceof Error ? error.message : String(error) };
    }
    return { partner: (await getPartner(this.pool, input.companyId, input.partnerId)) ?? partner, inboundKey };
  }

  /** Fetches the partner's card again from its registered address. */
  async refreshCard(companyId: string, partnerId: string): Promise<Partner> {
    const partner = await getPartner(this.pool, companyId, partnerId);
    if (!partner) throw new NotFoundError(`company "${companyId}" has no partner "${partnerId}"`);
    if (!partner.url || nexusEndpointOf(partner.url)) {
      throw new NotFoundError(`partner "${partnerId}" has no A2A address to fetch a card from`);
    }
    const card = await fetchPartnerCard(partner.url);
    await cachePartnerCard(this.pool, companyId, partnerId, AgentCard.toJSON(card));
    return (await getPartner(this.pool, companyId, partnerId)) ?? partner;
  }

  listPartners(companyId: string): Promise<Partner[]> {
    return listPartners(this.pool, companyId);
  }

  /** Sets the key the partner issued to us, without issuing it a new one (`synthorg partner set-key`). */
  async setPartnerKey(companyId: string, partnerId: string, key: string): Promise<void> {
    if (!(await setOutboundKey(this.pool, companyId, partnerId, key))) {
      throw new NotFoundError(`company "${companyId}" has no partner "${partnerId}" (add it: synthorg partner add)`);
    }
  }

  async removePartner(companyId: string, partnerId: string): Promise<void> {
    if (!(await removePartner(this.pool, companyId, partnerId))) {
      throw new NotFoundError(`company "${companyId}" has no partner "${partnerId}"`);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** A federation client on DATABASE_URL (federation state lives in the company database, not in Temporal). */
export async function openFederationClient(databaseUrl: string | undefined): Promise<FederationClient> {
  if (!databaseUrl) {
    const { InvalidInputError } = await import('../client/types.ts');
    throw new InvalidInputError('DATABASE_URL is not set; "synthorg dev" prints the embedded database URL');
  }
  const { createPool } = await import('../db/pool.ts');
  const { migrate } = await import('../db/migrate.ts');
  const pool = createPool(databaseUrl, { max: 4 });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new FederationClient(pool);
}
