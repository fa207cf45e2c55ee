import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import { addPartner, keyHash, listPartners, partnerByKey, removePartner } from '../../src/federation/partners.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.stop();
});

describe('partners', () => {
  it('stores only the hash of the key a partner presents, rotates it on re-add and forgets it on remove', async () => {
    const { pool } = database;
    const first = await addPartner(pool, { companyId: 'acme', partnerId: 'globex', url: 'http://127.0.0.1:9/' });
    expect(first.partner.url).toBe('http://127.0.0.1:9');
    const { rows } = await pool.query('SELECT * FROM federation_partners');
    expect(JSON.stringify(rows)).not.toContain(first.inboundKey);
    expect(rows[0]?.inbound_key_hash).toBe(keyHash(first.inboundKey));
    expect(await partnerByKey(pool, 'acme', first.inboundKey)).toEqual({ partnerId: 'globex', requestsPerMinute: 120 });
    // A key is the partner's for one company only.
    expect(await partnerByKey(pool, 'other-co', first.inboundKey)).toBeUndefined();

    const second = await addPartner(pool, { companyId: 'acme', partnerId: 'globex', outboundKey: 'theirs' });
    expect(await partnerByKey(pool, 'acme', first.inboundKey)).toBeUndefined();
    expect(await partnerByKey(pool, 'acme', second.inboundKey)).toBeDefined();
    expect((await listPartners(pool, 'acme')).map((partner) => [partner.partnerId, partner.hasOutboundKey])).toEqual([
      ['globex', true],
    ]);

    expect(await removePartner(pool, 'acme', 'globex')).toBe(true);
    expect(await partnerByKey(pool, 'acme', second.inboundKey)).toBeUndefined();
    expect(await removePartner(pool, 'acme', 'globex')).toBe(false);
  });

  it('refuses bad ids, addresses and rates, naming them', async () => {
    await expect(addPartner(database.pool, { companyId: 'acme', partnerId: 'Bad Id' })).rejects.toThrow(
      /bad partner id "Bad Id"/,
    );
    await expect(addPartner(database.pool, { companyId: 'acme', partnerId: 'x', url: 'file:///etc' })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(
      addPartner(database.pool, { companyId: 'acme', partnerId: 'x', requestsPerMinute: 0 }),
    ).rejects.toThrow(/requests per minute/);
  });
});
