import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * The twelfth round's chain repair in the offline extractor (docs/memory-rounds.md): a relation stated across
 * two sentences through a pronoun after the second sentence's name, and "the 3rd of November 2031" as
 * one date. The notes are written for the test, not taken from a bench family.
 */
const rules = { ...offlineExtractorRules };
afterEach(() => Object.assign(offlineExtractorRules, rules));

describe('relations the offline extractor reads across sentences', () => {
  it('a pronoun after the only name of a sentence speaks of the previous sentence first name', () => {
    expect(
      extractGraphOffline('The Heron Lock was rebuilt in 2019. Since then Petra Lindqvist has looked after its gates.')
        .relations,
    ).toContainEqual({ source: 'Petra Lindqvist', relation: 'has looked after', target: 'Heron Lock' });
    expect(
      extractGraphOffline('Sir Bedwyr has a leaky injector. Only Dora Hale is trusted at her controls.').relations,
    ).toEqual([{ source: 'Dora Hale', relation: 'trusted at', target: 'Sir Bedwyr' }]);
    // Two names in the sentence, or the same name again: the pronoun is not resolved across sentences.
    expect(
      extractGraphOffline('Kite Works was sold. Ada Lind gave Omar Vale its keys.').relations.map(
        (relation) => relation.target,
      ),
    ).not.toContain('Kite Works');
    expect(extractGraphOffline('Ada Lind moved in 2020. Ada Lind sold her car.').relations).toEqual([]);
  });

  it('a pronoun before the only name of a sentence speaks of the previous sentence first name too', () => {
    // Fourteenth round (earlierPronoun): a handbook names the new entity last.
    const text = 'Tarn Kitchens was founded in 2029. Nearly everything it cooks arrives from Esk Produce.';
    expect(extractGraphOffline(text).relations.map(({ source, target }) => [source, target])).toContainEqual([
      'Tarn Kitchens',
      'Esk Produce',
    ]);
    expect(
      extractGraphOffline(
        'Tarn Kitchens was founded in 2029. Everything they buy comes from Ada Lind, not from Omar Vale.',
      ).relations.map((relation) => relation.source),
    ).not.toContain('Tarn Kitchens');
  });

  it('reads "the 3rd of November 2031" as one date', () => {
    const extraction = extractGraphOffline('Its closure starts on the 3rd of November 2031.');
    expect(extraction.entities).toContainEqual({ name: '3rd of November 2031', kind: 'date' });
    expect(extraction.entities.map((entity) => entity.name)).not.toContain('3rd');
  });
});

describe('a chain stated through pronouns is walked to its answer', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const notes = [
    ['lock', 'The Heron Lock was rebuilt in 2019. Since then Petra Lindqvist has looked after its gates.'],
    ['guild', 'Petra Lindqvist qualified in 2020. The Calder Boating Fellowship counts her among its members.'],
    ['closure', 'The Calder Boating Fellowship was founded in 1890. Its moorings empty on the 3rd of November 2031.'],
    ['painted', 'The Heron Lock was painted on 4 May 2031.'],
    ['dinner', 'The Calder Boating Fellowship held a dinner on 12 March 2031.'],
    ['other-lock', 'The Otter Lock was rebuilt in 2018. Since then Jonas Berg has looked after its gates.'],
    ['other-club', 'Jonas Berg rows with the Aire Paddling Club.'],
    ['other-closure', 'The Aire Paddling Club shuts on 9 October 2031.'],
    ['met', 'Petra Lindqvist met Tomas Grey on 9 June 2031.'],
  ] as const;
  const question = 'On what date does the association that the keeper of the Heron Lock belongs to stop for winter?';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    const store = async (companyId: string) =>
      rememberNotes(
        context,
        companyId,
        notes.map(([key, content]) => ({ key, content })),
        'test',
      );
    await store('repaired');
    Object.assign(offlineExtractorRules, { laterPronoun: false, ordinalOf: false });
    await store('broken');
    Object.assign(offlineExtractorRules, rules);
  });
  afterAll(async () => database?.stop());

  /** The walk's graph signal per note key (recall with the default relation walk, limit 9: every note). */
  const graphSignals = async (companyId: string) =>
    new Map(
      (await recall(context, { companyId, viewer: { kind: 'operator' }, query: question, limit: 9 })).memories.map(
        (memory) => [notes.find(([, content]) => content === memory.content)?.[0], memory.signals.graph],
      ),
    );

  it('the walk reaches the answer note only when the extractor repairs the chain', async () => {
    const repaired = await graphSignals('repaired');
    // Lock note → guild note → closure note, each a relation of the one before.
    expect(repaired.get('guild')).toBeGreaterThan(0);
    expect(repaired.get('closure')).toBeGreaterThan(0.3);
    // The other lock's chain is not the question's.
    expect(repaired.get('other-closure')).toBe(0);
    // The control: stored by the extractor as it was before the twelfth round, the chain breaks at the
    // lock note (no relation from the Heron Lock to its keeper) and the walk never credits the answer.
    const broken = await graphSignals('broken');
    expect(broken.get('guild') ?? 0).toBe(0);
    expect(broken.get('closure') ?? 0).toBe(0);
  });
});
