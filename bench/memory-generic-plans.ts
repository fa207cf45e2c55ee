/**
 * The statements recall sends as named prepared statements (src/db/prepared-query.ts), on a kept store
 * (bench/memory-load.ts): each run as an unnamed statement (planned with its values, every time, as before
 * the tenth round) and as the named statement (after five executions PostgreSQL keeps a generic plan where
 * it is no dearer), alternating, with the rows of both compared. A step's `LIMIT` without `ORDER BY`
 * returns what its plan reads first, so the two must return the same rows for every statement.
 *
 *   node bench/memory-generic-plans.ts --data-dir DIR [--queries 40] [--rounds 3] [--shared-buffers 256MB]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany } from './memory-load.ts';
import { recordingPool } from './recording-pool.ts';
import type { SentStatement } from './recording-pool.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '3' },
    'shared-buffers': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');

const parts: [string, RegExp][] = [
  ['first (vector + text + linking)', /vector_hits AS/],
  ['graph step (typed)', /DISTINCT ON \(h\.entity_id[\s\S]*relation = ANY\(ARRAY/],
  ['graph step', /DISTINCT ON \(h\.entity_id/],
  ['graph mentions', /SELECT link\.memory_id, h\.entity_id/],
  ['graph path ends (answer kinds)', /SELECT id, normalized, kind FROM memory_entities/],
  ['final fetch', /AS text_rank/],
];
const partOf = (sql: string) => parts.find(([, pattern]) => pattern.test(sql))?.[0] ?? sql.slice(0, 40);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const write = (line: string) => process.stdout.write(`${line}\n`);

const sharedBuffers = values['shared-buffers'];
const database = await openKeptStore(dataDir, sharedBuffers === undefined ? {} : { sharedBuffers });
try {
  const sink = { sent: [] as SentStatement[] };
  const context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
  const queries = benchQueries(Number(values.queries), 11);
  const named: SentStatement[] = [];
  for (const query of queries) {
    sink.sent = [];
    await recall(context, { companyId: benchCompany, viewer: { kind: 'operator' }, query });
    named.push(...sink.sent.filter((statement) => statement.name !== undefined));
  }
  const client = await database.pool.connect();
  const byPart = new Map<string, { unnamed: number; named: number; count: number; differing: number }>();
  const rounds = Number(values.rounds);
  const loadBefore = uptime();
  try {
    for (let round = 0; round < rounds; round++)
      for (const [index, statement] of named.entries()) {
        const results = new Map<'unnamed' | 'named', string>();
        const times = new Map<'unnamed' | 'named', number>();
        for (const side of (index + round) % 2 === 0
          ? (['unnamed', 'named'] as const)
          : (['named', 'unnamed'] as const)) {
          const started = process.cpuUsage();
          const result =
            side === 'named'
              ? await client.query({ name: statement.name, text: statement.sql, values: statement.params })
              : await client.query(statement.sql, statement.params);
          times.set(side, cpuMs(process.cpuUsage(started)));
          results.set(side, JSON.stringify(result.rows));
        }
        const part = partOf(statement.sql);
        const entry = byPart.get(part) ?? { unnamed: 0, named: 0, count: 0, differing: 0 };
        byPart.set(part, {
          unnamed: entry.unnamed + (times.get('unnamed') ?? 0),
          named: entry.named + (times.get('named') ?? 0),
          count: entry.count + 1,
          differing: entry.differing + (results.get('unnamed') === results.get('named') ? 0 : 1),
        });
      }
    const { rows } = await client.query<{ generic: number; custom: number }>(
      'SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom FROM pg_prepared_statements',
    );
    write(`before: ${loadBefore}`);
    write(`after:  ${uptime()}`);
    write(
      `${queries.length} recalls' named statements × ${rounds} round(s), store ${dataDir}, shared_buffers ${database.sharedBuffers}`,
    );
    write(`plans PostgreSQL chose for the named statements: ${rows[0]?.generic} generic, ${rows[0]?.custom} custom`);
    write(
      'part                             statements/recall  unnamed CPU ms/recall  named CPU ms/recall  rows differing',
    );
    const perRecall = (ms: number) => (ms / rounds / queries.length).toFixed(2);
    for (const [part, entry] of byPart)
      write(
        `${part.padEnd(32)} ${(entry.count / rounds / queries.length).toFixed(1).padStart(17)}  ${perRecall(entry.unnamed).padStart(21)}  ${perRecall(entry.named).padStart(19)}  ${entry.differing} of ${entry.count}`,
      );
  } finally {
    client.release();
  }
} finally {
  await database.stop();
}
