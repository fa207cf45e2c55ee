import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities, pathWeights, walkGraph } from '../../src/memory/graph/graph-walk.ts';
import { fitsAnswer, questionShape } from '../../src/memory/graph/question-shape.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

describe('the shape of a question: the kind of its answer and the words it names its bridges with', () => {
  it('asks for a date with when or with what / which of a date noun', () => {
    expect(questionShape('When does the vendor used by Project Falcon renew?', ['project falcon']).answer).toBe('date');
    expect(questionShape('On what date does the contract of Kite end?', ['kite']).answer).toBe('date');
    expect(questionShape('Who runs the garage of the depot where Wren 5 is parked?', ['wren 5']).answer).toBe('other');
    expect(questionShape('In which city sits the team that owns Kite?', ['kite']).answer).toBe('other');
    expect(questionShape('Tell me about Kite', ['kite']).answer).toBeUndefined();
  });

  it('reads the clause that asks, and the noun after "what is the"', () => {
    // The "who" of "someone who leads" is a relative pronoun; the question asks in its last clause.
    const chained = "Fiona Bellamy reports to someone who leads a project; when does that project's vendor renew?";
    expect(questionShape(chained, ['fiona bellamy']).answer).toBe('date');
    const renewal = "What is the renewal date for the vendor that Zeno Petrov's project is contracted to?";
    expect(questionShape(renewal, ['zeno petrov']).answer).toBe('date');
    expect(questionShape('Until when is the ship with cmau200343 on board hired out?', ['cmau200343']).answer).toBe(
      'date',
    );
    const phone = 'Who should I phone about tkt-1151: who is on call for the team owning the broken service?';
    expect(questionShape(phone, ['tkt-1151']).answer).toBe('other');
    // "date" is the answer's noun there, not a bridge; "vendor" still is.
    const shape = questionShape(renewal, ['zeno petrov']);
    expect([...shape.bridgeStems]).toContain('vend');
    expect([...shape.bridgeStems]).not.toContain('date');
  });

  it('a question asking who is not answered by a code, a numbered thing or a date', () => {
    const who = questionShape('Which person runs the repair shop looking after the yard that Merlin 36 returns to?', [
      'merlin 36',
    ]);
    expect(who.agent).toBe(true);
    expect(fitsAnswer(who, { normalized: 'paavo barros', kind: 'person' })).toBe(true);
    // A path from one van through a yard to another van ended at a look-alike, not at a person.
    expect(fitsAnswer(who, { normalized: 'shrike 17', kind: 'person' })).toBe(false);
    expect(fitsAnswer(who, { normalized: 'tkt-4821', kind: 'identifier' })).toBe(false);
    const where = questionShape('In which building is the department of the lecturer who teaches Soil Chemistry I?', [
      'soil chemistry i',
    ]);
    expect(where.agent).toBe(false);
    expect(fitsAnswer(where, { normalized: 'block 4', kind: 'thing' })).toBe(true);
  });

  it('a date answers only a when question, and an entity named like a bridge answers none', () => {
    const who = questionShape('Who runs the garage of the depot where Wren 5 is parked?', ['wren 5']);
    expect(fitsAnswer(who, { normalized: 'ximena jovanovic', kind: 'person' })).toBe(true);
    // "depot" and "garage" name the question's bridges: a path ending there stopped short of the answer.
    expect(fitsAnswer(who, { normalized: 'hollybank depot', kind: 'thing' })).toBe(false);
    expect(fitsAnswer(who, { normalized: 'ferrous garages', kind: 'person' })).toBe(false);
    expect(fitsAnswer(who, { normalized: '3 may 2027', kind: 'date' })).toBe(false);
    const when = questionShape('When does the vendor of Project Falcon renew?', ['project falcon']);
    expect(fitsAnswer(when, { normalized: '3 may 2027', kind: 'date' })).toBe(true);
    expect(fitsAnswer(when, { normalized: 'acme', kind: 'thing' })).toBe(false);
    // The answer's own noun ("which courier") is no bridge: "Swift Courier" can answer.
    const which = questionShape('Which courier collects for the lab of Dr Ana Ruiz?', ['dr ana ruiz']);
    expect(fitsAnswer(which, { normalized: 'swift courier', kind: 'thing' })).toBe(true);
    expect(fitsAnswer(which, { normalized: 'north lab', kind: 'thing' })).toBe(false);
  });
});

/**
 * The relation walk credits the memory at a path's end with the path's score and the memories before
 * it with a share ({@link pathWeights.chainCredit}), and a path ending where the question's answer
 * cannot be (here a depot, where it asks who runs the garage) passes on {@link pathWeights.wrongEnd}.
 * The look-alike note ties Wren 5 straight to another depot in the question's own words; the
 * answer's note says none of them.
 */
describe('relation walk shaped by the question (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  const companyId = 'shape';
  const notes = {
    parked: 'Wren 5 is parked overnight at Canal Yard.',
    garage: 'Vehicles kept at Canal Yard are serviced by Ironside Garage.',
    answer: 'Ximena Jovanovic manages Ironside Garage.',
    lookAlike: 'Ironside Garage does the maintenance for the whole Hollybank Depot.',
  };
  const question = "Wren 5 is kept at a depot; who is in charge of the garage doing that depot's maintenance?";
  const idOf = new Map<string, number>();

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    const context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(
      context,
      companyId,
      Object.entries(notes).map(([key, content]) => ({ key, content })),
      'test',
    );
    const { rows } = await database.pool.query<{ id: string; memory_key: string }>(
      'SELECT id, memory_key FROM memories WHERE company_id = $1',
      [companyId],
    );
    for (const row of rows) idOf.set(row.memory_key.slice(companyId.length + 1), Number(row.id));
  }, 120_000);
  afterAll(async () => database?.stop());

  const walk = async () => {
    const seeds = await linkQueryEntities(database.pool, companyId, question);
    expect(seeds.map((seed) => seed.name)).toEqual(['wren 5']);
    const scores = await walkGraph(database.pool, {
      companyId,
      query: question,
      seeds,
      maxSteps: 4,
      visibility: () => 'true',
    });
    return (key: keyof typeof notes) => scores.get(idOf.get(key) as number) ?? 0;
  };

  it('ranks the answer at the chain end above the bridges and the look-alike', async () => {
    const score = await walk();
    expect(score('answer')).toBeCloseTo(1, 9);
    expect(score('answer')).toBeGreaterThan(score('lookAlike'));
    expect(score('answer')).toBeGreaterThan(score('garage'));
    expect(score('garage')).toBeGreaterThan(0);
    expect(score('parked')).toBeGreaterThan(0);
  });

  it('without the answer check and the chain credit the look-alike ties or beats the answer', async () => {
    const saved = { ...pathWeights };
    // The ranking before the sixth round, with the word share squared as it then was (1 since the ninth).
    Object.assign(pathWeights, { wrongEnd: 1, chainCredit: 1, termCoverage: 2 });
    try {
      const score = await walk();
      expect(score('lookAlike')).toBeGreaterThanOrEqual(score('answer'));
    } finally {
      Object.assign(pathWeights, saved);
    }
  });
});
