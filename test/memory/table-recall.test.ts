import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';
import { graphWalkedKeys } from './helpers/graph-walked.ts';

/**
 * A chain whose middle link is only a table row (twentieth round, src/memory/graph/table-rows.ts): a device is kept
 * on a ward (a sentence), the ward's equipment is serviced by a contractor (a CSV row below the superseded row of the
 * ward's previous contractor), the contractor's fault line (a sentence). The previous contractor's fault line is the
 * look-alike. The notes are written for the test, not taken from a family.
 */
const chains = [
  { device: 'Infusion Pump 4471', ward: 'Heron Ward', old: 'Calder Clinical', now: 'Tamar Device Care' },
  { device: 'Syringe Driver 2318', ward: 'Linnet Ward', old: 'Vantor Medical', now: 'Orrin Engineering' },
];
const notes = chains.flatMap(({ device, ward, old, now }, index) => [
  { key: `kept-${index}`, content: `${device} has been kept on ${ward} since the spring.` },
  {
    key: `contract-${index}`,
    content: [
      '# service contracts, estates export',
      'ward,service contractor,status',
      `${ward},${old},replaced`,
      `Rowan Ward,${old},in force`,
      `${ward},${now},in force`,
    ].join('\n'),
  },
  { key: `answer-${index}`, content: `For faults, ring the helpdesk at ${now} on 0161 555 ${4821 + index}.` },
  { key: `lookalike-${index}`, content: `For faults, ring the helpdesk at ${old} on 0161 555 ${7302 + index}.` },
]);

describe('a chain through a table row (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'tables-on', notes, 'test');
    offlineExtractorRules.tables = false;
    await rememberNotes(context, 'tables-off', notes, 'test');
    offlineExtractorRules.tables = true;
  });
  afterEach(() => {
    offlineExtractorRules.tables = true;
  });
  afterAll(async () => database?.stop());

  const question = (device: string) =>
    `Which number do I ring about a fault on ${device}, for the firm servicing the kit on its ward?`;

  it("answers through the current row and never reaches the superseded row's contractor", async () => {
    for (const [index, { device }] of chains.entries()) {
      const keys = await graphWalkedKeys(context, 'tables-on', question(device), notes, 5);
      expect(keys[0]).toBe(`answer-${index}`);
      expect(keys).not.toContain(`lookalike-${index}`);
    }
  });

  it('reaches the look-alike when the table is read as sentences (the rule off when the notes were stored)', async () => {
    const reached = await Promise.all(
      chains.map(async ({ device }) => graphWalkedKeys(context, 'tables-off', question(device), notes, 5)),
    );
    expect(reached.some((keys, index) => keys.includes(`lookalike-${index}`))).toBe(true);
  });
});
