import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { passageStart, qualifiedName } from '../../src/memory/graph/passage-start.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The passage start for a question that links an entity only as what qualifies its start (thirtieth round, issue 14,
 * `passageStart.partial`, off by default): "the keg washer in Bay 4" links the room, Bay 4, but starts at the machine,
 * which is no entity. Four machines in two rooms, each serviced by its own contractor, who buys from its own
 * wholesaler, whose trade line is the answer; every room is said by the log lines of both its machines, so a walk from
 * the room reaches both machines' contractors, and the notes most like the question (a booked visit) name no contractor.
 */
const things = [
  ['keg washer', 'Bay 4'],
  ['keg washer', 'Bay 7'],
  ['wort pump', 'Bay 4'],
  ['wort pump', 'Bay 7'],
] as const;
const contractors = ['Kilnbrook Engineering', 'Harlow Fluid Services', 'Oxley Process Care', 'Stannard Works'];
const wholesalers = ['Mardle Parts', 'Corvel Parts', 'Threlkeld Parts', 'Dunmere Parts'];
const lines = ['0113 555 1234', '0113 555 2345', '0113 555 3456', '0113 555 4567'];
const notes = things.flatMap(([machine, room], index) => [
  { key: `service-${index}`, content: `${room} | ${machine} | serviced by ${contractors[index]}` },
  { key: `spares-${index}`, content: `${contractors[index]} buys its spares from ${wholesalers[index]}.` },
  { key: `line-${index}`, content: `${wholesalers[index]} trade line ${lines[index]}, ring before noon.` },
  { key: `check-${index}`, content: `${room} | ${machine} | inspected, belts fine` },
  { key: `clean-${index}`, content: `${room} | ${machine} | cleaned, no faults` },
  {
    key: `visit-${index}`,
    content: `${room} | ${machine} | the contractor will ring to order belts from the wholesaler`,
  },
]);
notes.push(
  { key: 'depot-manager', content: 'Harbour Depot is managed by Ines Moreau.' },
  { key: 'manager-phone', content: 'Ines Moreau can be reached on 0113 555 9876.' },
);
const question = (machine: string, room: string) =>
  `Which number do we ring to order from the wholesaler supplying the contractor who services the ${machine} in ${room}?`;
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

  /** Per thing, where recall ranks the note holding its wholesaler's trade line (−1: not in the top 10). */
  const answerRanks = async () => {
    const ranks: number[] = [];
    for (const [index, [machine, room]] of things.entries()) {
      const result = await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: question(machine, room),
        limit: 10,
      });
      ranks.push(result.memories.findIndex((memory) => memory.content.includes(lines[index] as string)));
    }
    return ranks;
  };

  it('ranks every answer in the top 5 with the partial start on, not without it', async () => {
    passageStart.on = true;
    const off = await answerRanks();
    passageStart.partial = true;
    const on = await answerRanks();
    expect(off.every((rank) => rank >= 0 && rank < 5)).toBe(false);
    expect(on.every((rank) => rank >= 0 && rank < 5)).toBe(true);
  });

  it('sends no statement more for a question whose start links', async () => {
    const counted = async () => {
      sink.sent.length = 0;
      await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: 'What number reaches the manager of Harbour Depot?',
        limit: 5,
      });
      return sink.sent.map((statement) => statement.sql);
    };
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
