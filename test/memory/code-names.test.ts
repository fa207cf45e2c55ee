import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { codeNameSpans } from '../../src/memory/graph/code-names.ts';
import { entityLinkingSql } from '../../src/memory/graph/entity-linking.ts';
import { isEnglishWord } from '../../src/memory/graph/english-words.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { SqlParams } from '../../src/memory/sql.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

/**
 * The eighteenth round's lower-case code names (docs/memory-rounds.md): a lower-case word that is no English word
 * (WordNet, its glosses, regular endings and prefixes) and stands where a name does is an entity. The sentences
 * and names are written for the test, not taken from a bench family.
 */
const rules = { ...offlineExtractorRules };
afterEach(() => Object.assign(offlineExtractorRules, rules));

const namesOf = (text: string) => extractGraphOffline(text).entities.map((entity) => entity.name);
const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('English words', () => {
  it('include function words, irregular and regular inflections, derivations and folded letters', () => {
    for (const word of ['during', 'whose', 'cannot', 'went', 'taught', 'shipped', 'carried', 'triaged'])
      expect(isEnglishWord(word), word).toBe(true);
    for (const word of ['funder', 'reseller', 'engineman', 'offline', 'repacked', 'mislabelled', 'café'])
      expect(isEnglishWord(word), word).toBe(true);
  });

  it('exclude made-up code names, also those built of English words', () => {
    for (const word of ['grellwick', 'plovdb', 'thornqueue', 'vexlet']) expect(isEnglishWord(word), word).toBe(false);
  });
});

describe('lower-case code names', () => {
  it('are entities where a name stands: bare after a verb or preposition, opening a sentence, or modifying a noun', () => {
    expect(relationsOf('Release Orrin 4 ships a new version of grellwick.')).toEqual([
      'Release Orrin 4 -ships new version of-> grellwick',
    ]);
    expect(namesOf('thornqueue belongs to the Kestrel Desk.')).toEqual(['thornqueue', 'Kestrel Desk']);
    expect(namesOf('The main change in Orrin 5 is the plovdb upgrade.')).toContain('plovdb');
    expect(namesOf('Bugs in vexlet go to the Harbour Crew.')).toContain('vexlet');
  });

  it('are not common nouns: after a determiner, a possessive, an adjective or inside a named phrase, nor bare plurals', () => {
    const sentences = [
      'The changelog lists the steps.',
      'Its runbook is on the wiki.',
      "Tern Gate's engineman retired.",
      'A bad config push broke Tern Gate.',
      'Odile Marsh gives masterclasses at Brindle Hall.',
      'Everyone went to the Zurich roadshow.',
    ];
    for (const sentence of sentences) expect(codeNameSpans(sentence), sentence).toEqual([]);
  });

  it('are no entities with the rule off, as before the eighteenth round', () => {
    Object.assign(offlineExtractorRules, { codeNames: false });
    expect(namesOf('thornqueue belongs to the Kestrel Desk.')).toEqual(['Kestrel Desk']);
  });

  it('link from a question that spells them, where an English word does not', () => {
    const rows = [
      { id: '1', normalized: 'grellwick', mentions: 2 },
      { id: '2', normalized: 'vendor', mentions: 2 },
    ];
    const linked = (query: string) =>
      entityLinkingSql(new SqlParams(), 'company', query)
        .seeds(rows)
        .map((seed) => seed.name);
    expect(linked('Which team looks after grellwick for the vendor?')).toEqual(['grellwick']);
  });
});

describe('a chain through a lower-case code name is walked', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const notes = [
    ['ships', 'Release Orrin 4 ships a new version of grellwick.'],
    ['owner', 'grellwick belongs to the Harbour Crew.'],
    ['city', 'The Harbour Crew sits in Tallinn, so reviews land in that time zone.'],
    ['other-ships', 'Release Orrin 7 ships a new version of plovdb.'],
    ['other-owner', 'plovdb belongs to the Lantern Guild.'],
    ['other-city', 'The Lantern Guild sits in Porto, so reviews land in that time zone.'],
  ] as const;
  const question = 'Which city does the team that maintains the library shipped in Release Orrin 4 work from?';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    const store = (companyId: string) =>
      rememberNotes(
        context,
        companyId,
        notes.map(([key, content]) => ({ key, content })),
        'test',
      );
    await store('named');
    Object.assign(offlineExtractorRules, { codeNames: false });
    await store('unnamed');
    Object.assign(offlineExtractorRules, rules);
  });
  afterAll(async () => database?.stop());

  const graphSignals = async (companyId: string) =>
    new Map(
      (await recall(context, { companyId, viewer: { kind: 'operator' }, query: question, limit: 6 })).memories.map(
        (memory) => [notes.find(([, content]) => content === memory.content)?.[0], memory.signals.graph],
      ),
    );

  it('reaches the owning team and its city only when the code name is an entity', async () => {
    const named = await graphSignals('named');
    expect(named.get('owner')).toBeGreaterThan(0);
    expect(named.get('city')).toBeGreaterThan(0);
    expect(named.get('other-city') ?? 0).toBe(0);
    // The control: without the rule the two notes share no entity and the walk stops at the release note.
    const unnamed = await graphSignals('unnamed');
    expect(unnamed.get('owner') ?? 0).toBe(0);
    expect(unnamed.get('city') ?? 0).toBe(0);
  });
});
