/**
 * The graph steps of questions that ask a relation type ("who owns …"), on a kept store
 * (bench/memory-load.ts): each step statement a recall sent, run as it is (the asked types' labels from
 * the labels table, migration 023) and as it was before (the label pattern evaluated on every relation),
 * alternating, with the rows of both compared. The two must return the same rows for every step.
 *
 *   node bench/memory-typed-steps.ts --data-dir DIR [--queries 100] [--rounds 3] [--shared-buffers 256MB]
 */
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { relationTypesIn } from '../src/memory/graph/relation-types.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { recordingPool } from './recording-pool.ts';
import type { SentStatement } from './recording-pool.ts';
import { benchCompany } from './memory-load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    'shared-buffers': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');

// askedLabelsSql (src/memory/graph/relation-labels.ts) as it appears in a step: company, fingerprint, types, pattern.
const askedLabels =
  /r\.relation = ANY\(ARRAY\(SELECT t\.label[\s\S]*?t\.company_id = (\$\d+) AND t\.typing = (\$\d+)[\s\S]*?ANY\((\$\d+)::text\[\]\)[\s\S]*?l\.label ~ (\$\d+)\)\)/;

/** The step as it was before the labels table: the pattern on every relation (the labels' parameters kept, typed, unused). */
function asBefore(step: SentStatement): SentStatement {
  const match = askedLabels.exec(step.sql);
  if (!match) throw new Error('a typed step without the labels sub-select: has src/memory/graph changed?');
  const [whole, company, fingerprint, types, pattern] = match;
  return {
    sql: `WITH unused AS (SELECT ${company}::text, ${fingerprint}::text, ${types}::text[]) ${step.sql.split(whole).join(`r.relation ~ ${pattern}`)}`,
    params: step.params,
  };
}

const sharedBuffers = values['shared-buffers'];
const database = await openKeptStore(dataDir, sharedBuffers === undefined ? {} : { sharedBuffers });
try {
  const sink = { sent: [] as SentStatement[] };
  const context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
  const queries = benchQueries(Number(values.queries), 11).filter((query) => relationTypesIn(query).size > 0);
  const steps: SentStatement[] = [];
  for (const query of queries) {
    sink.sent = [];
    await recall(context, { companyId: benchCompany, viewer: { kind: 'operator' }, query });
    steps.push(...sink.sent.filter((statement) => askedLabels.test(statement.sql)));
  }
  const client = await database.pool.connect();
  const times = { now: [] as number[], before: [] as number[] };
  let differing = 0;
  const canonical = (rows: unknown[]) => JSON.stringify(rows.map((row) => JSON.stringify(row)).sort());
  try {
    for (const step of steps) {
      const rows: Record<string, string> = {};
      for (let round = 0; round < Number(values.rounds); round++)
        for (const [name, statement] of round % 2 === 0
          ? ([
              ['now', step],
              ['before', asBefore(step)],
            ] as const)
          : ([
              ['before', asBefore(step)],
              ['now', step],
            ] as const)) {
          const started = process.cpuUsage();
          const result = await client.query(statement.sql, statement.params);
          const used = process.cpuUsage(started);
          times[name].push((used.user + used.system) / 1000);
          rows[name] = canonical(result.rows);
        }
      if (rows.now !== rows.before) differing++;
    }
  } finally {
    client.release();
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `${steps.length} typed steps of ${queries.length} queries asking a type, × ${values.rounds} alternating, shared_buffers ${database.sharedBuffers}`,
  );
  for (const [name, list] of Object.entries(times))
    log(
      `${name === 'now' ? 'labels table     ' : 'pattern (before) '} CPU per step p50 ${percentile(list, 50).toFixed(1)} / p90 ${percentile(list, 90).toFixed(1)} ms`,
    );
  log(`steps whose rows differ: ${differing} of ${steps.length}`);
} finally {
  await database.stop();
}
