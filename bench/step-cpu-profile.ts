/**
 * Where the worker process's CPU per step goes (docs/faults-and-load-rounds.md, "Eighteenth round"): raw Temporal and
 * SynthOrg (PostgreSQL direct, else PGlite) at N goals × K steps, alternating round by round on one dev server, with
 * the process's threads' CPU by thread name and a V8 CPU profile of its main thread (activities, the pg client, the
 * SDK's JavaScript, the client) taken in each round's steady state: from the moment a quarter of the round's steps
 * have completed to the moment three quarters have (with goals started at once, the tasks start before it and end
 * after it, so their per-task work
 * is not counted as per-step work), with the dev server's and PostgreSQL's CPU in the
 * same window, beside the whole round's.
 *
 *   node bench/step-cpu-profile.ts [--goals=50] [--steps=20] [--rounds=4] [--profile [--top=40] [--save=DIR]]
 *       [--compare=<activity lever>] [--server-metrics] [--server-perf=DIR] [--raw-wait=MS]
 *
 * The first round warms up and is not counted. `--compare=<lever>` (bench/activity-levers.ts) adds SynthOrg with
 * the activities as they were before the lever. Prints per step: each thread group's CPU, the main thread's self
 * time by origin (package, project file, V8) and by function, and the inclusive time of the step's functions.
 * `--server-metrics`, `--server-perf` and `--raw-wait` say what the dev server does per step (docs/faults-and-load-rounds.md,
 * "Nineteenth round").
 */
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { startBenchTemporal } from './bench-temporal.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workflowsPath } from '../workers/worker.ts';
import { activityLevers } from './activity-levers.ts';
import { directAdmission } from './admission-signals.ts';
import { benchTemplate } from './bench-template.ts';
import { ProfileTotals, difference, largest, threadCpuByName } from './cpu-profile-summary.ts';
import { processTreeCpuMs, processTreeSystemCpuMs } from './process-cpu.ts';
import { addMetrics, metricsGrowth, metricsTables, scrapeMetrics } from './server-metrics.ts';
import { PerfTotals, perfHz, readPerfStacks, recordPerf } from './server-perf.ts';
import type { PerfRecording } from './server-perf.ts';
import type { MetricSample } from './server-metrics.ts';
import { loadAverage, postmasterPid } from './trunk-report.ts';

const { values } = parseArgs({
  options: {
    goals: { type: 'string', default: '50' },
    steps: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '4' },
    top: { type: 'string', default: '40' },
    compare: { type: 'string' },
    // Take the main thread's V8 profile in the window: at 1 kHz its sampling costs the main thread ≈ 1.2–1.4 ms of
    // CPU a step, so the thread figures of a profiled run are not clean.
    profile: { type: 'boolean', default: false },
    // A directory to write each counted round's main-thread profile to (.cpuprofile, for DevTools).
    save: { type: 'string' },
    // Read the dev server's Prometheus counters at the window's edges (bench/server-metrics.ts) and print them per
    // step: its requests, persistence operations and tasks by operation.
    'server-metrics': { type: 'boolean', default: false },
    // A directory for `perf record` files of the dev server in each window (bench/server-perf.ts; needs Linux perf and
    // Go's addr2line): its CPU by Go function and by part of the server, per step.
    'server-perf': { type: 'string' },
    // Adds raw Temporal whose no-op waits this many ms (a timer) before returning: the same requests at SynthOrg's
    // slower pace, to tell what the server spends per step because of the pace from what it spends on more work.
    'raw-wait': { type: 'string' },
  },
  strict: true,
});
const goals = Number(values.goals);
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const top = Number(values.top);
const log = (line: string) => process.stderr.write(`profile: ${line}\n`);
installRuntime('ERROR');

interface Arm {
  label: string;
  /** `onStep` hears each step's activity return, with the workflow it belongs to. */
  run(round: number, onStep: (workflowId: string) => void): Promise<void>;
  /** Thread CPU by name over whole rounds, and in the steady-state windows (with the servers' CPU). */
  rounds: Map<string, number>;
  window: Map<string, number>;
  profile: ProfileTotals;
  /** The dev server's counters' growth in the windows (with `--server-metrics`). */
  metrics: MetricSample;
  /** The dev server's perf samples in the windows (with `--server-perf`). */
  perf: PerfTotals;
  counted: number;
}

/** The steps of a round's steady-state window: from a quarter of the round's steps to three quarters. */
const windowSteps = () => Math.floor(goals * steps * 0.75) - Math.floor(goals * steps * 0.25);

