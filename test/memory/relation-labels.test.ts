import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import type { RelationRow } from '../../src/memory/graph/relation-labels.ts';
import {
  askedLabelsSql,
  insertRelations,
  labelTyping,
  typeRelationLabels,
} from '../../src/memory/graph/relation-labels.ts';
import type { RelationType } from '../../src/memory/graph/relation-types.ts';
import { labelPattern, relationTypes } from '../../src/memory/graph/relation-types.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { rememberBatch } from '../../src/memory/memory-store.ts';
import type { Queryable } from '../../src/memory/sql.ts';
import { SqlParams } from '../../src/memory/sql.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { noRealPostgresReason, startTestDatabase, startTestRealPostgres } from '../helpers/database.ts';

/**
 * Labels as a model writes them: typed and untyped, words that only look like a type's ("owner's
 * manual", "runs out"), and a label of each type's own name.
 */
const labelPool = [
  ...relationTypes,
  'related to',
  'met',
  'is owned by',
  'maintains the',
  'reads the owner manual of',
  'runs out on',
  'is contracted to',
  'shares an office with',
  'sits in',
  'was hosted at',
  'signed with',
  'reported to',
  'co-owns',
  'ownership of',
  'depends heavily on',
  'buys from',
  'is a member of',
  'leading',
];

/** Every set of one and two asked types, and all of them. */
const typeSets: RelationType[][] = [
  ...relationTypes.map((type) => [type]),
  ...relationTypes.flatMap((left, index) => relationTypes.slice(index + 1).map((right) => [left, right])),
  [...relationTypes],
];

/** In one statement (one snapshot): the company's labels the pattern matches, and those the labels table gives. */
async function bothWays(pool: Pool, companyId: string, types: RelationType[]) {
  const params = new SqlParams();
  const labels = askedLabelsSql(params, companyId, new Set(types));
  const { rows } = await pool.query<{ by_pattern: string[]; by_labels: string[] }>(
    `SELECT ARRAY(SELECT DISTINCT relation FROM memory_relations
                   WHERE company_id = ${params.add(companyId)} AND relation ~ ${params.add(labelPattern(types))}
                   ORDER BY 1) AS by_pattern,
            ARRAY(SELECT DISTINCT relation FROM memory_relations
                   WHERE company_id = ${params.add(companyId)} AND relation = ANY(${labels}) ORDER BY 1) AS by_labels`,
    params.values,
  );
  return rows[0]!;
}

/** Relations the company has whose label is not in its labels table. */
async function unlabelled(pool: Pool, companyId: string): Promise<string[]> {
  const { rows } = await pool.query<{ relation: string }>(
    `SELECT DISTINCT r.relation FROM memory_relations r WHERE r.company_id = $1
        AND NOT EXISTS (SELECT 1 FROM memory_relation_labels l WHERE l.company_id = r.company_id AND l.label = r.relation)`,
    [companyId],
  );
  return rows.map((row) => row.relation);
}

