import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsSupply } from '../../bench/held-out-families-2.ts';
import { backgroundNotes, benchQueries } from '../../bench/memory-dataset.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { WalkRequest } from '../../src/memory/graph/graph-walk.ts';
import { beamCut } from '../../src/memory/graph/beam-cut.ts';
import { chainRule } from '../../src/memory/graph/chain-length.ts';
import { siblingSteps } from '../../src/memory/graph/sibling-steps.ts';
import { crowdedNotes } from '../../src/memory/graph/crowded-notes.ts';
import { linkQueryEntities, pathWeights, walkGraph } from '../../src/memory/graph/graph-walk.ts';
import { withoutNames } from '../../src/memory/graph-candidates.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { embedTexts, openMemoryContext } from '../../src/memory/memory-context.ts';
import type { SqlParams } from '../../src/memory/sql.ts';
import { visibleTo } from '../../src/memory/sql.ts';
import type { Viewer } from '../../src/memory/types.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';
import { pathWeights as referenceWeights, walkGraph as referenceWalk } from './helpers/graph-walk-reference.ts';

/**
 * Both walks below run on one store (3,000 background notes and a multi-hop family), written once for the file:
 * it took 20-30 s of CPU to write, and the two tests used to write it each (merged from graph-walk-generic-plans).
 * One connection: PGlite is one session, so the generic-plans test's `plan_cache_mode` holds for the walk that
 * follows it. That test runs first, so only its own walks have run on generic plans when it counts them.
 */
let database: MemoryTestDatabase;
let context: MemoryContext;
const family = partsSupply(1);
const savedShorter = chainRule.shorter;
const savedWide = beamCut.wide;
const savedSiblings = siblingSteps.factor;
const savedCrowds = crowdedNotes.exponent;

beforeAll(async () => {
  // The same weights on both sides (the ninth round changed a weight, not the walk): the tests hold
  // the walk to the scores of the frozen walk.
  Object.assign(referenceWeights, pathWeights);
  // The fourteenth round's chain-length rule (chain-length.ts) changes which paths credit, not how the
  // walk reads the graph or which rows a plan reads; the frozen walk has no such rule, so it is off here
  // (restored after).
  chainRule.shorter = 1;
  // The eighteenth round's wide beam for long chains (beam-cut.ts) keeps more paths, as a wider `beamWidth`
  // would; the frozen walk's beam is `beamWidth` alone, so it is off here (restored after).
  beamCut.wide = 0;
  // The twenty-second round's sibling steps (sibling-steps.ts) weigh a path's steps, not the rows the walk reads;
  // the frozen walk has no such weight, so they are off here (restored after).
  siblingSteps.factor = 1;
  // The thirty-third round's crowded notes (crowded-notes.ts) weigh a path by its hops' sentences, after the walk has
  // read its rows; the frozen walk has no such weight, so they are off here (restored after).
  crowdedNotes.exponent = 0;
  database = await startPgliteDatabase({ vector: true, poolSize: 1 });
  context = await openMemoryContext(database.pool, createOfflineEmbedder());
  await rememberNotes(context, 'bench', backgroundNotes(3_000), 'test');
  await rememberNotes(context, 'parts', family.memories, 'test');
}, 300_000);
afterAll(async () => {
  chainRule.shorter = savedShorter;
  beamCut.wide = savedWide;
  siblingSteps.factor = savedSiblings;
  crowdedNotes.exponent = savedCrowds;
  await database?.stop();
});

/**
 * The tenth round sends the relation walk's statements as named prepared statements, whose generic plans
 * PostgreSQL reuses, and lets every relation row carry its memory's text when the walk measures no
 * relevance (as recall's relation walk does since the ninth round) instead of testing each row against the
 * memories read so far (docs/memory-rounds.md, "Tenth round"). A step's `LIMIT` without `ORDER BY` returns what
 * its plan reads first, so the generic plans must read what the custom plans read. This runs the walk as
 * recall builds it (no relevance) on generic plans, and the frozen walk of the eighth round
 * (helpers/graph-walk-reference.ts, unnamed statements) on custom plans, on the same store, and requires
 * the same score for every memory, bit for bit.
 */
