import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { rebuildCommunities } from '../../src/memory/graph/communities.ts';
import { graphQuery } from '../../src/memory/graph/graph-query.ts';
import { createOfflineLanguage } from '../../src/memory/language.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { rememberBatch } from '../../src/memory/memory-store.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * Global questions through graph_query's summary mode: with an empty entity and a question, the
 * community summaries that speak of the question come first, not merely the largest community.
 */
describe('graph_query summary mode (PGlite)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'summaries';
  const operator = { kind: 'operator' } as const;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: false });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    const notes = [
      // A large community about hiring (many people), and a smaller one about vendors and renewals.
      'Alice Moreau interviewed Bruno Stone for the Platform Team.',
      'Bruno Stone joined the Platform Team after Carla Diaz referred him.',
      'Carla Diaz leads the Platform Team hiring panel with Deepak Patel.',
      'Deepak Patel onboarded Elena Novak into the Platform Team.',
      'Elena Novak mentors Farid Haddad in the Platform Team.',
      'Acme Logistics renews on 3 May 2027; the vendor risk is a single depot.',
      'Project Orion uses Acme Logistics for freight.',
      'Project Orion depends on Brightline Cloud, a vendor with no second region.',
    ].map((content, index) => ({
      key: `${companyId}/note-${index}`,
      companyId,
      scope: 'company' as const,
      ownerId: companyId,
      authorId: 'test',
      content,
    }));
    await rememberBatch(context, notes);
    await rebuildCommunities(database.pool, createOfflineLanguage(), { runKey: 'summaries-run', companyId });
    // Starting PGlite and migrating took over 60 s on the shared 2-core machine at load 37.
  }, 180_000);
  afterAll(async () => database?.stop());

  it('ranks the summaries that speak of a global question first', async () => {
    const plain = await graphQuery(database.pool, { companyId, viewer: operator, entity: '' });
    expect(plain.overview.length).toBeGreaterThanOrEqual(2);
    const ask = async (question: string) =>
      (await graphQuery(database.pool, { companyId, viewer: operator, entity: '', question })).overview;
    const vendors = await ask('What are our main vendor risks and renewals?');
    const hiring = await ask('Who joined the Platform Team and who mentors them?');
    expect(vendors[0]?.summary).toMatch(/Acme Logistics|Brightline Cloud/);
    expect(hiring[0]?.summary).toMatch(/Platform Team|Farid Haddad|Elena Novak/);
    expect(hiring[0]?.id).not.toBe(vendors[0]?.id);
    // The question reorders the same communities; it does not filter them.
    const ids = (overview: { id: number }[]) => overview.map((community) => community.id).sort();
    expect(ids(vendors)).toEqual(ids(plain.overview));
  });
});
