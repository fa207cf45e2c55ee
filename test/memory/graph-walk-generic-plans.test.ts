import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsSupply } from '../../bench/held-out-families-2.ts';
import { backgroundNotes, benchQueries } from '../../bench/memory-dataset.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { WalkRequest } from '../../src/memory/graph/graph-walk.ts';
import { beamCut } from '../../src/memory/graph/beam-cut.ts';
import { chainRule } from '../../src/memory/graph/chain-length.ts';
import { linkQueryEntities, pathWeights, walkGraph } from '../../src/memory/graph/graph-walk.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { SqlParams } from '../../src/memory/sql.ts';
import { visibleTo } from '../../src/memory/sql.ts';
import type { Viewer } from '../../src/memory/types.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase } from './helpers/databases.ts';
import { pathWeights as referenceWeights, walkGraph as referenceWalk } from './helpers/graph-walk-reference.ts';

/**
 * The tenth round sends the relation walk's statements as named prepared statements, whose generic plans
 * PostgreSQL reuses, and lets every relation row carry its memory's text when the walk measures no
 * relevance (as recall's relation walk does since the ninth round) instead of testing each row against the
 * memories read so far (docs/memory.md, "Tenth round"). A step's `LIMIT` without `ORDER BY` returns what
 * its plan reads first, so the generic plans must read what the custom plans read. This runs the walk as
 * recall builds it (no relevance) on generic plans, and the frozen walk of the eighth round
 * (helpers/graph-walk-reference.ts, unnamed statements) on custom plans, on the same store, and requires
 * the same score for every memory, bit for bit.
 */
describe('the relation walk on generic plans gives the scores of the walk on custom plans', () => {
  let database: MemoryTestDatabase;
  const family = partsSupply(1);
  const savedShorter = chainRule.shorter;
  const savedWide = beamCut.wide;

  beforeAll(async () => {
    Object.assign(referenceWeights, pathWeights);
    // The fourteenth round's chain-length rule (chain-length.ts) changes which paths credit, not which
    // rows a plan reads; the frozen walk has no such rule, so it is off here (restored after).
    chainRule.shorter = 1;
    // The eighteenth round's wide beam for long chains (beam-cut.ts) keeps more paths, as a wider `beamWidth`
    // would; the frozen walk's beam is `beamWidth` alone, so it is off here (restored after).
    beamCut.wide = 0;
    database = await startPgliteDatabase({ vector: true, poolSize: 1 });
    const context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'bench', backgroundNotes(3_000), 'test');
    await rememberNotes(context, 'parts', family.memories, 'test');
  }, 300_000);
  afterAll(async () => {
    chainRule.shorter = savedShorter;
    beamCut.wide = savedWide;
    await database?.stop();
  });

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
