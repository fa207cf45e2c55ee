/**
 * Recall latency with and without the wide beam for long chains (eighteenth round, src/memory/graph/beam-cut.ts,
 * docs/memory-rounds.md), on a kept 100k store (bench/memory-load.ts): the two variants alternate query by query (which
 * goes first alternates too), in one process, so machine load falls on both alike. Two query sets: the memory
 * bench's own (bench/memory-dataset.ts benchQueries: named entities, no chain the question reader reads as long)
 * and questions over the same store's names that read as chains of three to five relations (the walks the wide
 * beam is for). Prints p50/p95 of wall and process CPU time per variant and set, how many top-5 lists differ, and
 * the load average.
 *
 *   node bench/wide-beam-latency.ts --data-dir STORE [--queries 100] [--wide '{"wide":64,"wideFrom":4}']
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { seededRandom } from '../src/domain/seeded-random.ts';
import { beamCut } from '../src/memory/graph/beam-cut.ts';
import { questionChain } from '../src/memory/graph/question-chain.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { benchQueries } from './memory-dataset.ts';
import { benchCompany } from './memory-load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '100' },
    wide: { type: 'string' },
  },
  strict: true,
});
if (!values['data-dir']) throw new Error('--data-dir is required (a store from bench/memory-load.ts)');
const count = Number(values.queries);
const on = { ...beamCut, ...(values.wide ? (JSON.parse(values.wide) as Partial<typeof beamCut>) : {}) };
const off = { ...on, wide: 0 };

const people = 'Alice Moreau,Bruno Stone,Carla Diaz,Deepak Patel,Elena Novak,Farid Haddad,Greta Berg,Hiro Tanaka'.split(
  ',',
);
const services =
  'Atlas Service,Beacon API,Cinder Queue,Delta Gateway,Echo Cache,Flux Scheduler,Gyro Search,Helix Auth'.split(',');
const projects = 'Amber Falcon,Azure Heron,Bold Ibis,Bright Lynx,Cobalt Marten,Crimson Otter'.split(',');
const random = seededRandom(18);
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
const shapes = [
  () => `Who owns the service whose incident the person who met ${pick(people)} reviewed?`,
  () => `Which project has the plan that the person who met the owner of ${pick(services)} reviewed?`,
  () => `Who leads the project whose plan was reviewed by the colleague of the owner of ${pick(services)}?`,
  () => `Who met the person who owns the service that the Project ${pick(projects)} depends on?`,
];
const chains = Array.from({ length: count }, () => pick(shapes)());
const sets: [string, string[]][] = [
  ['memory bench queries', benchQueries(count)],
  ['long-chain questions', chains],
];

const database = await startPgliteDatabase({ vector: true, sharedBuffers: '256MB', dataDir: values['data-dir'] });
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
try {
  const context = await openMemoryContext(database.pool, createOfflineEmbedder());
  const lengths = new Map<number, number>();
  for (const question of chains) {
    const length = questionChain(question, [])?.relations.length ?? 0;
    lengths.set(length, (lengths.get(length) ?? 0) + 1);
  }
  console.log(`long-chain questions by relations read: ${JSON.stringify(Object.fromEntries(lengths))}`);
  const run = async (query: string, setting: typeof beamCut) => {
    Object.assign(beamCut, setting);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { memories } = await recall(context, {
      companyId: benchCompany,
      viewer: { kind: 'operator' },
      query,
      limit: 5,
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { ms, cpu: (used.user + used.system) / 1000, ids: memories.map((memory) => memory.id).join(',') };
  };
  // Warm-up: caches and plans, not measured.
  for (const query of [...benchQueries(5, 3), ...chains.slice(0, 5)]) await run(query, on);
  for (const [name, queries] of sets) {
    const times = { on: [] as number[], off: [] as number[], onCpu: [] as number[], offCpu: [] as number[] };
    let differing = 0;
    const loadAtStart = load();
    for (const [index, query] of queries.entries()) {
      const first = index % 2 === 0 ? on : off;
      const a = await run(query, first);
      const b = await run(query, first === on ? off : on);
      const [wide, narrow] = first === on ? [a, b] : [b, a];
      times.on.push(wide.ms);
      times.off.push(narrow.ms);
      times.onCpu.push(wide.cpu);
      times.offCpu.push(narrow.cpu);
      if (wide.ids !== narrow.ids) differing++;
    }
    const row = (label: string, wall: number[], cpu: number[]) =>
      `${name}, ${label}: wall p50 ${percentile(wall, 50).toFixed(1)} / p95 ${percentile(wall, 95).toFixed(1)} ms; CPU p50 ${percentile(cpu, 50).toFixed(1)} / p95 ${percentile(cpu, 95).toFixed(1)} ms`;
    console.log(row(`wide ${JSON.stringify(on)}`, times.on, times.onCpu));
    console.log(row('without (wide 0)', times.off, times.offCpu));
    console.log(
      `${name}: ${queries.length} queries alternating; top 5 differs on ${differing}; load ${loadAtStart} → ${load()}`,
    );
  }
} finally {
  Object.assign(beamCut, off, { wide: 0 });
  await database.stop();
}
