/**
 * CPU time of hybrid recall by part, on a kept 100k store (bench/memory-load.ts). PGlite runs in this
 * process, so `process.cpuUsage()` around a statement is the database's work plus the client's, and it
 * is far less disturbed than wall time when other processes load the machine. Each statement a recall
 * sent is run again three times, then three times under `EXPLAIN` alone (planning and the round trip,
 * no execution; not for named statements, which run on their kept plan); the rest of a recall's CPU is the worker's (embedding, walk scoring, row parsing).
 *
 *   node bench/memory-cpu.ts --data-dir DIR [--queries 24] [--recall OTHER/src/memory/hybrid-recall.ts]
 *        [--shared-buffers 256MB]
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall as currentRecall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { recordingPool } from './recording-pool.ts';
import type { SentStatement } from './recording-pool.ts';
import { benchCompany } from './memory-load.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '24' },
    recall: { type: 'string' },
    'shared-buffers': { type: 'string' },
  },
  strict: true,
});

const parts: [string, RegExp][] = [
  ['first (vector + text + linking)', /vector_hits AS/],
  ['vector settings', /^SELECT set_config/],
  ['vector', /ORDER BY m\.embedding::vector/],
  ['full text', /plainto_tsquery/],
  ['entity linking', /FROM memory_entities e WHERE/],
  ['seed mentions', /SELECT DISTINCT entity_id FROM memory_mentions/],
  ['graph step', /WITH link AS|DISTINCT ON \(h\.entity_id/],
  ['graph mentions', /SELECT link\.memory_id, h\.entity_id/],
  ['graph path ends (answer kinds)', /SELECT id, normalized, kind FROM memory_entities/],
  ['final fetch', /AS text_rank/],
];
const partOf = (sql: string) => parts.find(([, pattern]) => pattern.test(sql))?.[0] ?? sql.slice(0, 40);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const other = values.recall;
const recall = other ? ((await import(other)) as { recall: typeof currentRecall }).recall : currentRecall;
const open = other
  ? ((await import(join(dirname(other), 'memory-context.ts'))) as { openMemoryContext: typeof openMemoryContext })
      .openMemoryContext
  : openMemoryContext;
const sharedBuffers = values['shared-buffers'];
const database = await openKeptStore(dataDir, sharedBuffers === undefined ? {} : { sharedBuffers });
const sink: { sent: SentStatement[] } = { sent: [] };
const context = await open(recordingPool(database.pool, sink), createOfflineEmbedder());
const queries = benchQueries(Number(values.queries), 11);
const operator = { kind: 'operator' } as const;
for (const query of queries.slice(0, 4)) await recall(context, { companyId: benchCompany, viewer: operator, query });
const recorded: SentStatement[][] = [];
let total = 0;
for (const query of queries) {
  sink.sent = [];
  const started = process.cpuUsage();
  await recall(context, { companyId: benchCompany, viewer: operator, query });
  total += cpuMs(process.cpuUsage(started));
  recorded.push(sink.sent);
}
const client = await database.pool.connect();
const byPart = new Map<string, { run: number; plan: number; count: number }>();
try {
  for (const sent of recorded)
    for (const statement of sent) {
      if (!/^\s*(SELECT|WITH)/i.test(statement.sql)) continue;
      // As the recall sent it: a named statement runs on its kept plan, with no planning to time.
      const sent = statement.name ? { name: statement.name, text: statement.sql, values: statement.params } : undefined;
      let started = process.cpuUsage();
      for (let round = 0; round < 3; round++)
        await client.query(sent ?? statement.sql, sent ? undefined : statement.params);
      const run = cpuMs(process.cpuUsage(started)) / 3;
      started = process.cpuUsage();
      if (!sent)
        for (let round = 0; round < 3; round++) await client.query(`EXPLAIN ${statement.sql}`, statement.params);
      const plan = sent ? 0 : cpuMs(process.cpuUsage(started)) / 3;
      const part = partOf(statement.sql);
      const entry = byPart.get(part) ?? { run: 0, plan: 0, count: 0 };
      byPart.set(part, { run: entry.run + run, plan: entry.plan + plan, count: entry.count + 1 });
    }
} finally {
  client.release();
  await database.stop();
}
const n = queries.length;
const write = (line: string) => process.stdout.write(`${line}\n`);
write(
  `recall CPU ${(total / n).toFixed(1)} ms per recall (${other ?? 'this checkout'}), ${n} recalls, shared_buffers ${database.sharedBuffers}`,
);
write('part                             statements/recall  CPU ms/recall  of which EXPLAIN alone');
let statements = 0;
for (const [part, entry] of [...byPart].sort((left, right) => right[1].run - left[1].run)) {
  statements += entry.run / n;
  write(
    `${part.padEnd(32)} ${(entry.count / n).toFixed(1).padStart(17)}  ${(entry.run / n).toFixed(1).padStart(13)}  ${(entry.plan / n).toFixed(1).padStart(22)}`,
  );
}
write(`statements ${statements.toFixed(1)} ms per recall; the worker's rest ${(total / n - statements).toFixed(1)} ms`);
