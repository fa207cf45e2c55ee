import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { recordingPool, type SentStatement } from '../../bench/recording-pool.ts';
import { recallStatements } from './helpers/recall-statements.ts';
import { answerRanks, contractors, depotNotes, supplyNotes, wholesalerQuestion } from './helpers/machine-chains.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { passageStart, saidRun } from '../../src/memory/graph/passage-start.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

/**
 * The passage start (thirtieth round, src/memory/graph/passage-start.ts, off by default): questions that start from a
 * lower-case thing ("the keg washer in the cold store") link no entity. Four machines in two rooms, each serviced by
 * its own contractor, who buys from its own wholesaler, whose trade line is the answer; every machine and room is said
 * in three notes of its own and in the notes of the other machine and room, so only both words tell a start apart,
 * and the notes most like the question (a booked visit that says its relation words) mention no entity to start a
 * walk from: round 5's fallback, the entities of the best vector hits, has nothing to start at.
 */
const things = [
  ['keg washer', 'cold store'],
  ['keg washer', 'tap room'],
  ['wort pump', 'cold store'],
  ['wort pump', 'tap room'],
] as const;
const notes = things.flatMap(([machine, room], index) => [
  { key: `service-${index}`, content: `${room} | ${machine} | serviced by ${contractors[index]}` },
  ...supplyNotes(index),
  { key: `check-${index}`, content: `${room} | ${machine} | inspected, belts fine` },
  { key: `clean-${index}`, content: `${room} | ${machine} | cleaned, no faults` },
  {
    key: `visit-${index}`,
    content: `${room} | ${machine} | the contractor will ring to order belts from the wholesaler`,
  },
]);
notes.push(...depotNotes);
const questions = things.map(([machine, room]) => wholesalerQuestion(`${machine} in the ${room}`));
const companyId = 'passage-start';

describe('a passage start for questions that link no entity (PGlite + pgvector)', () => {
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

  it('ranks every answer in the top 5 with the start on, none in the top 10 without it', async () => {
    passageStart.on = false;
    expect(await answerRanks(context, companyId, questions)).toEqual([-1, -1, -1, -1]);
    passageStart.on = true;
    const on = await answerRanks(context, companyId, questions);
    expect(on.every((rank) => rank >= 0 && rank < 5)).toBe(true);
  });

  it('sends no statement more for a question that links an entity', async () => {
    const counted = () => recallStatements(context, sink, companyId);
    passageStart.on = false;
    await counted();
    const off = await counted();
    passageStart.on = true;
    const on = await counted();
    expect(on).toEqual(off);
    expect(on.some((sql) => sql.includes('plainto_tsquery'))).toBe(true);
    expect(on.some((sql) => sql.includes('ln(1 +'))).toBe(false);
  });

  it('reads the run of question words a note says, function words inside it only', () => {
    const note = 'cold store | keg washer | serviced by Kilnbrook Engineering';
    expect(saidRun('Which firm looks after the keg washer in the cold store?', note)).toBe(
      'keg washer in the cold store',
    );
    expect(saidRun('Who services the cold store keg washer today?', note)).toBe('cold store keg washer');
    expect(saidRun('Who services the keg washers?', note)).toBe('keg washers');
    expect(saidRun('Which trade line is it?', note)).toBeUndefined();
  });
});
