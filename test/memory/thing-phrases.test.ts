import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import { recallStatements } from './helpers/recall-statements.ts';
import { answerRanks, contractors, depotNotes, supplyNotes, wholesalerQuestion } from './helpers/machine-chains.ts';
import { defaultTuningFamilies, tuningMaker } from '../../bench/tuning-makers.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { entityLinkingSql, linkQueryEntities } from '../../src/memory/graph/entity-linking.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { thingKind, thingSpans } from '../../src/memory/graph/thing-phrases.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { SqlParams } from '../../src/memory/sql.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * Lower-case things as entities (thirty-first round, src/memory/graph/thing-phrases.ts, `offlineExtractorRules.things`,
 * off by default). The sentences and names here are written for the test, not taken from a bench family.
 */
const rules = { ...offlineExtractorRules };
afterEach(() => Object.assign(offlineExtractorRules, rules));

const keysOf = (text: string) => thingSpans(text).map((span) => span.key);
const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);

describe('thing phrases', () => {
  it('are one key however the thing and its place are said', () => {
    for (const said of [
      'Check the glycol chiller in the cold store.',
      'Check the cold store glycol chiller.',
      'glycol chiller (cold store) checked.',
      'cold store | glycol chiller | checked',
      'The glycol chillers in the cold store were checked.',
    ])
      expect(keysOf(said), said).toEqual(['cold glycol store chiller']);
    expect(keysOf('Refill the co2 extinguisher by the door.')).toEqual(['co2 extinguisher']);
  });

  it('are no generic heads, people, pronouns, single words or a name’s attribute', () => {
    for (const said of [
      'Note the next item on the list.',
      'The site engineer called the contractor.',
      'Our freezer broke.',
      'Mon late shift: quiet.',
      'Keep it open.',
    ])
      expect(keysOf(said), said).toEqual([]);
    expect(keysOf('keep the yard gate open')).toEqual(['yard gate']);
    // A pronoun is placed by nothing: the place alone is the thing.
    expect(keysOf('Something in the cold store broke.')).toEqual(['cold store']);
  });

  it('are entities only with the rule on, and only where a relation uses them', () => {
    const note = 'Tamsin Reed Mechanical services the glycol chiller in the cold store. The loading bay door stuck.';
    offlineExtractorRules.things = false;
    expect(extractGraphOffline(note).entities.map((entity) => entity.name)).toEqual(['Tamsin Reed Mechanical']);
    offlineExtractorRules.things = true;
    expect(relationsOf(note)).toEqual(['Tamsin Reed Mechanical -services-> cold glycol store chiller']);
    expect(extractGraphOffline(note).entities).toEqual([
      { name: 'Tamsin Reed Mechanical', kind: 'thing' },
      { name: 'cold glycol store chiller', kind: thingKind },
    ]);
  });

  it('take "its" in the next sentence when one is a clause’s subject', () => {
    offlineExtractorRules.things = true;
    expect(
      relationsOf('Handover, Tue: the cold store wort pump is retired; its work moved to the tap room keg washer.'),
    ).toContain('cold store wort pump -work moved to-> keg room tap washer');
  });

  it('leave the extractor’s output byte-equal with the rule off (every default tuning family, seed 1)', () => {
    const hash = createHash('sha256');
    let notes = 0;
    // The families the digest was taken on: dispatch joined the defaults later in the round (bridge aliases), sites in
    // the thirty-second (the alias table, whose setting off this digest also covers).
    for (const family of defaultTuningFamilies.filter((name) => name !== 'dispatch' && name !== 'sites'))
      for (const memory of tuningMaker(family)(1).memories) {
        hash.update(JSON.stringify(extractGraphOffline(memory.content)));
        notes++;
      }
    // The digest of main's extractor before the thirty-first round on these notes; a deliberate change to the
    // extractor's defaults changes it, and says so in its commit.
    expect([notes, hash.digest('hex')]).toEqual([
      1800,
      'f47fc52f823d7aa6b57263cfd854218a24a0c3085d750941bfd2033e196ed050',
    ]);
  });

  it('link from a question that says the thing otherwise, only with the rule on', () => {
    const query = 'Who services the cold store glycol chiller?';
    const asked = () => {
      const params = new SqlParams();
      const linking = entityLinkingSql(params, 'company', query);
      const names = params.values.find((value): value is string[] => Array.isArray(value)) ?? [];
      const rows = names.includes('cold glycol store chiller')
        ? [{ id: '1', normalized: 'cold glycol store chiller', mentions: 2 }]
        : [];
      return { names, seeds: linking.seeds(rows).map((seed) => seed.name) };
    };
    expect(asked().names).not.toContain('cold glycol store chiller');
    offlineExtractorRules.things = true;
    // The seed is named as the question says the thing, so the chain reader reads those words as its named start.
    expect(asked()).toMatchObject({ seeds: ['cold store glycol chiller'] });
  });
});

