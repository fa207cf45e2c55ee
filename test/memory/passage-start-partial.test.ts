import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import { recallStatements } from './helpers/recall-statements.ts';
import { contractors, depotNotes, supplyNotes, tradeLines, wholesalerQuestion } from './helpers/machine-chains.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities } from '../../src/memory/graph/graph-walk.ts';
import { passageStart, qualifiedName, questionStart } from '../../src/memory/graph/passage-start.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The passage start for a question that links an entity only as what qualifies its start (thirtieth round, issue 14,
 * `passageStart.partial`, off by default): "the keg washer in Bay 4" links the room, Bay 4, but starts at the machine,
 * which is no entity. Four machines in two rooms, each serviced by its own contractor, who buys from its own
 * wholesaler, whose trade line is the answer; every room is said by the log lines of both its machines, so a walk from
 * the room reaches both machines' contractors.
 */
const things = [
  ['keg washer', 'Bay 4'],
  ['keg washer', 'Bay 7'],
  ['wort pump', 'Bay 4'],
  ['wort pump', 'Bay 7'],
] as const;
const notes = things.flatMap(([machine, room], index) => [
  { key: `service-${index}`, content: `${room} | ${machine} | serviced by ${contractors[index]}` },
  ...supplyNotes(index),
  { key: `check-${index}`, content: `${room} | ${machine} | inspected, belts fine` },
  { key: `clean-${index}`, content: `${room} | ${machine} | cleaned, no faults` },
]);
notes.push(...depotNotes);
const question = (machine: string, room: string) => wholesalerQuestion(`${machine} in ${room}`);
const companyId = 'passage-start-partial';

describe('a passage start for questions whose linked name only qualifies their start (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const sink: { sent: SentStatement[] } = { sent: [] };
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
  });
  afterAll(async () => database?.stop());
  const byDefault = { ...passageStart };
  afterEach(() => {
    Object.assign(passageStart, byDefault);
  });

  it('starts a qualified question at its thing: the start note names the machine in that room and seeds its contractor', async () => {
    passageStart.on = true;
    const startOf = async (machine: string, room: string) => {
      const query = question(machine, room);
      const linked = await linkQueryEntities(database.pool, companyId, query);
      const names = linked.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
      return {
        linked,
        start: await questionStart(database.pool, companyId, query, names, linked.length, () => 'TRUE'),
      };
    };
    for (const [index, [machine, room]] of things.entries()) {
      passageStart.partial = false;
      const off = await startOf(machine, room);
      expect(off.linked.length).toBeGreaterThan(0);
      expect(off.start).toBeUndefined();
      passageStart.partial = true;
      const { start } = await startOf(machine, room);
      expect(start?.phrase ?? '').toContain(`${machine} in Bay`);
      const seededVia = start?.seeds.map((seed) => seed.via?.content ?? '') ?? [];
      expect(seededVia.some((content) => content === `${room} | ${machine} | serviced by ${contractors[index]}`)).toBe(
        true,
      );
    }
  });

  it('sends the start statement for a qualified question and reads its answer in the top 5', async () => {
    passageStart.on = true;
    passageStart.partial = true;
    const [machine, room] = things[0];
    sink.sent.length = 0;
    const result = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: question(machine, room),
      limit: 5,
    });
    expect(sink.sent.some((statement) => statement.sql.includes('ln(1 +'))).toBe(true);
    expect(result.memories.some((memory) => memory.content.includes(tradeLines[0] as string))).toBe(true);
  });

  it('sends no statement more for a question whose start links', async () => {
    const counted = () => recallStatements(context, sink, companyId);
    passageStart.on = true;
    await counted();
    const off = await counted();
    passageStart.partial = true;
    const on = await counted();
    expect(on).toEqual(off);
    expect(on.some((sql) => sql.includes('ln(1 +'))).toBe(false);
  });

  it('reads a linked name as qualifying the start only where it places or names a thing', () => {
    expect(qualifiedName('Who services the keg washer in Bay 4?', ['Bay 4'])).toBe(true);
    expect(qualifiedName('Who services the Bay 4 keg washer today?', ['Bay 4'])).toBe(true);
    expect(qualifiedName('Who is the keeper of Grauhorn Hut?', ['Grauhorn Hut'])).toBe(false);
    expect(qualifiedName('On which date is the port used by the Valve Z8’s factory closed?', ['Valve Z8'])).toBe(false);
    expect(
      qualifiedName('When does the port close that ships the part the Harrier Winch is built with?', ['Harrier Winch']),
    ).toBe(false);
    expect(
      qualifiedName('Sir Percival has a sister engine; who is the treasurer of the outfit whose member drives it?', [
        'Sir Percival',
      ]),
    ).toBe(false);
  });
});
