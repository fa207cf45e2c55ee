import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fleetDepots } from '../../bench/held-out-families-4.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { hopGuidance } from '../../src/memory/graph/hop-guidance.ts';
import { crowdedNotes } from '../../src/memory/graph/crowded-notes.ts';
import { hopBounds, questionHops, walkSteps } from '../../src/memory/graph/question-hops.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';

describe('the length of the chain a question asks along', () => {
  it('counts the entities a question passes through, not its names or its answer', () => {
    expect(questionHops('Who leads Project Falcon?', ['project falcon'])).toBe(0);
    expect(questionHops('Which vendor does the project that Alice Moreau leads buy from?', ['alice moreau'])).toBe(1);
    expect(
      questionHops('When does the vendor used by the project that Alice Moreau leads renew?', ['alice moreau']),
    ).toBe(2);
    // "the board of" is what of the answer is asked (its chair), not an entity on the way.
    expect(
      questionHops('Who chairs the board of the company that owns the plant where lot-4821 was made?', ['lot-4821']),
    ).toBe(2);
    expect(questionHops('Who signs for the firm owning the site of the lab that tested lot-4821?', ['lot-4821'])).toBe(
      3,
    );
  });

  it('reads a phrase said twice as one entity, and possessives as entities', () => {
    // "a depot … that depot's" is one bridge; the garage is the other.
    const kept = 'Wren 5 is kept at a depot; who runs the garage that services that depot?';
    expect(questionHops(kept, ['wren 5'])).toBe(2);
    expect(questionHops("Which city is Bruno Stone's manager based in?", ['bruno stone'])).toBe(1);
  });

  it('does not count the answer named after what / which, or an attribute the question asks of it', () => {
    expect(questionHops("What is the renewal date for the vendor of Zeno Petrov's project?", ['zeno petrov'])).toBe(2);
    expect(questionHops('Which courier collects the samples of the lab that Mirefield Clinic uses?', [])).toBe(1);
  });

  it('reads a question asking how much or how many (fourteenth round)', () => {
    expect(
      questionHops('How much do we pay each year to the wholesaler that stocks the canteen at Tarn Yard?', [
        'tarn yard',
      ]),
    ).toBe(2);
    expect(questionHops('How many desks does the team that Ada Lind leads have?', ['ada lind'])).toBe(1);
  });

  it('knows nothing of a text that asks nothing', () => {
    expect(questionHops('Notes about Project Falcon', ['project falcon'])).toBeUndefined();
    expect(questionHops('Notes on how we deploy Project Falcon', ['project falcon'])).toBeUndefined();
  });
});

describe('walk lengths from the question', () => {
  const saved = { ...hopBounds };
  afterEach(() => Object.assign(hopBounds, saved));

  it('walks no further than the chain the question reads as, within the caller’s bound and the least', () => {
    const three = 'Who signs for the firm owning the site of the lab that tested lot-4821?';
    expect(walkSteps(4, questionHops(three, ['lot-4821']))).toBe(4);
    expect(walkSteps(2, questionHops(three, ['lot-4821']))).toBe(2);
    const two = 'When does the vendor used by the project that Alice Moreau leads renew?';
    expect(walkSteps(4, questionHops(two, ['alice moreau']))).toBe(3);
    // Never fewer than hopBounds.fewest relations: a question read one bridge short keeps its answer.
    expect(walkSteps(4, questionHops('Who leads Project Falcon?', ['project falcon']))).toBe(3);
    expect(walkSteps(4, questionHops('Notes about Project Falcon', ['project falcon']))).toBe(4);
    hopBounds.longer = 1;
    expect(walkSteps(4, questionHops(two, ['alice moreau']))).toBe(4);
  });
});

/**
 * The recall's relation walk is bounded by the question's chain (ninth round). On a tuning family (fleet
 * depots, seed 1) a two-bridge question's answer is three relations from the vehicle; unbounded, paths of
 * four relations through other depots' notes say more of the question's words ("yard", "person") and
 * push the answer out of the top 5.
 */
describe('recall walks no further than the question’s chain (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'hops';
  const family = fleetDepots(1);
  const question = family.questions.find((asked) => asked.question.includes('the yard that Merlin 36 returns to'));
  const saved = { ...hopBounds };

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, family.memories, 'test');
  }, 120_000);
  afterAll(async () => database?.stop());
  const guidance = { ...hopGuidance };
  const crowds = { ...crowdedNotes };
  afterEach(() => {
    Object.assign(hopBounds, saved);
    Object.assign(hopGuidance, guidance);
    Object.assign(crowdedNotes, crowds);
  });

  const answered = async () => {
    if (!question) throw new Error('the fleet family no longer asks about Merlin 36');
    const { rows } = await database.pool.query<{ id: string }>(
      'SELECT id FROM memories WHERE company_id = $1 AND memory_key = $2',
      [companyId, `${companyId}/${question.supporting.at(-1)}`],
    );
    const result = await recall(context, { companyId, viewer: { kind: 'operator' }, query: question.question });
    return result.memories.some((memory) => memory.id === Number(rows[0]?.id));
  };

  it('finds the answer with the bound and loses it to longer paths without', async () => {
    expect(await answered()).toBe(true);
    hopBounds.longer = 9;
    // Per-hop guidance (fifteenth round) and crowded notes (thirty-third round) also keep this answer against the
    // longer paths: off for the control.
    Object.assign(hopGuidance, { matched: 1, silent: 1, misplaced: 1 });
    crowdedNotes.exponent = 0;
    expect(await answered()).toBe(false);
  });
});
