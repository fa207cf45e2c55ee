import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureClass, relationsByMemory } from '../../bench/failure-classes.ts';
import type { HeldOutQuestion } from '../../bench/held-out-families.ts';
import { storeFamily, type StoredFamily } from '../../bench/stored-family.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { startPgliteDatabase, type MemoryTestDatabase } from './helpers/databases.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const companyId = 'failure-classes';
const memories = [
  { key: 'lead', content: 'Priya Valdez leads Project Northwind.' },
  { key: 'vendor', content: 'Project Northwind uses Acme Systems as its vendor.' },
  { key: 'renewal', content: 'Acme Systems renews its contract on 14 March 2027.' },
  { key: 'weather', content: 'The weather was fine on Tuesday and the car park was full.' },
  { key: 'other-lead', content: 'Oskar Petrov leads Project Bluebird.' },
  { key: 'other-vendor', content: 'Project Bluebird uses Cobalt Labs as its vendor.' },
  { key: 'other-renewal', content: 'Cobalt Labs renews its contract on 2 June 2028.' },
];
const question = (text: string, supporting: string[]): HeldOutQuestion => ({ question: text, supporting, hops: 2 });

describe('failure classes of a missed multi-hop question (bench/failure-classes.ts, PGlite + pgvector)', () => {
  let database: MemoryTestDatabase;
  let context: MemoryContext;
  let stored: StoredFamily;
  beforeAll(async () => {
    database = await startPgliteDatabase({ vector: true });
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
    stored = await storeFamily(context, companyId, { memories, questions: [] }, 'test');
  });
  afterAll(async () => database?.stop());

  const classOf = async (asked: HeldOutQuestion) => {
    const { memories: ranked } = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: asked.question,
      limit: 50,
    });
    return failureClass(
      database.pool,
      companyId,
      asked,
      stored,
      await relationsByMemory(database.pool, companyId),
      ranked,
    );
  };

  it('has no class for a question whose answer note recall ranks in its top 5', async () => {
    const asked = question('When does the vendor used by the project that Priya Valdez leads renew?', [
      'lead',
      'vendor',
      'renewal',
    ]);
    expect(await classOf(asked)).toBeUndefined();
  });

  it('names linking when no entity of the question is mentioned by the chain’s first note', async () => {
    // The chain given is another project's, so its answer note is not what recall ranks first, and its first note
    // names nobody the question names (were the answer in the top 5, the class would be undefined).
    const asked = question('When does the vendor used by the project that Priya Valdez leads renew?', [
      'other-lead',
      'other-vendor',
      'other-renewal',
    ]);
    expect(await classOf(asked)).toBe('linking');
  });

  it('names the bridge not shared when the next chain note mentions none of the entities reached', async () => {
    const asked = question('When does the vendor used by the project that Priya Valdez leads renew?', [
      'lead',
      'weather',
      'other-renewal',
    ]);
    expect(await classOf(asked)).toBe('bridge not shared');
  });
});

describe('bench/held-out-failures.ts', () => {
  it('refuses a tuning family and an unknown key, naming them, before it stores anything', async () => {
    const failed = await promisify(execFile)(process.execPath, ['bench/held-out-failures.ts', 'tickets,nope'], {
      cwd: root,
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('no such multi-hop family: nope');
    expect(failed?.stderr).toContain('not held out (use bench/multi-hop-failures.ts for these): tickets');
  });
});
