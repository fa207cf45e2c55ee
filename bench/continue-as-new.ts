/**
 * The wait before a continued-as-new run's first workflow task (docs/faults-and-load-rounds.md, "Twenty-third round: the
 * wait before a continued run's first workflow task"): chains of `--runs` continue-as-new on three dev servers at
 * once, the embedded stack's configuration with the server's minimal interval between runs of a workflow id at its
 * default (1 s), at 100 ms and at 0, alternating by round. Each run lives about `--lifetimes` ms (comma-separated;
 * 0: it continues in its first workflow task; a local activity holds it, not a timer). Per arm and lifetime, from
 * the histories (server timestamps), p50 and max: the first-task backoff the server recorded, and close → next run's
 * first WorkflowTaskScheduled and WorkflowTaskStarted.
 *
 *   node bench/continue-as-new.ts [--runs=20] [--rounds=2] [--lifetimes=0,300,1200]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { embeddedDynamicConfig, workflowIdReuseMinimalIntervalKey } from '../src/temporal/dev-server.ts';
import type { DynamicConfigValue } from '../src/temporal/dev-server.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { startBenchTemporal, type BenchTemporal } from './bench-temporal.ts';
import { continuationGaps, type ContinuationGap } from './continue-as-new-gaps.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    lifetimes: { type: 'string', default: '0,300,1200' },
  },
  strict: true,
});
const continues = Number(values.runs);
const rounds = Number(values.rounds);
const lifetimes = values.lifetimes.split(',').map(Number);
installRuntime('ERROR');

/** The embedded stack's dynamic configuration with the minimal interval between runs of a workflow id set. */
const withInterval = (interval: string) => ({
  ...embeddedDynamicConfig,
  [workflowIdReuseMinimalIntervalKey]: interval,
});
const arms: { label: string; dynamicConfig: Record<string, DynamicConfigValue> }[] = [
  { label: 'server default (1 s)', dynamicConfig: withInterval('1s') },
  // A shorter floor is still a timer task, which the timer queue fires at its read-ahead bound, up to ~1 s late.
  { label: 'interval 100 ms', dynamicConfig: withInterval('100ms') },
  { label: 'interval 0', dynamicConfig: withInterval('0s') },
];
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const taskQueue = 'continue-as-new-gap';
const chainActivities = { holdFor: async (ms: number) => void (await sleep(ms)) };

const directory = await mkdtemp(join(tmpdir(), 'synthorg-continue-as-new-'));
const servers: BenchTemporal[] = [];
try {
  for (const [index, arm] of arms.entries()) {
    servers.push(await startBenchTemporal(join(directory, String(index)), { dynamicConfig: arm.dynamicConfig }));
  }
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./continue-as-new-workflow.ts', import.meta.url)),
    logger: silentLogger,
  });
  const workers = await Promise.all(
    servers.map((server) =>
      Worker.create({ connection: server.nativeConnection, taskQueue, workflowBundle, activities: chainActivities }),
    ),
  );
  const gaps = arms.map(() => lifetimes.map((): ContinuationGap[] => []));
  const chainMs = arms.map(() => lifetimes.map((): number[] => []));
  const running = workers.map((worker) => worker.run());
  process.stdout.write(`load before: ${uptime()}\n`);
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [...arms.keys()] : [...arms.keys()].reverse();
      for (const [lifetimeIndex, lifetimeMs] of lifetimes.entries()) {
        for (const armIndex of order) {
          const client = new Client({ connection: (servers[armIndex] as BenchTemporal).connection });
          const workflowId = `chain-${round}-${lifetimeMs}`;
          const chainStart = Date.now();
          const handle = await client.workflow.start('continueAsNewChainWorkflow', {
            taskQueue,
            workflowId,
            args: [continues, lifetimeMs],
          });
          await handle.result();
          chainMs[armIndex]?.[lifetimeIndex]?.push(Date.now() - chainStart);
          gaps[armIndex]?.[lifetimeIndex]?.push(
            ...(await continuationGaps(client, workflowId, handle.firstExecutionRunId)),
          );
        }
      }
    }
  } finally {
    for (const worker of workers) worker.shutdown();
    await Promise.all(running);
  }
  process.stdout.write(`load after:  ${uptime()}\n`);
  const summary = (sample: number[]) =>
    `p50 ${percentile(sample, 50).toFixed(1).padStart(6)}  max ${Math.max(...sample)
      .toFixed(1)
      .padStart(6)}`;
  process.stdout.write(
    `${continues} continue-as-new a chain, ${rounds} rounds; ms, from the histories (server timestamps)\n`,
  );
  for (const [armIndex, arm] of arms.entries()) {
    for (const [lifetimeIndex, lifetimeMs] of lifetimes.entries()) {
      const sample = gaps[armIndex]?.[lifetimeIndex] ?? [];
      const chains = chainMs[armIndex]?.[lifetimeIndex] ?? [];
      process.stdout.write(
        `  ${arm.label.padEnd(21)} runs living ~${String(lifetimeMs).padStart(4)} ms (n=${sample.length}): ` +
          `lifetime ${summary(sample.map((gap) => gap.lifetimeMs))} | backoff ${summary(sample.map((gap) => gap.backoffMs))}` +
          ` | close→scheduled ${summary(sample.map((gap) => gap.toScheduledMs))}` +
          ` | close→started ${summary(sample.map((gap) => gap.toStartedMs))}` +
          ` | chain p50 ${percentile(chains, 50)} ms\n`,
      );
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.close()));
  await rm(directory, { recursive: true, force: true });
}