describe('the relation walk on generic plans gives the scores of the walk on custom plans', () => {
  /** The relation walk's request as recall() builds it (src/memory/hybrid-recall.ts): no relevance. */
  async function walkRequest(companyId: string, query: string, viewer: Viewer): Promise<WalkRequest> {
    return {
      companyId,
      query,
      seeds: await linkQueryEntities(database.pool, companyId, query),
      maxSteps: 4,
      visibility: (params: SqlParams) => visibleTo(viewer, params),
    };
  }

  const viewers: Viewer[] = [{ kind: 'operator' }, { kind: 'agent', agentId: 'bench', department: 'research' }];
  const namesOnly = ['Atlas Service', 'Helix Auth', 'Alice Moreau', 'Project Amber Falcon'];
  const cases = () => [
    ...benchQueries(40, 11).map((query) => ({ companyId: 'bench', query })),
    ...namesOnly.map((query) => ({ companyId: 'bench', query })),
    ...family.questions.map(({ question }) => ({ companyId: 'parts', query: question })),
  ];

  it('scores every memory the same as the reference walk', async () => {
    let nonEmpty = 0;
    // One connection, and PGlite is one session: the setting holds for the walk that follows it.
    const plans = (mode: 'force_generic_plan' | 'force_custom_plan') =>
      database.pool.query(`SET plan_cache_mode = ${mode}`);
    try {
      for (const viewer of viewers)
        for (const { companyId, query } of cases()) {
          const request = await walkRequest(companyId, query, viewer);
          await plans('force_custom_plan');
          const expected = await referenceWalk(database.pool, request);
          await plans('force_generic_plan');
          const actual = await walkGraph(database.pool, request);
          expect(
            [...actual.entries()].sort((a, b) => a[0] - b[0]),
            `${query} (${viewer.kind})`,
          ).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
          if (expected.size > 0) nonEmpty++;
        }
    } finally {
      await database.pool.query('RESET plan_cache_mode');
    }
    expect(nonEmpty).toBeGreaterThan(cases().length * 2 * 0.6);
    // The walk's statements were prepared and ran on generic plans.
    const { rows } = await database.pool.query<{ generic: number }>(
      `SELECT coalesce(sum(generic_plans), 0)::int AS generic FROM pg_prepared_statements
        WHERE statement LIKE 'SELECT DISTINCT ON (h.entity_id%'`,
    );
    expect(rows[0]?.generic).toBeGreaterThan(100);
  });
});

/**
 * The eighth round made the relation walk cheaper (docs/memory-rounds.md, "Eighth round: recall latency at
 * 100k") on the promise that no score moves. This test holds it to that: the walk as it was
 * (helpers/graph-walk-reference.ts, a frozen copy) and the walk as it is run on the same store for the
 * benchmark's query shapes (hub entities, "who owns" questions with typed relations, names in many notes)
 * and a multi-hop family's questions, as the operator and as an agent, and must give every memory the
 * same score, bit for bit.
 */
describe('the relation walk gives the scores it gave before the eighth round', () => {
  /** The walk request recall() builds (src/memory/hybrid-recall.ts) for a query that names entities. */
  async function walkRequest(companyId: string, query: string, viewer: Viewer): Promise<WalkRequest> {
    const seeds = await linkQueryEntities(database.pool, companyId, query);
    const words = withoutNames(query, seeds);
    const [relationQuery] = words.length > 0 ? await embedTexts(context, [words]) : [];
    return {
      companyId,
      query,
      seeds,
      maxSteps: 4,
      visibility: (params: SqlParams) => visibleTo(viewer, params),
      ...(relationQuery
        ? {
            relevanceSql: (params: SqlParams) =>
              context.backend.similaritySql(params, context.embedder.model, relationQuery.embedding),
          }
        : {}),
    };
  }

  const viewers: Viewer[] = [{ kind: 'operator' }, { kind: 'agent', agentId: 'bench', department: 'research' }];
  // Queries of names alone leave no words to measure relevance by, so every relation of a kind weighs the
  // same and paths tie: they check that the beam keeps the tied paths the old walk kept.
  const namesOnly = ['Atlas Service', 'Helix Auth', 'Alice Moreau', 'Bruno Stone', 'Project Amber Falcon', 'Oslo'];
  const cases = () => [
    ...benchQueries(40, 11).map((query) => ({ companyId: 'bench', query })),
    ...namesOnly.map((query) => ({ companyId: 'bench', query })),
    ...family.questions.map(({ question }) => ({ companyId: 'parts', query: question })),
  ];

  it('scores every memory the same as the reference walk', async () => {
    let walked = 0;
    let nonEmpty = 0;
    for (const viewer of viewers)
      for (const { companyId, query } of cases()) {
        const request = await walkRequest(companyId, query, viewer);
        const expected = await referenceWalk(database.pool, request);
        const actual = await walkGraph(database.pool, request);
        expect(
          [...actual.entries()].sort((a, b) => a[0] - b[0]),
          `${query} (${viewer.kind})`,
        ).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
        walked++;
        if (expected.size > 0) nonEmpty++;
      }
    expect(walked).toBe(2 * (40 + namesOnly.length + family.questions.length));
    // The comparison means something only where the walks reach memories ("smoke tests" queries name no
    // entity, so their walks are empty: 108 of 144 walks reached memories when written).
    expect(nonEmpty).toBeGreaterThan(walked * 0.7);
  });
});
