/**
 * What the nineteenth round's path-shape rules (src/memory/graph/loop-hops.ts, type-placement.ts) cost a recall, on
 * tuning families only (bench/tuning-makers.ts holds no held-out split): each family's notes are stored once, then
 * every question is recalled with the rules as configured (`on`) and with both off, alternating which goes first
 * question by question, for `rounds` timed rounds after one warm-up round. Prints wall p50 / p90 / mean per variant,
 * the ratio of means, the CPU time of the process per variant, and how many top-5 lists differ.
 *
 *   node bench/path-shape-latency.ts [families] [seeds] [rounds] ['<loops JSON>'] ['<placement JSON>']
 */
import { performance } from 'node:perf_hooks';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { loopHops } from '../src/memory/graph/loop-hops.ts';
import { typePlacement } from '../src/memory/graph/type-placement.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { tuningMaker } from './tuning-makers.ts';

const families = (process.argv[2] ?? 'clinics,containers,canteens').split(',');
const seeds = (process.argv[3] ?? '1').split(',').map(Number);
const rounds = Number(process.argv[4] ?? 2);
Object.assign(loopHops, JSON.parse(process.argv[5] ?? '{}') as Partial<typeof loopHops>);
Object.assign(typePlacement, JSON.parse(process.argv[6] ?? '{}') as Partial<typeof typePlacement>);
const on = { loops: { ...loopHops }, placement: { ...typePlacement } };
const off = { loops: { ...loopHops, factor: 1 }, placement: { ...typePlacement, misplaced: 1, placed: 1 } };

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
try {
  const asked: { companyId: string; query: string }[] = [];
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      await rememberNotes(context, companyId, set.memories, 'latency');
      for (const question of set.questions) asked.push({ companyId, query: question.question });
    }
  const times = { on: [] as number[], off: [] as number[] };
  const cpu = { on: 0, off: 0 };
  let differ = 0;
  const run = async (variant: 'on' | 'off', companyId: string, query: string, timed: boolean) => {
    const settings = variant === 'on' ? on : off;
    Object.assign(loopHops, settings.loops);
    Object.assign(typePlacement, settings.placement);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const { memories } = await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 5 });
    const took = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    if (timed) {
      times[variant].push(took);
      cpu[variant] += (used.user + used.system) / 1000;
    }
    return memories.map((memory) => memory.id).join(',');
  };
  for (let round = 0; round <= rounds; round++)
    for (const [index, { companyId, query }] of asked.entries()) {
      const order: ('on' | 'off')[] = (index + round) % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      const tops: Record<string, string> = {};
      for (const variant of order) tops[variant] = await run(variant, companyId, query, round > 0);
      if (round === 1 && tops.on !== tops.off) differ++;
    }
  const quantile = (values: number[], q: number) =>
    [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))] ?? 0;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  for (const variant of ['on', 'off'] as const)
    console.log(
      `${variant}: p50 ${quantile(times[variant], 0.5).toFixed(2)} ms, p90 ${quantile(times[variant], 0.9).toFixed(2)} ms, mean ${mean(times[variant]).toFixed(2)} ms, CPU ${(cpu[variant] / times[variant].length).toFixed(2)} ms a recall (${times[variant].length} recalls)`,
    );
  console.log(
    `mean on / off ${(mean(times.on) / mean(times.off)).toFixed(3)}, CPU on / off ${(cpu.on / cpu.off).toFixed(3)}; top 5 differs on ${differ} of ${asked.length} questions; loops ${JSON.stringify(on.loops)}, placement ${JSON.stringify(on.placement)}`,
  );
} finally {
  await database.stop();
}
