/**
 * Two (or more) recalls timed against each other on one store, the way `bench/memory-recall-ab.ts` and
 * `bench/prose-recall-cost.ts` do it: which queries' top k differ between the first two sides, then every
 * query recalled by each side in turn (the order flips query by query and round by round, so machine load
 * falls on all alike), wall and CPU time per recall, and the report.
 */
import { execFileSync } from 'node:child_process';
import type { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { percentile } from './stats.ts';

/** One recall under test: its code, the context it runs with, and its timings as they are taken. */
export interface RecallSide {
  name: string;
  recall: typeof recall;
  context: MemoryContext;
  wall: number[];
  cpu: number[];
}

/** Runs `side`'s recall of `query` for its top `limit`. */
export type AskSide = (
  side: RecallSide,
  query: string,
  limit: number,
) => Promise<{ memories: { id: number; score: number }[] }>;

export const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const signature = (memories: { id: number; score: number }[]) =>
  memories.map((memory) => `${memory.id}:${memory.score}`).join(',');

/** Per top-k limit, the queries whose results (ids, order or score) differ between `first` and `second`. */
export async function differingQueries(
  first: RecallSide,
  second: RecallSide,
  queries: readonly string[],
  limits: readonly number[],
  ask: AskSide,
): Promise<Map<number, string[]>> {
  const differing = new Map<number, string[]>();
  for (const limit of limits) {
    const list: string[] = [];
    for (const query of queries)
      if (
        signature((await ask(first, query, limit)).memories) !== signature((await ask(second, query, limit)).memories)
      )
        list.push(query);
    differing.set(limit, list);
  }
  return differing;
}

/** Every query's top 5 by every side, `rounds` times, the sides' order flipping query by query and round by round. */
export async function timeAlternating(
  sides: readonly RecallSide[],
  queries: readonly string[],
  rounds: number,
  ask: AskSide,
): Promise<void> {
  for (let round = 0; round < rounds; round++)
    for (const [index, query] of queries.entries())
      for (const side of (index + round) % 2 === 0 ? sides : [...sides].reverse()) {
        const cpu = process.cpuUsage();
        const begun = performance.now();
        await ask(side, query, 5);
        side.wall.push(performance.now() - begun);
        side.cpu.push(cpuMs(process.cpuUsage(cpu)));
      }
}

/** The timing table (wall and CPU p50 / p95 per side) and how many queries differed at each limit. */
export function reportSides(
  log: (line: string) => void,
  sides: readonly RecallSide[],
  differing: ReadonlyMap<number, readonly string[]>,
  queryCount: number,
): void {
  log('recall                                   wall p50 / p95 ms    CPU p50 / p95 ms');
  for (const side of sides)
    log(
      `${side.name.slice(0, 40).padEnd(40)} ${percentile(side.wall, 50).toFixed(1).padStart(7)} / ${percentile(side.wall, 95).toFixed(1).padEnd(8)}  ${percentile(side.cpu, 50).toFixed(1).padStart(6)} / ${percentile(side.cpu, 95).toFixed(1)}`,
    );
  for (const [limit, list] of differing)
    log(
      `top ${limit}: ${list.length} of ${queryCount} queries differ (ids, order or score)${list.length > 0 ? `: ${list.slice(0, 5).join('; ')}` : ''}`,
    );
}
