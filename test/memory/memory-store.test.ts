import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlot, writeSlot } from '../../src/memory/compare-and-set.ts';
import { reinforce } from '../../src/memory/consolidation/reinforcement.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { MemoryAccessError, MemoryInputError, MemoryVersionConflictError } from '../../src/memory/errors.ts';
import { graphQuery } from '../../src/memory/graph/graph-query.ts';
import { recall } from '../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../src/memory/memory-context.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { forget, remember } from '../../src/memory/memory-store.ts';
import { vectorOnlyWeights } from '../../src/memory/recall-weights.ts';
import type { MemoryWrite } from '../../src/memory/types.ts';
import type { MemoryTestDatabase } from './helpers/databases.ts';
import { startPgliteDatabase, startPostgresDatabase } from './helpers/databases.ts';

const backends: [string, () => Promise<MemoryTestDatabase | undefined>, 'pgvector' | 'sketch'][] = [
  ['PGlite with pgvector', () => startPgliteDatabase({ vector: true }), 'pgvector'],
  ['PGlite without pgvector (fallback)', () => startPgliteDatabase({ vector: false }), 'sketch'],
  ['real PostgreSQL without pgvector (fallback)', () => startPostgresDatabase(), 'sketch'],
];

const operator = { kind: 'operator' } as const;