/**
 * Four machines in two rooms, each serviced by its own contractor, who buys from its own wholesaler, whose trade line
 * is the answer. Each machine's service note and its question say it in different ways, and the look-alike notes
 * say the same machine in the other room, so only the thing with its place starts the right chain.
 */
const things = [
  ['keg washer', 'cold store'],
  ['keg washer', 'tap room'],
  ['wort pump', 'cold store'],
  ['wort pump', 'tap room'],
] as const;
const serviceNote = [
  (machine: string, room: string, firm: string) => `${room} | ${machine} | serviced by ${firm}`,
  (machine: string, room: string, firm: string) => `${firm} look after the ${room} ${machine} now.`,
  (machine: string, room: string, firm: string) => `${machine} (${room}) is serviced by ${firm}.`,
  (machine: string, room: string, firm: string) => `The ${machine} in the ${room} is serviced by ${firm}.`,
];
const notes = things.flatMap(([machine, room], index) => [
  { key: `service-${index}`, content: serviceNote[index]?.(machine, room, contractors[index] as string) ?? '' },
  ...supplyNotes(index),
  {
    key: `visit-${index}`,
    content: `${room} | ${machine} | the contractor will ring to order belts from the wholesaler`,
  },
]);
notes.push(...depotNotes);
const question = (machine: string, room: string, index: number) =>
  wholesalerQuestion(index % 2 === 0 ? `${room} ${machine}` : `${machine} in the ${room}`);
const questions = things.map(([machine, room], index) => question(machine, room, index));

describe('a chain that starts at a lower-case thing (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const sink: { sent: SentStatement[] } = { sent: [] };
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
    offlineExtractorRules.things = false;
    await rememberNotes(context, 'things-off', notes, 'test');
    offlineExtractorRules.things = true;
    await rememberNotes(context, 'things-on', notes, 'test');
    offlineExtractorRules.things = rules.things;
  });
  afterAll(async () => database?.stop());

  it('ranks every answer in the top 5 with the rule on, none in the top 5 without it', async () => {
    offlineExtractorRules.things = false;
    const off = await answerRanks(context, 'things-off', questions);
    expect(off.every((rank) => rank < 0 || rank >= 5)).toBe(true);
    offlineExtractorRules.things = true;
    const on = await answerRanks(context, 'things-on', questions);
    expect(on.every((rank) => rank >= 0 && rank < 5)).toBe(true);
    // Each question links its thing, placed, however the note said it.
    for (const [index, [machine, room]] of things.entries()) {
      const linked = await linkQueryEntities(database.pool, 'things-on', question(machine, room, index));
      expect(linked.map((seed) => seed.name)).toContain(
        index % 2 === 0 ? `${room} ${machine}` : `${machine} in the ${room}`,
      );
    }
  });

  it('sends the same statements for a question that links a name', async () => {
    const sent = (companyId: string) => recallStatements(context, sink, companyId);
    // Each store asked once first: a connection caches the entities' names and kinds it read (entity-namings.ts).
    offlineExtractorRules.things = false;
    await sent('things-off');
    const off = await sent('things-off');
    offlineExtractorRules.things = true;
    await sent('things-on');
    const on = await sent('things-on');
    // The same statements, the walk's reads telling a thing apart as it does a value (a thing is no bridge).
    expect(on.length).toBe(off.length);
    expect(
      on.map((sql) =>
        sql
          .replace(/ WHERE NOT EXISTS \(SELECT 1 FROM memory_entities e WHERE [^(]*ANY\(\$\d+::text\[\]\)\)/u, '')
          .replace(/\$\d+/gu, '$'),
      ),
    ).toEqual(off.map((sql) => sql.replace(/\$\d+/gu, '$')));
  });
});
