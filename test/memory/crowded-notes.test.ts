import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import {
  crowdAt,
  CrowdedHops,
  crowdedNotes,
  noteNames,
  noteShare,
  paddedSentences,
} from '../../src/memory/graph/crowded-notes.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import type { Queryable } from '../../src/memory/sql.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';

/**
 * Crowded notes (thirty-third round, src/memory/graph/crowded-notes.ts, docs/memory-rounds.md): a note naming many
 * entities relates each to the others in passing, so its relations count less. The sentences are written for the test.
 */
const defaults = { ...crowdedNotes };
afterEach(() => {
  Object.assign(crowdedNotes, defaults);
});

describe('crowded notes, the factor', () => {
  it('gives a note naming k entities a share of 1/(k − 1) per relation, at most 1', () => {
    expect(noteShare(2)).toBe(1);
    expect(noteShare(1)).toBe(1);
    expect(noteShare(4)).toBeCloseTo(1 / 3, 12);
  });

  it('counts the names of the sentence saying both ends of a hop, 2 where none says both', () => {
    const names = new Map([
      [1, 'zuzana dunleavy'],
      [2, 'port of aarhus'],
      [3, 'linz plant'],
      [4, 'osprey ledger'],
    ]);
    const sentences = paddedSentences(
      'Zuzana Dunleavy flew from the Port of Aarhus to the Linz Plant. The Linz Plant makes the Osprey Ledger.',
    );
    expect(crowdAt(sentences, names, 2, 3)).toBe(3);
    expect(crowdAt(sentences, names, 3, 4)).toBe(2);
    expect(crowdAt(sentences, names, 1, 4)).toBe(2);
  });

  it('multiplies a path by its hops’ shares to the exponent, by sentence or by note', () => {
    crowdedNotes.exponent = 0.5;
    const names = new Map([
      [
        7,
        new Map([
          [1, 'ada'],
          [2, 'bo'],
          [3, 'cy'],
          [4, 'di'],
          [5, 'ed'],
        ]),
      ],
      [
        8,
        new Map([
          [1, 'ada'],
          [2, 'bo'],
        ]),
      ],
    ]);
    const contents = new Map([
      [7, 'Ada met Bo. Cy, Di and Ed met Bo.'],
      [8, 'Ada met Bo.'],
    ]);
    const contentOf = (id: number) => contents.get(id);
    const hops = [
      { memoryId: 8, from: 1, to: 2 },
      { memoryId: 7, from: 3, to: 2 },
    ];
    expect(new CrowdedHops(names, contentOf).factor(hops)).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(new CrowdedHops(names, contentOf).factor([{ memoryId: 7, from: 1, to: 2 }])).toBe(1);
    crowdedNotes.by = 'note';
    expect(new CrowdedHops(names, contentOf).factor([{ memoryId: 7, from: 1, to: 2 }])).toBeCloseTo(0.5, 12);
    expect(new CrowdedHops(names, contentOf).factor([{ memoryId: 9, from: 1, to: 2 }])).toBe(1);
  });

  it('is off at exponent 0: factor 1 and no statement', async () => {
    crowdedNotes.exponent = 0;
    const names = new Map([
      [
        7,
        new Map([
          [1, 'ada'],
          [2, 'bo'],
          [3, 'cy'],
        ]),
      ],
    ]);
    expect(new CrowdedHops(names, () => 'Ada, Bo and Cy met.').factor([{ memoryId: 7, from: 1, to: 2 }])).toBe(1);
    let statements = 0;
    const db = {
      query: () => {
        statements++;
        return Promise.resolve({ rows: [] });
      },
    } as unknown as Queryable;
    expect((await noteNames(db, [1, 2])).size).toBe(0);
    expect(statements).toBe(0);
  });
});

/**
 * Three parts; each is made at a plant that ships through a port, and the answer note says the port's closing in other
 * words ("no ships can dock"). From each plant a crowded note (a visit naming three people, the plant and another port)
 * leads to that other port, whose note says "closes" in the question's own word: by word share the look-alike
 * outranks the answer, unless the crowded note's relations count less.
 */
const parts = [
  ['Bracket Q1', 'Linz Plant', 'Port of Livorno', 'Port of Aarhus', 'Zuzana Dunleavy', 'Konrad Weiss', 'Ana Ruiz'],
  ['Hinge R4', 'Ulm Plant', 'Port of Gdynia', 'Port of Antwerp', 'Theodora Young', 'Milan Hrabal', 'Ola Berg'],
  ['Sprocket M7', 'Tours Plant', 'Port of Bilbao', 'Port of Tallinn', 'Isidro Navarro', 'Petra Lindqvist', 'Ivo Kral'],
] as const;
const notes = parts.flatMap(([part, plant, port, other, visitor, host, driver], index) => [
  { key: `made-${index}`, content: `${part} is produced by the ${plant}.` },
  { key: `ships-${index}`, content: `The ${plant} ships its output through the ${port}.` },
  { key: `answer-${index}`, content: `No ships can dock at the ${port} from ${6 + index} June 2028.` },
  { key: `visit-${index}`, content: `${visitor} and ${host} rode with ${driver} from the ${other} to the ${plant}.` },
  { key: `closes-${index}`, content: `The ${other} closes for dredging on ${16 + index} August 2028.` },
]);
const questions = parts.map(([part]) => `On which date is the port used by the ${part}'s factory closed?`);

describe('recall prefers a chain of plain notes to a path through a crowded one (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  const companyId = 'crowded-notes';

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, companyId, notes, 'test');
  });
  afterAll(async () => database?.stop());

  /** Per question, whether its answer note ranks above the look-alike's. */
  const answersFirst = async () => {
    const firsts: boolean[] = [];
    for (const [index, query] of questions.entries()) {
      const { memories } = await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 10 });
      const at = (key: string) => {
        const content = notes.find((note) => note.key === key)?.content;
        const rank = memories.findIndex((memory) => memory.content === content);
        return rank < 0 ? Infinity : rank;
      };
      firsts.push(at(`answer-${index}`) < at(`closes-${index}`));
    }
    return firsts;
  };

  it('reads a note’s names without its dates, in one statement', async () => {
    const { rows } = await database.pool.query<{ id: string }>(
      `SELECT id FROM memories WHERE company_id = $1 AND content LIKE 'No ships can dock at the Port of Livorno%'`,
      [companyId],
    );
    const id = Number(rows[0]?.id);
    crowdedNotes.exponent = 1;
    expect([...((await noteNames(database.pool, [id])).get(id)?.values() ?? [])]).toEqual(['port of livorno']);
  });

  // The exponent the grid chose (0.25) moves the answer up but not past a look-alike this far ahead; 1 shows the rule.
  it('ranks each look-alike above the answer with the rule off, and each answer above it at exponent 1', async () => {
    crowdedNotes.exponent = 0;
    expect(await answersFirst()).toEqual([false, false, false]);
    crowdedNotes.exponent = 1;
    expect(await answersFirst()).toEqual([true, true, true]);
  });
});
