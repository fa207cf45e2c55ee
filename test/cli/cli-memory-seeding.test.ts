import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryImportView } from '../../src/memory/memory-client.ts';
import type { RememberedMemoryView } from '../../workflows/contracts/memory.ts';
import type { Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { duoTemplate } from '../helpers/templates.ts';

/**
 * Seeding what a company knows: `synthorg memory import|remember|forget` as child processes against
 * the real dev server, a worker in this process and PGlite, and the same through SynthorgClient.
 */

let env: SynthorgTestEnv;
let scratch: string;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-seed-'));
});
afterAll(async () => {
  await env?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function synthorg(...args: string[]): Promise<Run> {
  return synthorgCli(env, args);
}

function json<T>(run: Run): T {
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

const handbook = `# Handbook

Welcome to Duo. This handbook is what every new colleague reads first.

## Expenses

Travel is booked through Globetrotter Travel. Expenses above 500 dollars need approval from Bo.

## Infrastructure

Project Falcon depends on the Zephyr Database.

The Zephyr Database is hosted in the Oslo Datacenter.

\`\`\`sh
# not a heading: a comment in a code block
deploy --target oslo
\`\`\`
`;

/** Everything an import could change, to prove a second import of the same files changes nothing. */
async function snapshot(companyId: string) {
  const { rows } = await env.pool.query(
    `SELECT (SELECT count(*) FROM memories WHERE company_id = $1) AS memories,
            (SELECT count(*) FROM memories WHERE company_id = $1 AND archived_at IS NULL) AS active,
            (SELECT max(updated_at) FROM memories WHERE company_id = $1) AS updated,
            (SELECT count(*) FROM memory_entities WHERE company_id = $1) AS entities,
            (SELECT count(*) FROM memory_relations WHERE company_id = $1) AS relations,
            (SELECT max(imported_at) FROM memory_documents WHERE company_id = $1) AS imported,
            (SELECT count(*) FROM memory_document_chunks WHERE company_id = $1) AS chunk_rows`,
    [companyId],
  );
  return rows[0] as Record<string, unknown>;
}

describe('seeding a company memory from the command line', () => {
  // Some twenty CLI processes on a shared machine: generous time, the assertions are what matter.
  it(
    'imports Markdown and text, idempotently, and a changed file replaces its old chunks',
    { timeout: 300_000 },
    async () => {
      const folder = join(scratch, 'knowledge');
      await mkdir(join(folder, 'decisions'), { recursive: true });
      await mkdir(join(folder, '.git'), { recursive: true });
      await writeFile(join(folder, 'handbook.md'), handbook);
      await writeFile(
        join(folder, 'decisions', '2026-q3.txt'),
        'We chose Postgres over Mongo.\n\nPricing stays flat in Q3.\n',
      );
      await writeFile(join(folder, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
      await writeFile(join(folder, '.git', 'notes.md'), '# Hidden\n\nNot knowledge.\n');

      await env.withWorker(async () => {
        await env.client.startCompany({ id: 'seeded', template: duoTemplate() });

        const first = json<MemoryImportView>(await synthorg('memory', 'import', 'seeded', folder, '--json'));
        expect(first.documents.map((document) => document.document.slice(folder.length))).toEqual([
          '/decisions/2026-q3.txt',
          '/handbook.md',
        ]);
        const handbookImport = first.documents[1]!;
        expect(handbookImport.chunks.map((chunk) => chunk.section)).toEqual([
          'Handbook',
          'Handbook › Expenses',
          'Handbook › Infrastructure',
        ]);
        expect(first.documents[0]!.chunks.map((chunk) => chunk.section)).toEqual(['lines 1–3']);
        expect(first).toMatchObject({ created: 4, unchanged: 0, replaced: 0 });

        // Provenance and extraction, like any memory: operator-authored, with the file and section, in the graph.
        const { rows: stored } = await env.pool.query<{
          source: string;
          author_id: string;
          scope: string;
          category: string;
          document: string;
          section: string;
          content: string;
        }>(
          `SELECT m.source, m.author_id, m.scope, m.category, c.document, c.section, m.content
           FROM memories m JOIN memory_document_chunks c ON c.memory_id = m.id WHERE m.company_id = 'seeded' ORDER BY m.id`,
        );
        expect(stored).toHaveLength(4);
        expect(
          stored.every((row) => row.source === 'operator' && row.author_id === 'operator' && row.scope === 'company'),
        ).toBe(true);
        expect(stored.every((row) => row.category === 'semantic')).toBe(true);
        const infrastructure = stored.find((row) => row.section === 'Handbook › Infrastructure')!;
        expect(infrastructure.document).toBe(join(folder, 'handbook.md'));
        expect(infrastructure.content).toMatch(/^## Infrastructure\n\nProject Falcon depends on the Zephyr Database\./);
        expect(infrastructure.content).toContain('# not a heading');
        const graph = await synthorg('memory', 'graph', 'seeded', 'Zephyr Database', '--json');
        const view = json<{ relations: { source: string; relation: string; target: string }[] }>(graph);
        expect(view.relations).toEqual(
          expect.arrayContaining([expect.objectContaining({ source: 'Project Falcon', target: 'Zephyr Database' })]),
        );
        const search = json<{ hits: { content: string }[] }>(
          await synthorg('memory', 'search', 'seeded', 'who approves expenses', '--json'),
        );
        expect(search.hits[0]?.content).toMatch(/approval from Bo/);

        // The same files again: nothing changes, not even a timestamp.
        const before = await snapshot('seeded');
        const again = json<MemoryImportView>(await synthorg('memory', 'import', 'seeded', folder, '--json'));
        expect(again).toMatchObject({ created: 0, unchanged: 4, replaced: 0 });
        expect(again.documents[1]!.chunks.map((chunk) => chunk.memoryId)).toEqual(
          handbookImport.chunks.map((chunk) => chunk.memoryId),
        );
        expect(await snapshot('seeded')).toEqual(before);

        // A changed section replaces its chunk; the others keep their memories.
        const path = join(folder, 'handbook.md');
        await writeFile(path, (await readFile(path, 'utf8')).replace('500 dollars', '800 dollars'));
        const changed = json<MemoryImportView>(await synthorg('memory', 'import', 'seeded', path, '--json'));
        expect(changed).toMatchObject({ created: 1, unchanged: 2, replaced: 1 });
        const oldExpenses = handbookImport.chunks[1]!.memoryId;
        const { rows: archived } = await env.pool.query<{ archive_reason: string | null }>(
          'SELECT archive_reason FROM memories WHERE id = $1',
          [oldExpenses],
        );
        expect(archived[0]?.archive_reason).toMatch(/replaced by a newer import/);
        const { rows: active } = await env.pool.query<{ content: string }>(
          `SELECT m.content FROM memories m JOIN memory_document_chunks c ON c.memory_id = m.id
          WHERE c.document = $1 AND m.archived_at IS NULL ORDER BY c.start_line`,
          [path],
        );
        expect(active.map((row) => row.content).join('\n')).toContain('800 dollars');
        expect(active.map((row) => row.content).join('\n')).not.toContain('500 dollars');

        // Changed back: the old chunk is restored, not written a third time.
        await writeFile(path, handbook);
        const restored = json<MemoryImportView>(await synthorg('memory', 'import', 'seeded', path, '--json'));
        expect(restored).toMatchObject({ created: 0, replaced: 1 });
        expect(restored.documents[0]!.chunks[1]!.memoryId).toBe(oldExpenses);

        // An emptied file keeps nothing of its old version.
        const notes = join(folder, 'decisions', '2026-q3.txt');
        const emptied = json<MemoryImportView>(await synthorg('memory', 'import', 'seeded', notes, '--json'));
        expect(emptied.documents[0]!.chunks).toHaveLength(1);
        await writeFile(notes, '\n');
        expect(json<MemoryImportView>(await synthorg('memory', 'import', 'seeded', notes, '--json'))).toMatchObject({
          created: 0,
          replaced: 1,
          documents: [{ chunks: [] }],
        });

        // Bad input exits 2 with one line, before or at the worker.
        for (const [args, pattern] of [
          [['memory', 'import', 'seeded', join(folder, 'logo.png')], /only Markdown/],
          [['memory', 'import', 'seeded', join(scratch, 'missing')], /no such file or folder/],
          [['memory', 'import', 'seeded', folder, '--scope', 'department:nowhere'], /has no department "nowhere"/],
          [['memory', 'import', 'seeded', folder, '--scope', 'departmnt:ops'], /did you mean "department"/],
          [['memory', 'import', 'nobody-here', folder], /no company "nobody-here"/],
        ] as const) {
          const run = await synthorg(...args);
          expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(2);
          expect(run.stderr.trim().split('\n')).toHaveLength(1);
          expect(run.stderr).toMatch(pattern);
        }
      });
    },
  );

  it('remembers and forgets single facts, from the CLI and from SynthorgClient', { timeout: 300_000 }, async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'facts', template: duoTemplate() });
      const fact = 'Our biggest customer is Northwind Traders.';
      const stored = json<RememberedMemoryView>(
        await synthorg(
          'memory',
          'remember',
          'facts',
          fact,
          '--scope',
          'department:ops',
          '--category',
          'social',
          '--json',
        ),
      );
      expect(stored).toMatchObject({ created: true, scope: 'department', ownerId: 'ops', category: 'social' });
      const twice = json<RememberedMemoryView>(
        await synthorg(
          'memory',
          'remember',
          'facts',
          fact,
          '--scope',
          'department:ops',
          '--category',
          'social',
          '--json',
        ),
      );
      expect(twice).toMatchObject({ id: stored.id, created: false });

      const asWorker = json<{ hits: { id: number }[] }>(
        await synthorg('memory', 'search', 'facts', 'biggest customer', '--agent', 'worker', '--json'),
      );
      expect(asWorker.hits.map((hit) => hit.id)).toContain(stored.id);

      expect(json(await synthorg('memory', 'forget', 'facts', String(stored.id), '--json'))).toEqual({
        id: stored.id,
        forgotten: true,
      });
      expect(json(await synthorg('memory', 'forget', 'facts', String(stored.id), '--json'))).toEqual({
        id: stored.id,
        forgotten: false,
      });
      const after = json<{ hits: { id: number }[] }>(
        await synthorg('memory', 'search', 'facts', 'biggest customer', '--json'),
      );
      expect(after.hits.map((hit) => hit.id)).not.toContain(stored.id);
      const missing = await synthorg('memory', 'forget', 'facts', '987654');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/no memory #987654 in company "facts"/);

      // The client library offers the same operations.
      const remembered = await env.client.rememberMemory('facts', 'Invoices go out on the 1st.', {
        category: 'procedural',
      });
      expect(remembered).toMatchObject({ created: true, scope: 'company', ownerId: 'facts', category: 'procedural' });
      const notes = join(scratch, 'notes.md');
      await writeFile(notes, '# Notes\n\nThe office closes at six.\n');
      const imported = await env.client.importMemory('facts', notes, { scope: 'agent', ownerId: 'boss' });
      expect(imported).toMatchObject({ created: 1, documents: [{ document: notes, chunks: [{ section: 'Notes' }] }] });
      expect(await env.client.forgetMemory('facts', remembered.id, 'superseded')).toEqual({
        id: remembered.id,
        forgotten: true,
      });
    });
  });
});
