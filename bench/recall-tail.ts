/**
 * What makes hybrid recall's slowest 5 % on a kept store (bench/memory-load.ts): every query recalled
 * `--rounds` times by this checkout, and per recall its wall and CPU time, the garbage collection that ran
 * during it (`PerformanceObserver` 'gc' entries, main-thread pauses) and the time from the recall's start
 * until its first statement was sent. The report says whether the tail is the same queries every round
 * (a property of the query: its walk, its plan) or different ones (the machine: other processes, GC), and
 * what the tail recalls have that the others do not.
 *
 *   node bench/recall-tail.ts --data-dir DIR [--queries 100] [--rounds 5] [--shared-buffers 256MB]
 */
import { execFileSync } from 'node:child_process';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { benchQueries, benchQueryShape as shapeOf } from './memory-dataset.ts';
import { openKeptStore } from './memory-kept-store.ts';
import { benchCompany } from './memory-load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '100' },
    seed: { type: 'string', default: '11' },
    rounds: { type: 'string', default: '5' },
    'shared-buffers': { type: 'string', default: '256MB' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const log = (line: string) => process.stdout.write(`${line}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

interface Sample {
  query: number;
  round: number;
  wall: number;
  cpu: number;
  gc: number;
  /** Of `gc`, the full (mark-sweep-compact) collections; the rest are scavenges of the young generation. */
  majorGc: number;
  statements: number;
}

const gcPauses: { start: number; end: number; major: boolean }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    gcPauses.push({
      start: entry.startTime,
      end: entry.startTime + entry.duration,
      major: (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR,
    });
});
observer.observe({ entryTypes: ['gc'] });
const gcWithin = (start: number, end: number, major?: boolean) =>
  gcPauses
    .filter((pause) => major === undefined || pause.major === major)
    .reduce((sum, pause) => sum + Math.max(0, Math.min(end, pause.end) - Math.max(start, pause.start)), 0);

const database = await openKeptStore(dataDir, { sharedBuffers: values['shared-buffers'] });
try {
  // Counts the statements each recall sends (the pool hands out clients; their query is wrapped once).
  let statements = 0;
  const wrapped = new WeakSet<object>();
  database.pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
  const context = await openMemoryContext(database.pool, createOfflineEmbedder());
  const queries = benchQueries(Number(values.queries), Number(values.seed));
  const now = new Date();
  const ask = (query: string) =>
    recall(context, { companyId: benchCompany, viewer: { kind: 'operator' }, query, limit: 5, now });
  // A first pass fills PGlite's page cache and keeps the plans: timed apart (bench/memory.ts times only this pass).
  const first = { wall: [] as number[], cpu: [] as number[] };
  for (const query of queries) {
    const cpu = process.cpuUsage();
    const begun = performance.now();
    await ask(query);
    first.wall.push(performance.now() - begun);
    first.cpu.push(cpuMs(process.cpuUsage(cpu)));
  }
  const samples: Sample[] = [];
  const before = uptime();
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [index, query] of queries.entries()) {
      statements = 0;
      const cpu = process.cpuUsage();
      const begun = performance.now();
      await ask(query);
      const ended = performance.now();
      samples.push({
        query: index,
        round,
        wall: ended - begun,
        cpu: cpuMs(process.cpuUsage(cpu)),
        gc: 0,
        majorGc: 0,
        statements,
      });
      // GC entries arrive asynchronously: attribute them after the round.
      (samples.at(-1) as Sample & { window?: [number, number] }).window = [begun, ended];
    }
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const sample of samples as (Sample & { window: [number, number] })[]) {
    sample.gc = gcWithin(sample.window[0], sample.window[1]);
    sample.majorGc = gcWithin(sample.window[0], sample.window[1], true);
  }
  log(`before: ${before}`);
  log(`after:  ${uptime()}`);
  log(
    `${queries.length} queries × ${values.rounds} rounds, store ${dataDir}, shared_buffers ${database.sharedBuffers}`,
  );
  log(
    `first pass: wall p50 / p95 ${percentile(first.wall, 50).toFixed(1)} / ${percentile(first.wall, 95).toFixed(1)} ms, CPU p50 / p95 ${percentile(first.cpu, 50).toFixed(1)} / ${percentile(first.cpu, 95).toFixed(1)} ms`,
  );
  const wall = samples.map((sample) => sample.wall);
  const cpu = samples.map((sample) => sample.cpu);
  log(
    `all: wall p50 / p95 ${percentile(wall, 50).toFixed(1)} / ${percentile(wall, 95).toFixed(1)} ms, CPU p50 / p95 ${percentile(cpu, 50).toFixed(1)} / ${percentile(cpu, 95).toFixed(1)} ms`,
  );
  // The tail: recalls at or above the p95 of wall time.
  const wallCut = percentile(wall, 95);
  const tail = samples.filter((sample) => sample.wall >= wallCut);
  const rest = samples.filter((sample) => sample.wall < wallCut);
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / Math.max(1, list.length);
  for (const [name, group] of [
    ['tail (wall ≥ p95)', tail],
    ['the others', rest],
  ] as const)
    log(
      `${name.padEnd(18)} ${String(group.length).padStart(4)} recalls: mean wall ${mean(group.map((s) => s.wall)).toFixed(1)}, CPU ${mean(group.map((s) => s.cpu)).toFixed(1)}, wall − CPU ${mean(group.map((s) => s.wall - s.cpu)).toFixed(1)}, GC ${mean(group.map((s) => s.gc)).toFixed(2)} ms (full ${mean(group.map((s) => s.majorGc)).toFixed(2)}), statements ${mean(group.map((s) => s.statements)).toFixed(1)}`,
    );
  const byShape = new Map<string, Sample[]>();
  for (const sample of samples) {
    const shape = shapeOf(queries[sample.query] as string);
    byShape.set(shape, [...(byShape.get(shape) ?? []), sample]);
  }
  for (const [shape, group] of byShape)
    log(
      `shape ${shape.padEnd(9)} CPU p50 / p95 ${percentile(
        group.map((s) => s.cpu),
        50,
      ).toFixed(1)} / ${percentile(
        group.map((s) => s.cpu),
        95,
      ).toFixed(
        1,
      )} ms, statements ${mean(group.map((s) => s.statements)).toFixed(1)}, share of the wall tail ${((tail.filter((s) => group.includes(s)).length / Math.max(1, tail.length)) * 100).toFixed(0)} %`,
    );
  // Is the tail the same queries each round? Per query, its median CPU over rounds; the slowest tenth.
  const perQuery = queries.map((query, index) => {
    const own = samples.filter((sample) => sample.query === index);
    return {
      query,
      cpu: percentile(
        own.map((s) => s.cpu),
        50,
      ),
      inTail: own.filter((s) => tail.includes(s)).length,
    };
  });
  const slowest = [...perQuery].sort((left, right) => right.cpu - left.cpu).slice(0, 10);
  log('slowest queries by median CPU over the rounds (times in the wall tail):');
  for (const entry of slowest) log(`  ${entry.cpu.toFixed(1).padStart(6)} ms  ${entry.inTail}×  ${entry.query}`);
  const repeatTail = perQuery.filter((entry) => entry.inTail >= 2).length;
  log(
    `queries in the wall tail in 2 or more of ${values.rounds} rounds: ${repeatTail}; distinct queries in the tail: ${perQuery.filter((entry) => entry.inTail > 0).length}`,
  );
  const cpuCut = percentile(cpu, 95);
  const cpuTail = samples.filter((sample) => sample.cpu >= cpuCut);
  log(
    `CPU tail (CPU ≥ p95 ${cpuCut.toFixed(1)} ms): ${cpuTail.length} recalls of ${new Set(cpuTail.map((s) => s.query)).size} queries, mean GC ${mean(cpuTail.map((s) => s.gc)).toFixed(2)} ms`,
  );
} finally {
  observer.disconnect();
  await database.stop();
}