/** Memories and entities for relations to point at (relations reference both). */
async function anchors(
  pool: Pool,
  companyId: string,
  count: number,
): Promise<{ memories: number[]; entities: number[] }> {
  const context = await openMemoryContext(pool, createOfflineEmbedder());
  const written = await rememberBatch(
    context,
    Array.from({ length: count }, (_, index) => ({
      key: `${companyId}:anchor:${index}`,
      companyId,
      scope: 'company' as const,
      ownerId: companyId,
      content: `anchor note ${index}`,
      authorId: 'test',
    })),
    { extractGraph: false },
  );
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO memory_entities (company_id, name, normalized)
     SELECT $1, 'entity ' || n, 'entity ' || n FROM generate_series(1, $2) AS n RETURNING id`,
    [companyId, count],
  );
  return { memories: written.map((result) => result.id), entities: rows.map((row) => Number(row.id)) };
}

function randomRelations(
  random: () => number,
  ids: { memories: number[]; entities: number[] },
  count: number,
): RelationRow[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, () => {
    const source = pick(ids.entities);
    let target = pick(ids.entities);
    if (target === source) target = ids.entities[(ids.entities.indexOf(source) + 1) % ids.entities.length] as number;
    // A label seen nowhere else now and then, so writers keep adding new labels while others read.
    const relation = random() < 0.3 ? `${pick(labelPool)} ${Math.floor(random() * 1e6)}` : pick(labelPool);
    return { source, target, relation, memoryId: pick(ids.memories) };
  });
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A writer of older code: relations inserted as before the labels table existed. */
async function insertAsOlderCode(db: Queryable, companyId: string, relations: readonly RelationRow[]) {
  await db.query(
    `INSERT INTO memory_relations (company_id, source_id, target_id, relation, memory_id)
     SELECT $1, s, t, r, m FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) AS x(s, t, r, m)
     ON CONFLICT DO NOTHING`,
    [
      companyId,
      relations.map((relation) => relation.source),
      relations.map((relation) => relation.target),
      relations.map((relation) => relation.relation),
      relations.map((relation) => relation.memoryId),
    ],
  );
}

describe('relation labels (PGlite)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  }, 120_000);
  afterAll(async () => database?.stop());

  it('labels and types every relation the write path stores, and gives the labels the pattern matches', async () => {
    const { pool } = database;
    const ids = await anchors(pool, 'labels-a', 12);
    const random = seeded(7);
    for (let batch = 0; batch < 20; batch++) await insertRelations(pool, 'labels-a', randomRelations(random, ids, 15));
    expect(await unlabelled(pool, 'labels-a')).toEqual([]);
    const { rows: untyped } = await pool.query(
      `SELECT label FROM memory_relation_labels WHERE company_id = 'labels-a' AND typing <> $1`,
      [labelTyping],
    );
    expect(untyped).toEqual([]);
    for (const types of typeSets) {
      const { by_pattern, by_labels } = await bothWays(pool, 'labels-a', types);
      expect(by_labels, types.join(', ')).toEqual(by_pattern);
    }
    // The labels this company's questions of "owns" match: the type's own name and free-form labels saying it.
    expect((await bothWays(pool, 'labels-a', ['owns'])).by_labels).toEqual(
      expect.arrayContaining(['owns', 'is owned by', 'maintains the']),
    );
  });

  it('a writer of older code leaves its labels untyped; they still match exactly, and are typed when a context opens', async () => {
    const { pool } = database;
    const ids = await anchors(pool, 'labels-b', 8);
    const random = seeded(11);
    await insertRelations(pool, 'labels-b', randomRelations(random, ids, 30));
    await insertAsOlderCode(pool, 'labels-b', randomRelations(random, ids, 30));
    expect(await unlabelled(pool, 'labels-b')).toEqual([]);
    const stale = await pool.query(
      `SELECT count(*)::int AS n FROM memory_relation_labels WHERE company_id = 'labels-b' AND typing = ''`,
    );
    expect(stale.rows[0].n).toBeGreaterThan(0);
    for (const types of typeSets) {
      const { by_pattern, by_labels } = await bothWays(pool, 'labels-b', types);
      expect(by_labels, types.join(', ')).toEqual(by_pattern);
    }
    await openMemoryContext(pool, createOfflineEmbedder());
    expect(await typeRelationLabels(pool)).toBe(0);
    const after = await pool.query(`SELECT count(*)::int AS n FROM memory_relation_labels WHERE typing <> $1`, [
      labelTyping,
    ]);
    expect(after.rows[0].n).toBe(0);
    for (const types of typeSets) {
      const { by_pattern, by_labels } = await bothWays(pool, 'labels-b', types);
      expect(by_labels, types.join(', ')).toEqual(by_pattern);
    }
  });

  it('a write repeated after a crash adds nothing and loses nothing', async () => {
    const { pool } = database;
    const ids = await anchors(pool, 'labels-c', 6);
    const relations = randomRelations(seeded(3), ids, 40);
    const client = await pool.connect();
    try {
      // A writer that dies before its commit: its transaction is rolled back, relations and labels together.
      await client.query('BEGIN');
      await insertRelations(client, 'labels-c', relations);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const count = async () =>
      (
        await pool.query(
          `SELECT (SELECT count(*) FROM memory_relations WHERE company_id = 'labels-c')::int AS relations,
                  (SELECT count(*) FROM memory_relation_labels WHERE company_id = 'labels-c')::int AS labels,
                  (SELECT count(*) FROM memory_relation_label_types WHERE company_id = 'labels-c')::int AS types`,
        )
      ).rows[0];
    expect(await count()).toEqual({ relations: 0, labels: 0, types: 0 });
    await insertRelations(pool, 'labels-c', relations);
    const once = await count();
    await insertRelations(pool, 'labels-c', relations);
    expect(await count()).toEqual(once);
    expect(once.labels).toBe(new Set(relations.map((relation) => relation.relation)).size);
    expect(await unlabelled(pool, 'labels-c')).toEqual([]);
  });
});

/**
 * Writers of this code and of older code on truly concurrent transactions (PGlite serialises them),
 * new labels arriving all the time, contexts opening now and then, a reader comparing in one statement
 * the labels the pattern matches with those the labels table gives: they must agree at every moment.
 */
describe('relation labels under concurrent writers (real PostgreSQL)', () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await startTestRealPostgres();
  }, 120_000);
  afterAll(async () => database?.stop());

  it('never leaves a relation without its label, and the labels match exactly while writers commit', async (test) => {
    if (!database) return test.skip(noRealPostgresReason);
    const { pool } = database;
    const companyId = 'labels-concurrent';
    const ids = await anchors(pool, companyId, 20);
    let writing = true;
    let checks = 0;
    const mismatches: string[] = [];
    const writer = async (seed: number) => {
      const random = seeded(seed);
      for (let round = 0; round < 25; round++) {
        const relations = randomRelations(random, ids, 6);
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          if (seed % 3 === 0) await insertAsOlderCode(client, companyId, relations);
          else await insertRelations(client, companyId, relations);
          await client.query(round % 5 === 4 ? 'ROLLBACK' : 'COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          // Two writers adding the same new labels in one transaction each may deadlock; one retries.
          if (!(error instanceof Error && /deadlock/.test(error.message))) throw error;
        } finally {
          client.release();
        }
        if (seed === 1 && round % 8 === 0) await typeRelationLabels(pool);
      }
    };
    const reader = async () => {
      while (writing) {
        for (const types of [
          ['owns'],
          ['leads', 'reports to'],
          ['uses', 'depends on', 'located in'],
        ] as RelationType[][]) {
          const { by_pattern, by_labels } = await bothWays(pool, companyId, types);
          checks++;
          if (JSON.stringify(by_pattern) !== JSON.stringify(by_labels))
            mismatches.push(`${types.join(', ')}: ${JSON.stringify(by_pattern)} vs ${JSON.stringify(by_labels)}`);
        }
      }
    };
    const reading = reader();
    await Promise.all(Array.from({ length: 6 }, (_, index) => writer(index + 1)));
    writing = false;
    await reading;
    expect(checks).toBeGreaterThan(10);
    expect(mismatches).toEqual([]);
    expect(await unlabelled(pool, companyId)).toEqual([]);
    const { rows } = await pool.query(
      `SELECT count(DISTINCT relation)::int AS n FROM memory_relations WHERE company_id = $1`,
      [companyId],
    );
    expect(rows[0].n).toBeGreaterThan(labelPool.length);
  }, 120_000);
});
