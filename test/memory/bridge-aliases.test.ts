import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { aliasName, bridgeAliases } from '../../src/memory/graph/bridge-aliases.ts';
import { linkQueryEntities } from '../../src/memory/graph/entity-linking.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

const keysOf = (text: string) => extractGraphOffline(text).entities.map((entity) => normalizeEntityName(entity.name));
const relationKeys = (text: string) =>
  extractGraphOffline(text).relations.map(
    (relation) => `${normalizeEntityName(relation.source)} > ${normalizeEntityName(relation.target)}`,
  );

/** A chain whose bridges each note writes its own way (the dispatch family's wordings). */
const chain = [
  'Delivery note 7097: Hexley Furniture Ltd ("the Customer"). LOT 25K480 released to the Customer.',
  'Packing sheet: the Kestrel crew wrapped and labelled 25K480.',
  'Shift phone for Team Kestrel: 0161 454 3655.',
  'Raised work order 31928, customer Hexley Furniture, pallets to be re-wrapped.',
];

describe('bridge aliases (src/memory/graph/bridge-aliases.ts)', () => {
  afterEach(() => {
    bridgeAliases.on = false;
  });

  it('stores a code without its prefix, a bare number with its prefix, a name without its title or company form', () => {
    expect(aliasName('lot 24K117')).toBe('24K117');
    expect(aliasName('LOT 24K117')).toBe('24K117');
    expect(aliasName('24k117')).toBe('24K117');
    expect(aliasName('WO-31877')).toBe('WO 31877');
    expect(aliasName('work order 31877')).toBe('WO 31877');
    expect(aliasName('PO 31877')).toBe('PO 31877');
    expect(aliasName('Team Kestrel')).toBe('Kestrel');
    // A type word after the name is its head noun and stays (the catalogue family's "Payments Team").
    expect(aliasName('Payments Team')).toBe('Payments Team');
    expect(aliasName('Brightwell Ltd')).toBe('Brightwell');
    expect(aliasName('Team')).toBe('Team');
    // A lower-case phrase is a thing (offlineExtractorRules.things), not a titled name.
    expect(aliasName('team room')).toBe('team room');
    expect(aliasName('Harbour Street')).toBe('Harbour Street');
  });

  it('with the setting on, consecutive chain notes share the bridge entity however each writes it', () => {
    bridgeAliases.on = true;
    const [first, second, answer, order] = chain.map(keysOf) as string[][];
    const shared = (left: string[], right: string[]) => left.filter((key) => right.includes(key));
    expect(shared(first as string[], second as string[])).toEqual(['25k480']);
    expect(shared(second as string[], answer as string[])).toEqual(['kestrel']);
    expect(shared(order as string[], first as string[])).toEqual(['hexley furniture']);
    // The role a note defines stands for its party: the lot relates to the customer, not to "customer".
    expect(relationKeys(chain[0] as string)).toContain('25k480 > hexley furniture');
    expect(first).not.toContain('customer');
  });

  it('keeps look-alike codes, prefixed numbers of other kinds and one role in two contracts apart', () => {
    bridgeAliases.on = true;
    expect(keysOf('LOT 24K117 and lot 24K118 were packed.')).toEqual(['24k117', '24k118']);
    expect(keysOf('WO-31877 replaced PO 31877.')).toEqual(['wo 31877', 'po 31877']);
    const supplierOf = (text: string) => relationKeys(text).find((relation) => relation.endsWith('> 24k117'));
    expect(supplierOf('Brightwell Ltd ("the Supplier") signed. The Supplier shall deliver lot 24K117.')).toBe(
      'brightwell > 24k117',
    );
    expect(supplierOf('Ostler Parts Ltd ("the Supplier") signed. The Supplier shall deliver lot 24K117.')).toBe(
      'ostler parts > 24k117',
    );
  });

  it('with the setting off, the extraction is as before the round (as main extracted these notes)', () => {
    expect(chain.map(keysOf)).toEqual([
      ['delivery', 'hexley furniture ltd', 'customer', 'lot 25k480'],
      ['kestrel'],
      ['shift', 'team kestrel', '0161 454 3655'],
      ['hexley furniture'],
    ]);
    expect(chain.map(relationKeys)).toEqual([
      ['delivery > hexley furniture ltd', 'hexley furniture ltd > customer', 'lot 25k480 > customer'],
      [],
      ['shift > team kestrel', 'team kestrel > 0161 454 3655'],
      [],
    ]);
  });
});

describe('bridge aliases in question linking (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    const notes = chain.map((content, index) => ({ key: `chain-${index}`, content }));
    await rememberNotes(context, 'aliases-off', notes, 'test');
    bridgeAliases.on = true;
    await rememberNotes(context, 'aliases-on', notes, 'test');
    bridgeAliases.on = false;
  });
  afterAll(async () => database?.stop());
  afterEach(() => {
    bridgeAliases.on = false;
  });

  const question =
    'Work order 31928 was raised for a customer; what is the shift phone of the crew that packed its lot?';

  it('links a question that writes the bridge another way to the one stored entity, and recalls the chain', async () => {
    bridgeAliases.on = true;
    const linked = await linkQueryEntities(database.pool, 'aliases-on', question);
    expect(linked.map((seed) => seed.name)).toEqual(['wo 31928']);
    const linkedCrew = await linkQueryEntities(database.pool, 'aliases-on', 'What does Team Kestrel load?');
    expect(linkedCrew.map((seed) => seed.name)).toEqual(['kestrel']);
    const { memories } = await recall(context, {
      companyId: 'aliases-on',
      viewer: { kind: 'operator' },
      query: question,
      limit: 5,
    });
    expect(memories.map((memory) => memory.content)).toContain(chain[2]);
  });

  it('with the setting off, stores and links as before: the question links nothing of the work order', async () => {
    const linked = await linkQueryEntities(database.pool, 'aliases-off', question);
    expect(linked.map((seed) => seed.name)).toEqual([]);
  });
});