describe.each(backends)('memory on %s', (_name, start, expectedBackend) => {
  let database: MemoryTestDatabase | undefined;
  let context: MemoryContext;
  let counter = 0;
  const write = (overrides: Partial<MemoryWrite> & { content: string }): MemoryWrite => ({
    key: `test#${++counter}`,
    companyId: 'acme',
    scope: 'company',
    ownerId: 'acme',
    authorId: 'eng-1',
    ...overrides,
  });
  const count = async (companyId: string) =>
    Number(
      (await database!.pool.query('SELECT count(*) FROM memories WHERE company_id = $1', [companyId])).rows[0].count,
    );

  beforeAll(async () => {
    database = await start();
    if (!database) return;
    context = await openMemoryContext(database.pool, createOfflineEmbedder());
  });
  afterAll(async () => database?.stop());

  it('uses the backend the schema chose', (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    expect(context.backend.kind).toBe(expectedBackend);
  });

  it('writes a memory once per key, with provenance, and a retry writes nothing new', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const first = await remember(context, {
      ...write({ content: 'The staging cluster restarts every Sunday at 02:00.' }),
      key: 'wf-1#3',
      provenance: { taskId: 't-1', workflowId: 'wf-1' },
    });
    const again = await remember(context, { ...write({ content: 'different text, same key' }), key: 'wf-1#3' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const { rows } = await database.pool.query(
      'SELECT content, task_id, workflow_id, version FROM memories WHERE id = $1',
      [first.id],
    );
    expect(rows[0]).toEqual({
      content: 'The staging cluster restarts every Sunday at 02:00.',
      task_id: 't-1',
      workflow_id: 'wf-1',
      version: 1,
    });
  });

  it('rejects bad input with a clear error and writes nothing', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const before = await count('acme');
    await expect(remember(context, write({ content: 'x'.repeat(8_001) }))).rejects.toThrow(
      /content is limited to 8000 characters/,
    );
    await expect(remember(context, { ...write({ content: 'fine' }), scope: 'team' as never })).rejects.toThrow(
      MemoryInputError,
    );
    await expect(remember(context, write({ content: 'fine', ownerId: 'globex' }))).rejects.toThrow(
      /company-scoped memory is owned by its company/,
    );
    await expect(remember(context, write({ content: '   ' }))).rejects.toThrow(MemoryInputError);
    expect(await count('acme')).toBe(before);
  });

  it('never lets one company read or change another company’s memory', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const secret = await remember(context, write({ content: 'Acme pricing: the Orion plan costs 42 dollars.' }));
    await remember(
      context,
      write({ companyId: 'globex', ownerId: 'globex', content: 'Globex likes the colour blue.' }),
    );
    const seen = await recall(context, { companyId: 'globex', viewer: operator, query: 'Orion plan pricing dollars' });
    expect(seen.memories.map((memory) => memory.companyId)).toEqual(['globex']);
    await expect(
      recall(context, { companyId: 'globex', viewer: operator, query: 'x', ids: [secret.id] }),
    ).resolves.toMatchObject({
      memories: [expect.objectContaining({ companyId: 'globex' })],
    });
    const byId = await recall(context, { companyId: 'globex', viewer: operator, query: 'anything', ids: [secret.id] });
    expect(byId.memories.some((memory) => memory.id === secret.id)).toBe(false);

    await expect(
      forget(context, { companyId: 'globex', ids: [secret.id], who: { kind: 'operator' }, reason: 'test' }),
    ).rejects.toThrow(MemoryAccessError);
    await expect(
      reinforce(database.pool, { companyId: 'globex', memoryIds: [secret.id], outcome: 'reject', key: 'r-x' }),
    ).rejects.toThrow(MemoryAccessError);
    const { rows } = await database.pool.query('SELECT archived_at, reinforcement FROM memories WHERE id = $1', [
      secret.id,
    ]);
    expect(rows[0]).toEqual({ archived_at: null, reinforcement: 0 });
    expect(
      (await graphQuery(database.pool, { companyId: 'globex', viewer: operator, entity: 'Orion' })).entity,
    ).toBeNull();
    expect(
      (await graphQuery(database.pool, { companyId: 'acme', viewer: operator, entity: 'Orion' })).entity?.name,
    ).toBe('Orion');
  });

  it('shows an agent its own, its department’s and the company’s memories only', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const own = await remember(
      context,
      write({ scope: 'agent', ownerId: 'eng-1', content: 'Kestrel notes: eng-1 private draft.' }),
    );
    const other = await remember(
      context,
      write({ scope: 'agent', ownerId: 'eng-2', content: 'Kestrel notes: eng-2 private draft.' }),
    );
    const team = await remember(
      context,
      write({ scope: 'department', ownerId: 'engineering', content: 'Kestrel notes: engineering runbook.' }),
    );
    const sales = await remember(
      context,
      write({ scope: 'department', ownerId: 'sales', content: 'Kestrel notes: sales pipeline.' }),
    );
    const viewer = { kind: 'agent', agentId: 'eng-1', department: 'engineering' } as const;
    const found = await recall(context, { companyId: 'acme', viewer, query: 'Kestrel notes', limit: 20 });
    const ids = found.memories.map((memory) => memory.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, team.id]));
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(sales.id);
  });

  it('lets agents forget only within their reach, all or nothing', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const mine = await remember(
      context,
      write({ scope: 'agent', ownerId: 'eng-1', content: 'A note eng-1 wrote for itself.' }),
    );
    const companyWide = await remember(
      context,
      write({ authorId: 'ceo', content: 'Company-wide fact written by the CEO.' }),
    );
    const junior = { kind: 'agent', agentId: 'eng-1', department: 'engineering', seniority: 'junior' } as const;
    await expect(
      forget(context, { companyId: 'acme', ids: [mine.id, companyWide.id], who: junior, reason: 'tidy' }),
    ).rejects.toThrow(/may not forget #\d+ \(company scope\)/);
    const { rows } = await database.pool.query(
      'SELECT count(*) FROM memories WHERE id = ANY($1) AND archived_at IS NOT NULL',
      [[mine.id, companyWide.id]],
    );
    expect(Number(rows[0].count)).toBe(0);
    await expect(forget(context, { companyId: 'acme', ids: [mine.id], who: junior, reason: 'tidy' })).resolves.toEqual({
      forgotten: [mine.id],
    });
    const director = { kind: 'agent', agentId: 'cto', department: 'engineering', seniority: 'director' } as const;
    await expect(
      forget(context, { companyId: 'acme', ids: [companyWide.id], who: director, reason: 'outdated' }),
    ).resolves.toEqual({
      forgotten: [companyWide.id],
    });
    const after = await recall(context, {
      companyId: 'acme',
      viewer: operator,
      query: 'Company-wide fact written by the CEO',
    });
    expect(after.memories.map((memory) => memory.id)).not.toContain(companyWide.id);
  });

  it('compare-and-set: a stale version is a typed conflict, a retried key applies once', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const slot = { companyId: 'acme', slot: 'policy/pricing', authorId: 'cfo' };
    const created = await writeSlot(context, { ...slot, key: 'cas#1', expectedVersion: 0, content: 'Orion costs 42.' });
    expect(created).toMatchObject({ version: 1, replayed: false });
    const updated = await writeSlot(context, { ...slot, key: 'cas#2', expectedVersion: 1, content: 'Orion costs 45.' });
    expect(updated).toMatchObject({ id: created.id, version: 2 });
    const stale = writeSlot(context, { ...slot, key: 'cas#3', expectedVersion: 1, content: 'Orion costs 40.' });
    await expect(stale).rejects.toThrow(MemoryVersionConflictError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2, currentContent: 'Orion costs 45.' });
    expect(await writeSlot(context, { ...slot, key: 'cas#2', expectedVersion: 1, content: 'Orion costs 45.' })).toEqual(
      {
        id: created.id,
        version: 2,
        replayed: true,
      },
    );
    expect(await readSlot(database.pool, 'acme', 'policy/pricing')).toEqual({
      id: created.id,
      version: 2,
      content: 'Orion costs 45.',
    });
    await expect(
      writeSlot(context, { ...slot, slot: 'Bad Slot!', key: 'cas#4', expectedVersion: 0, content: 'x' }),
    ).rejects.toThrow(/slot name/);
  });

  it('reinforces once per key, and recall favours reinforced memories', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const good = await remember(context, write({ content: 'Deploy checklist: run the smoke tests first.' }));
    const bad = await remember(context, write({ content: 'Deploy checklist: skip the smoke tests first.' }));
    const key = 'wf-9#reinforce-1';
    expect(
      await reinforce(database.pool, { companyId: 'acme', memoryIds: [good.id], outcome: 'approve', key }),
    ).toEqual({ reinforced: 1 });
    expect(
      await reinforce(database.pool, { companyId: 'acme', memoryIds: [good.id], outcome: 'approve', key }),
    ).toEqual({ reinforced: 0 });
    await reinforce(database.pool, {
      companyId: 'acme',
      memoryIds: [bad.id],
      outcome: 'fail',
      key: 'wf-9#reinforce-2',
    });
    const found = await recall(context, { companyId: 'acme', viewer: operator, query: 'deploy checklist smoke tests' });
    const order = found.memories.map((memory) => memory.id);
    expect(order.indexOf(good.id)).toBeLessThan(order.indexOf(bad.id));
    expect(found.memories.find((memory) => memory.id === good.id)?.reinforcement).toBeCloseTo(0.5, 2);
  });

  it('GraphRAG follows relations to answer a multi-hop question that vector recall misses', async (test) => {
    if (!database) return test.skip('no PostgreSQL server binaries on this machine');
    const companyId = `graph-${expectedBackend}-${counter}`;
    const facts = [
      'Alice Moreau leads Project Falcon.',
      'Project Falcon depends on the Zephyr Database.',
      'The Zephyr Database is hosted in the Oslo Datacenter.',
      'Bob Stone leads Project Heron.',
      'Project Heron depends on the Quartz Database.',
      'The Quartz Database is hosted in the Lima Datacenter.',
      'Carla Diaz leads Project Ibis.',
      'Project Ibis depends on the Onyx Database.',
      'The Onyx Database is hosted in the Cairo Datacenter.',
    ];
    const ids: number[] = [];
    for (const content of facts)
      ids.push((await remember(context, write({ companyId, ownerId: companyId, content }))).id);
    const question = 'In which datacenter is the database hosted that the project led by Alice Moreau depends on?';
    const answer = ids[2];
    const graph = await recall(context, { companyId, viewer: operator, query: question, limit: 3 });
    const vector = await recall(context, {
      companyId,
      viewer: operator,
      query: question,
      limit: 3,
      weights: vectorOnlyWeights,
      hops: 0,
    });
    expect(graph.memories.map((memory) => memory.id)).toEqual(expect.arrayContaining([ids[0], ids[1], answer]));
    expect(vector.memories.map((memory) => memory.id)).not.toContain(answer);
  });
});
