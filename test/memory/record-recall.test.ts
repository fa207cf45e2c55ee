import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { offlineExtractorRules } from '../../src/memory/graph/offline-extractor-rules.ts';
import { type MemoryContext, openMemoryContext } from '../../src/memory/memory-context.ts';
import { type MemoryTestDatabase, startPgliteDatabase } from './helpers/databases.ts';
import { graphWalkedKeys } from './helpers/graph-walked.ts';

/**
 * A chain whose first link is only a record's field (twenty-second round, src/memory/graph/record-fields.ts): a
 * courier's depot is a `key: value` line of a roster record (under the depot they left) or a ticket's field changed
 * with an arrow; the depot's gate code is a sentence. The old depot's gate code is the look-alike. The notes are
 * written for the test, not taken from a family.
 */
const notes = [
  {
    key: 'record-0',
    content: ['courier: Maelis Tregarth', 'previous depot: Carrow Yard', 'depot: Pellow Yard', 'van: 14'].join('\n'),
  },
  { key: 'answer-0', content: 'The night gate at Pellow Yard opens with keypad code K8842.' },
  { key: 'lookalike-0', content: 'The night gate at Carrow Yard opens with keypad code K3907.' },
  {
    key: 'record-1',
    content: ['OPS-512 [Idris Penhallow] depot move', 'Status: Done', 'Depot: Hayle Sidings → Ludgvan Works'].join(
      '\n',
    ),
  },
  { key: 'answer-1', content: 'The night gate at Ludgvan Works opens with keypad code K5120.' },
  { key: 'lookalike-1', content: 'The night gate at Hayle Sidings opens with keypad code K6011.' },
];
const couriers = ['Maelis Tregarth', 'Idris Penhallow'];
const question = (courier: string) => `Which keypad code opens the night gate of the depot ${courier} works from?`;

describe('a chain through a record field (PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;

  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    await rememberNotes(context, 'records-on', notes, 'test');
    offlineExtractorRules.records = false;
    await rememberNotes(context, 'records-off', notes, 'test');
    offlineExtractorRules.records = true;
  });
  afterEach(() => {
    offlineExtractorRules.records = true;
  });
  afterAll(async () => database?.stop());

  it("reaches the current depot's gate code through the field, never the old depot's", async () => {
    for (const [index, courier] of couriers.entries()) {
      const keys = await graphWalkedKeys(context, 'records-on', question(courier), notes, 5);
      expect(keys).toContain(`answer-${index}`);
      expect(keys.indexOf(`answer-${index}`)).toBeLessThan(2);
      expect(keys).not.toContain(`lookalike-${index}`);
    }
  });

  it('does not reach the answer when the records were stored as sentences (the rule off)', async () => {
    for (const [index, courier] of couriers.entries()) {
      const keys = await graphWalkedKeys(context, 'records-off', question(courier), notes, 5);
      expect(keys).not.toContain(`answer-${index}`);
    }
  });
});
