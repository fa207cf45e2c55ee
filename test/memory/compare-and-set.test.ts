import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSlot } from '../../src/memory/compare-and-set.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { noRealPostgresReason, startTestRealPostgres } from '../helpers/database.ts';

const writerScript = fileURLToPath(new URL('./cas-writer.ts', import.meta.url));
const processes = 3;
const writersPerProcess = 6;
const increments = 15;

interface WriterReport {
  successes: Record<string, number>;
  conflicts: number;
}

function runWriter(url: string, mode: 'cas' | 'blind', slots: string[], tag: string): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [writerScript, url, mode, String(writersPerProcess), String(increments), slots.join(','), tag],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer ${tag} exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim()) as WriterReport);
    });
  });
}

/**
 * Several worker processes × many concurrent writers on the same keys, against a real PostgreSQL
 * server (PGlite serialises connections, so it cannot show a race).
 */
describe('compare-and-set on advisory locks across processes (real PostgreSQL)', () => {
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await startTestRealPostgres();
  });
  afterAll(async () => database?.stop());

  async function createSlots(prefix: string): Promise<string[]> {
    const context = await openMemoryContext(database!.pool, createOfflineEmbedder());
    const slots = [`${prefix}/a`, `${prefix}/b`, `${prefix}/c`];
    for (const slot of slots) {
      await writeSlot(context, {
        key: `${prefix}:create:${slot}`,
        companyId: 'cas',
        slot,
        expectedVersion: 0,
        content: 'count=0',
        authorId: 'test',
      });
    }
    return slots;
  }

  async function finalState(slots: string[]) {
    const { rows } = await database!.pool.query<{ slot: string; content: string; version: number }>(
      `SELECT slot, content, version FROM memories WHERE company_id = 'cas' AND slot = ANY($1) AND archived_at IS NULL`,
      [slots],
    );
    return new Map(
      rows.map((row) => [row.slot, { count: Number(row.content.replace('count=', '')), version: row.version }]),
    );
  }

  function totals(reports: WriterReport[], slots: string[]) {
    return new Map(
      slots.map((slot) => [slot, reports.reduce((sum, report) => sum + (report.successes[slot] ?? 0), 0)]),
    );
  }

  it('loses no update: each slot counts every successful write, and its version is that count plus the creation', async (test) => {
    if (!database) return test.skip(noRealPostgresReason);
    const slots = await createSlots('with-cas');
    const reports = await Promise.all(
      Array.from({ length: processes }, (_, index) => runWriter(database!.url, 'cas', slots, `p${index}`)),
    );
    const written = totals(reports, slots);
    const state = await finalState(slots);
    for (const slot of slots) {
      expect(state.get(slot)?.count).toBe(written.get(slot));
      expect(state.get(slot)?.version).toBe((written.get(slot) ?? 0) + 1);
    }
    expect([...written.values()].reduce((sum, value) => sum + value, 0)).toBe(
      processes * writersPerProcess * increments,
    );
    // The writers really raced: some writes were refused and retried.
    expect(reports.reduce((sum, report) => sum + report.conflicts, 0)).toBeGreaterThan(0);
    const { rows } = await database.pool.query(
      `SELECT count(*)::int AS revisions FROM memory_revisions r JOIN memories m ON m.id = r.memory_id WHERE m.slot = ANY($1)`,
      [slots],
    );
    expect(rows[0].revisions).toBe(processes * writersPerProcess * increments + slots.length);
  });

  it('control: the same writers without compare-and-set lose updates', async (test) => {
    if (!database) return test.skip(noRealPostgresReason);
    const slots = await createSlots('blind');
    const reports = await Promise.all(
      Array.from({ length: processes }, (_, index) => runWriter(database!.url, 'blind', slots, `b${index}`)),
    );
    const written = totals(reports, slots);
    const state = await finalState(slots);
    const counted = slots.reduce((sum, slot) => sum + (state.get(slot)?.count ?? 0), 0);
    const successful = [...written.values()].reduce((sum, value) => sum + value, 0);
    expect(successful).toBe(processes * writersPerProcess * increments);
    expect(counted).toBeLessThan(successful);
  });
});