const directory = await mkdtemp(join(tmpdir(), 'synthorg-profile-'));
const cleanups: (() => Promise<void>)[] = [() => rm(directory, { recursive: true, force: true })];
try {
  const temporal = await startBenchTemporal(directory, { log, metrics: values['server-metrics'] });
  const { metricsUrl } = temporal;
  cleanups.push(() => temporal.close());
  const { server, connection, nativeConnection } = temporal;
  const sandbox = await createSandbox(loadSandboxConfig({}));
  cleanups.push(() => sandbox.close());
  const real = await startRealPostgres();
  let url: string;
  if (real) {
    cleanups.push(() => real.stop());
    url = real.url;
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
    cleanups.push(() => embedded.stop());
    url = embedded.url;
    log('no PostgreSQL server binaries here; profiling on PGlite');
  }
  const migrating = createPool(url);
  await migrate(migrating).finally(() => migrating.end());
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    logger: silentLogger,
    ...workflowBundlerOptions(workflowsPath),
  });
  const rawBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./raw-baseline-workflow.ts', import.meta.url)),
    logger: silentLogger,
  });

  const arm = (label: string, run: Arm['run']): Arm => ({
    label,
    run,
    rounds: new Map(),
    window: new Map(),
    profile: new ProfileTotals(),
    metrics: new Map(),
    perf: new PerfTotals(),
    counted: 0,
  });

  const rawClient = new SynthorgClient(connection, { config: loadConfig({}), ownsConnection: false });
  // `waitMs`: the no-op waits that long (a timer, no CPU) before it returns, so raw steps come at a slower pace with
  // the same requests to the server (`--raw-wait`).
  const rawArm = (label: string, waitMs: number) =>
    arm(label, async (round, onStep) => {
      const taskQueue = `profile-raw${waitMs > 0 ? `-wait-${waitMs}` : ''}`;
      const activities = {
        async noop(step: number) {
          if (waitMs > 0) await sleep(waitMs);
          // What the trunk bench's no-op does: note the time of the step's end.
          void Date.now();
          onStep(Context.current().info.workflowExecution?.workflowId ?? '');
          return step;
        },
      };
      const worker = await Worker.create({
        connection: nativeConnection,
        taskQueue,
        workflowBundle: rawBundle,
        activities,
      });
      await worker.runUntil(
        Promise.all(
          Array.from({ length: goals }, (_, index) =>
            rawClient.temporal.workflow.execute('rawBaselineWorkflow', {
              taskQueue,
              workflowId: `${taskQueue}-${round}-${index}`,
              args: [steps],
            }),
          ),
        ),
      );
    });

  const synthorg = (label: string, lever?: string): Arm => {
    const taskQueue = `profile-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: url, taskQueue };
    const client = new SynthorgClient(connection, { config, ownsConnection: false, queryTimeoutMs: 300_000 });
    const admit = directAdmission(client, 'burst');
    const before = lever === undefined ? undefined : activityLevers[lever];
    return arm(label, async (round, onStep) => {
      const pool = createPool(url);
      try {
        const made = createActivities({ pool, config, sandbox });
        const chosen = before ? before(made, { pool, config, sandbox }) : made;
        const activities = {
          ...chosen,
          agentStep: async (input: Parameters<typeof chosen.agentStep>[0]) => {
            const result = await chosen.agentStep(input);
            onStep(input.workflowId);
            return result;
          },
        };
        const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle, activities });
        await worker.runUntil(async () => {
          const companyId = `${taskQueue}-${round}`;
          await client.startCompany({ id: companyId, template: benchTemplate });
          const roots = await Promise.all(
            Array.from({ length: goals }, (_, index) =>
              admit(companyId, `Benchmark goal ${index} [steps=${steps}]`, `bench-${index}`),
            ),
          );
          await Promise.all(roots.map((root) => client.waitForTask(companyId, root.id)));
          await client.stopCompany(companyId);
        });
      } finally {
        await pool.end();
      }
    });
  };

  if (values.compare !== undefined && !activityLevers[values.compare])
    throw new Error(`--compare: choose from ${Object.keys(activityLevers).join(', ')}`);
  const raw = rawArm('raw Temporal (no-op activities)', 0);
  const arms = [raw, synthorg(`SynthOrg ${real ? 'PostgreSQL' : 'PGlite'} direct${values.compare ? ', now' : ''}`)];
  if (values.compare) arms.push(synthorg(`SynthOrg, ${values.compare} before`, values.compare));
  const rawWaitMs = Number(values['raw-wait'] ?? 0);
  if (rawWaitMs > 0) arms.splice(1, 0, rawArm(`raw Temporal, no-op waits ${rawWaitMs} ms`, rawWaitMs));

  const postmaster = real ? await postmasterPid(real.url) : undefined;
  const serverCpu = () =>
    new Map([
      ['dev server (process tree)', server.process.pid === undefined ? 0 : processTreeCpuMs(server.process.pid)],
      [
        'dev server, of it system time',
        server.process.pid === undefined ? 0 : processTreeSystemCpuMs(server.process.pid),
      ],
      ['PostgreSQL (process tree)', postmaster === undefined ? 0 : processTreeCpuMs(postmaster)],
    ]);
  // The process's own total too: a thread that ends (a worker's workflow threads at its shutdown) takes its time out
  // of the by-name figures, not out of the process's.
  const processCpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const snapshot = () =>
    new Map([...threadCpuByName(), ...serverCpu(), ['bench process (all its threads)', processCpuMs()]]);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  for (let round = 0; round < rounds; round++) {
    const order = arms.map((_, index) => arms[(index + round) % arms.length] as Arm);
    for (const each of order) {
      const roundBefore = snapshot();
      const from = Math.floor(goals * steps * 0.25);
      const to = from + windowSteps();
      let done = 0;
      let windowBefore = new Map<string, number>();
      let windowUsed = new Map<string, number>();
      let windowMs = 0;
      let stopped: Promise<unknown> | undefined;
      // The scrapes start at the window's edges and finish while the steps go on (a few ms of the window's seconds).
      let metricsBefore: Promise<MetricSample> | undefined;
      let metricsAfter: Promise<MetricSample> | undefined;
      const perfFile =
        values['server-perf'] &&
        join(values['server-perf'], `${each.label.replace(/[^A-Za-z0-9]+/g, '-')}-${round}.data`);
      let perfRecording: PerfRecording | undefined;
      let perfStopped: Promise<void> | undefined;
      // Counted as each step's activity returns: the snapshots and the profile bound the steady state.
      // The first and the last step of each workflow, by when they came: a task that starts or ends inside the window
      // brings per-task work into it.
      const firstAndLast = new Map<string, [number, number]>();
      const onStep = (workflowId: string) => {
        done++;
        firstAndLast.set(workflowId, [firstAndLast.get(workflowId)?.[0] ?? done, done]);
        if (done === from) {
          windowBefore = snapshot();
          windowMs = Date.now();
          if (values.profile) void session.post('Profiler.start');
          if (metricsUrl) metricsBefore = scrapeMetrics(metricsUrl);
          if (perfFile && server.process.pid !== undefined) perfRecording = recordPerf(server.process.pid, perfFile);
        } else if (done === to) {
          windowUsed = difference(snapshot(), windowBefore);
          windowMs = Date.now() - windowMs;
          stopped = values.profile ? session.post('Profiler.stop') : Promise.resolve({ profile: undefined });
          if (metricsUrl) metricsAfter = scrapeMetrics(metricsUrl);
          perfStopped = perfRecording?.stop();
        }
      };
      const started = Date.now();
      await each.run(round, onStep);
      const wallMs = Date.now() - started;
      const used = difference(snapshot(), roundBefore);
      const { profile } = ((await stopped) ?? { profile: undefined }) as { profile?: Profiler.Profile };
      const sum = (map: Map<string, number>) => map.get('bench process (all its threads)') ?? 0;
      const edges = [...firstAndLast.values()];
      const inside = `${edges.filter(([first]) => first > from).length} tasks started, ${edges.filter(([, last]) => last < to).length} ended in the window`;
      log(
        `round ${round + 1}${round === 0 ? ' (warm-up)' : ''}: ${each.label}: ${inside}; ${(wallMs / 1000).toFixed(1)} s, bench process CPU ${(sum(used) / (goals * steps)).toFixed(2)} ms/step (window: ${(sum(windowUsed) / windowSteps()).toFixed(2)}, ${(windowMs / 1000).toFixed(1)} s), load ${loadAverage()}`,
      );
      if (round === 0 || stopped === undefined) continue;
      if (values.save && profile)
        await writeFile(
          join(values.save, `${each.label.replace(/[^A-Za-z0-9]+/g, '-')}-${round}.cpuprofile`),
          JSON.stringify(profile),
        );
      each.counted++;
      if (profile) each.profile.add(profile);
      if (metricsBefore && metricsAfter)
        addMetrics(each.metrics, metricsGrowth(await metricsAfter, await metricsBefore));
      if (perfFile && perfStopped) {
        await perfStopped;
        each.perf.add(await readPerfStacks(perfFile, await readlink(`/proc/${server.process.pid}/exe`)));
      }
      for (const [name, ms] of used) each.rounds.set(name, (each.rounds.get(name) ?? 0) + ms);
      for (const [name, ms] of windowUsed) each.window.set(name, (each.window.get(name) ?? 0) + ms);
    }
  }
  session.disconnect();

  const perStep = (arm: Arm, ms: number) => ms / (arm.counted * windowSteps());
  const column = (arm: Arm, map: Map<string, number>, key: string) => perStep(arm, map.get(key) ?? 0).toFixed(3);
  const table = (title: string, keys: string[], map: (arm: Arm) => Map<string, number>) => {
    process.stdout.write(`\n${title} (ms per step; ${arms.map((each) => each.label).join(' | ')})\n`);
    for (const key of keys)
      process.stdout.write(`  ${arms.map((each) => column(each, map(each), key).padStart(8)).join(' ')}  ${key}\n`);
  };
  process.stdout.write(
    `${goals} goals × ${steps} steps, ${rounds - 1} counted rounds per arm, load ${loadAverage()}\n`,
  );
  const names = [...new Set(arms.flatMap((each) => [...each.rounds.keys()]))].sort();
  const wholeRound = (arm: Arm, key: string) =>
    ((arm.rounds.get(key) ?? 0) / (arm.counted * goals * steps)).toFixed(3).padStart(8);
  process.stdout.write(
    `\nCPU by thread and server, whole rounds (ms per step; ${arms.map((each) => each.label).join(' | ')})\n`,
  );
  for (const key of names) process.stdout.write(`  ${arms.map((each) => wholeRound(each, key)).join(' ')}  ${key}\n`);
  table('CPU by thread and server, steady-state window (the middle half of the steps)', names, (each) => each.window);
  if (metricsUrl) {
    const perStepMetrics = arms.map(
      (each) => new Map([...each.metrics].map(([key, value]) => [key, perStep(each, value)] as const)),
    );
    process.stdout.write(
      `\nThe dev server's counters in the steady-state window${metricsTables(
        arms.map((each) => each.label),
        perStepMetrics,
        top,
      )}`,
    );
  }
  if (values['server-perf']) {
    const samplesPerStep = (arm: Arm, samples: number) => perStep(arm, (samples * 1000) / perfHz);
    process.stdout.write(
      `\ndev server perf samples in the window: ${arms.map((each) => samplesPerStep(each, each.perf.samples).toFixed(3)).join(' | ')} ms per step\n`,
    );
    const perfTable = (title: string, map: (arm: Arm) => Map<string, number>, count: number) => {
      process.stdout.write(`\n${title} (ms per step; ${arms.map((each) => each.label).join(' | ')})\n`);
      const last = arms.at(-1) as Arm;
      const first = arms[0] as Arm;
      const gap = (key: string) =>
        samplesPerStep(last, map(last).get(key) ?? 0) - samplesPerStep(first, map(first).get(key) ?? 0);
      const keys = [...new Set(arms.flatMap((each) => [...map(each).keys()]))]
        .sort((a, b) => Math.abs(gap(b)) - Math.abs(gap(a)))
        .slice(0, count);
      for (const key of keys)
        process.stdout.write(
          `  ${arms
            .map((each) =>
              samplesPerStep(each, map(each).get(key) ?? 0)
                .toFixed(3)
                .padStart(8),
            )
            .join(' ')}  ${key}\n`,
        );
    };
    perfTable('dev server CPU by part, largest differences first', (each) => each.perf.byPart, top);
    perfTable('dev server self time by function', (each) => each.perf.self, top);
    perfTable('dev server inclusive time by function', (each) => each.perf.inclusive, top * 2);
  }
  // The profile only when one was taken (an exit here would skip the cleanups below).
  if (values.profile) {
    process.stdout.write(
      `  main thread busy (profile, window): ${arms.map((each) => perStep(each, each.profile.busyMs).toFixed(3)).join(' | ')}\n`,
    );
    const synthorgArm = arms.find((each) => each.label.startsWith('SynthOrg')) ?? (arms[1] as Arm);
    table(
      'main thread self time by origin (window)',
      largest(synthorgArm.profile.byOrigin, top).map(([key]) => key),
      (each) => each.profile.byOrigin,
    );
    table(
      'main thread self time by function (window)',
      largest(synthorgArm.profile.byFunction, top).map(([key]) => key),
      (each) => each.profile.byFunction,
    );
    table(
      'main thread inclusive time by function name (window)',
      largest(synthorgArm.profile.inclusive, top * 2).map(([key]) => key),
      (each) => each.profile.inclusive,
    );
  }
} catch (error) {
  process.stderr.write(`profile: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
