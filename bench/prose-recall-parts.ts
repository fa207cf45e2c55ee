/**
 * Where a hybrid recall on real prose spends its CPU (bench/prose-store.ts's store): each statement a
 * recall sent is run again, as sent (a named statement on its kept plan), three times, and timed; per
 * part of the recall the statements, rows and characters of text returned per recall, and its CPU. The
 * rest of a recall's CPU is the worker's JavaScript (walk, scoring, row parsing of the recall itself).
 *
 *   node bench/prose-recall-parts.ts --data-dir DIR [--recall OTHER/src/memory/hybrid-recall.ts]
 *        [--embedder local:wordllama-256] [--queries 40] [--shared-buffers 256MB]
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopLocalEmbeddingServer } from '../src/local-embedder/registry.ts';
import { recall as currentRecall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { openProseStore, proseCompany } from './prose-store.ts';
import { recordingPool, type SentStatement } from './recording-pool.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    recall: { type: 'string' },
    embedder: { type: 'string', default: 'local:wordllama-256' },
    queries: { type: 'string', default: '40' },
    'shared-buffers': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const write = (line: string) => process.stdout.write(`${line}\n`);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const parts: [string, RegExp][] = [
  ['first (vector + text + linking)', /vector_hits AS|linked AS/],
  [
    'graph step',
    /WITH link AS|DISTINCT ON \(h\.entity_id|FROM unnest\(.*\) AS h\(entity_id\)\s+CROSS JOIN LATERAL \(\(SELECT/s,
  ],
  ['graph mentions', /SELECT link\.memory_id, h\.entity_id/],
  ['graph path ends (answer kinds)', /SELECT id, normalized, kind FROM memory_entities/],
  ['final fetch', /AS text_rank/],
  ['similarities', /AS similarity/],
];
const partOf = (sql: string) =>
  parts.find(([, pattern]) => pattern.test(sql))?.[0] ?? sql.replace(/\s+/g, ' ').slice(0, 40);

const store = await openProseStore({
  dataDir,
  embedder: values.embedder,
  ...(values['shared-buffers'] === undefined ? {} : { sharedBuffers: values['shared-buffers'] }),
});
try {
  const other = values.recall;
  const recall = other ? ((await import(other)) as { recall: typeof currentRecall }).recall : currentRecall;
  const open = other
    ? ((await import(join(dirname(other), 'memory-context.ts'))) as { openMemoryContext: typeof openMemoryContext })
        .openMemoryContext
    : openMemoryContext;
  const sink: { sent: SentStatement[] } = { sent: [] };
  const context = await open(recordingPool(store.database.pool, sink), store.embedder);
  const queries = store.corpus.queries.slice(0, Number(values.queries));
  const ask = (query: string) => recall(context, { companyId: proseCompany, viewer: { kind: 'operator' }, query });
  for (const query of queries) await ask(query);
  const recorded: SentStatement[][] = [];
  let total = 0;
  let linked = 0;
  for (const query of queries) {
    sink.sent = [];
    const started = process.cpuUsage();
    linked += (await ask(query)).queryEntities;
    total += cpuMs(process.cpuUsage(started));
    recorded.push(sink.sent);
  }
  const byPart = new Map<string, { run: number; count: number; rows: number; text: number }>();
  const client = await store.database.pool.connect();
  try {
    for (const sent of recorded)
      for (const statement of sent) {
        if (!/^\s*(SELECT|WITH)/i.test(statement.sql)) continue;
        const config = statement.name
          ? { name: statement.name, text: statement.sql, values: statement.params }
          : { text: statement.sql, values: statement.params };
        const started = process.cpuUsage();
        let result = await client.query<Record<string, unknown>>(config);
        for (let round = 1; round < 3; round++) result = await client.query<Record<string, unknown>>(config);
        const run = cpuMs(process.cpuUsage(started)) / 3;
        let text = 0;
        for (const row of result.rows)
          for (const value of Object.values(row)) if (typeof value === 'string') text += value.length;
        const part = partOf(statement.sql);
        const entry = byPart.get(part) ?? { run: 0, count: 0, rows: 0, text: 0 };
        byPart.set(part, {
          run: entry.run + run,
          count: entry.count + 1,
          rows: entry.rows + result.rows.length,
          text: entry.text + text,
        });
      }
  } finally {
    client.release();
  }
  const n = queries.length;
  write(
    `recall CPU ${(total / n).toFixed(1)} ms per recall (${other ?? 'this checkout'}), ${n} prose recalls, ${(linked / n).toFixed(1)} entities linked per question, shared_buffers ${store.database.sharedBuffers}`,
  );
  write('part                             statements/recall  rows/recall  text chars/recall  CPU ms/recall');
  let statements = 0;
  for (const [part, entry] of [...byPart].sort((left, right) => right[1].run - left[1].run)) {
    statements += entry.run / n;
    write(
      `${part.padEnd(32)} ${(entry.count / n).toFixed(1).padStart(17)}  ${(entry.rows / n).toFixed(0).padStart(11)}  ${(entry.text / n).toFixed(0).padStart(17)}  ${(entry.run / n).toFixed(1).padStart(13)}`,
    );
  }
  write(
    `statements ${statements.toFixed(1)} ms per recall; the worker's rest ${(total / n - statements).toFixed(1)} ms`,
  );
} finally {
  await store.database.stop();
  await stopLocalEmbeddingServer();
}
