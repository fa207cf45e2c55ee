/**
 * Orchestration overhead of the agent loop against raw Temporal, measured side by side in one run.
 *
 *   npm run bench -- trunk                       both shapes (10 × 10, 50 × 20) × both SQLite settings, one table
 *   node bench/trunk.ts --goals=N --steps=K [--rounds=R] [--sqlite=wal|default]   one shape and setting
 *   node bench/trunk.ts --goals=N --steps=K --compare=task-start-local|task-end-in-one|…   raw, and PostgreSQL direct with the
 *       lever's patch gate fixed off (the code before it) and on, alternating (PGlite where no PostgreSQL exists);
 *       `--compare=heartbeat-when-due|nothing-to-recall|prepared-step-statements|light-reservation` the same for a lever in the activities
 *       (bench/activity-levers.ts),
 *       `--compare=preload-modules|thread-pool` for a worker option (bench/worker-levers.ts; raw with it too)
 *   node bench/trunk.ts --goals=N --steps=K --wait=both   raw, and PostgreSQL direct with the client's quiet wait (a
 *       completed task read from its workflow's history) and the one before it (the company read after the result)
 *   node bench/trunk.ts --goals=N --steps=K --admission=both|all   raw, and PostgreSQL direct with the client's
 *       admission signals (one per burst) and the ones before (one `goalAdmitted` per goal), alternating; `all` adds
 *       `none`, the start without any signal (a bound, not an admission: bench/admission-signals.ts)
 *
 * Without --goals/--steps it runs each of the four (shape, SQLite setting) pairs in a child process of its
 * own (a fresh dev server each) and prints their ratios to raw Temporal side by side at the end.
 *
 * SynthOrg: N goals at once, each a task of K agent steps (offline model, `[steps=K]`), every step
 * one model-call activity that checks the budget and writes a ledger row — on the embedded PGlite
 * (in the worker's process) and, where a PostgreSQL server exists, on PostgreSQL. Goals are admitted
 * through the company workflow's update (`company`) or started by the client (`direct`,
 * docs/faults-and-load-rounds.md, "Direct admission"). Each waits for its goals on the task workflows' results;
 * `polling wait` queries the company view every 100 ms per goal instead, as waits did before.
 * Baseline: N workflows at once, each calling K no-op activities in sequence.
 * The variants alternate for R rounds on one dev server, so drift in machine load hits all of them.
 * Step latency is the gap between consecutive step completions within one goal.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { embeddedDynamicConfig, embeddedSqlitePragmas, startDevServer } from '../src/temporal/dev-server.ts';
import { taskWorkflowId } from '../src/domain/ids.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workerConnectionOptions } from '../src/temporal/worker-connection.ts';
import { workflowsPath } from '../workers/worker.ts';
import { benchTemplate } from './bench-template.ts';
import { compareVariants } from './trunk-compare.ts';
import type { Sample, SynthorgVariantOptions, Variant } from './trunk-compare.ts';
import type { WorkerLever } from './worker-levers.ts';
import { stepGaps } from './stats.ts';
import { countDispatch, describeDispatch } from './eager-starts.ts';
import { loadAverage, postmasterPid, printTrunkSummary, summaryMarker } from './trunk-report.ts';
import { processTreeCpuMs, workflowThreadCpu } from './process-cpu.ts';
import { parseQuietWaits, quietWait } from './quiet-waits.ts';
import type { QuietWait } from './quiet-waits.ts';
import { countAdmissionSignals, directAdmission, parseBenchAdmissions } from './admission-signals.ts';
import type { BenchAdmission } from './admission-signals.ts';

const rawWorkflowsPath = fileURLToPath(new URL('./raw-baseline-workflow.ts', import.meta.url));

const { values } = parseArgs({
  options: {
    goals: { type: 'string' },
    steps: { type: 'string' },
    rounds: { type: 'string' },
    // The dev server's SQLite settings: the embedded stack's (WAL) or SQLite's own.
    sqlite: { type: 'string', default: 'wal' },
    // The dev server's dynamic config: the embedded stack's (eager activities granted) or the server's own defaults.
    'dynamic-config': { type: 'string', default: 'embedded' },
    // A lever behind a patch gate (bench/patch-gate-off.ts), measured against the same code with its gate off.
    compare: { type: 'string' },
    // The quiet wait the PostgreSQL variants use (bench/quiet-waits.ts); `both` measures the two, alternating.
    wait: { type: 'string' },
    // The admission signalling of the PostgreSQL variants (bench/admission-signals.ts); `both` measures the two.
    admission: { type: 'string' },
    // A child of the matrix run prints its summary as one JSON line for the parent.
    'summary-json': { type: 'boolean', default: false },
  },
  strict: true,
});
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

if (values.goals === undefined && values.steps === undefined) {
  await runMatrix();
  process.exit(process.exitCode ?? 0);
}
const goals = Number(values.goals ?? 10);
const steps = Number(values.steps ?? 10);
const rounds = Number(values.rounds ?? 3);
installRuntime('ERROR');

interface MatrixResult {
  goals: number;
  steps: number;
  sqlite: string;
  rows: {
    label: string;
    calls: number;
    rate: number;
    p50: number;
    p95: number;
    stepRatio: number;
    timeRatio: number;
  }[];
}

/** Both shapes × both SQLite settings, each in its own process and dev server; one table at the end. */
async function runMatrix(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const results: MatrixResult[] = [];
  for (const [shapeGoals, shapeSteps] of [
    [10, 10],
    [50, 20],
  ] as const) {
    for (const sqlite of ['default', 'wal']) {
      process.stdout.write(
        `\n-- ${shapeGoals} goals × ${shapeSteps} steps, dev server SQLite: ${sqlite === 'wal' ? 'journal_mode=wal, synchronous=normal (embedded stack)' : "SQLite's defaults"} --\n`,
      );
      const args = [self, `--goals=${shapeGoals}`, `--steps=${shapeSteps}`, `--sqlite=${sqlite}`, '--summary-json'];
      if (values.rounds) args.push(`--rounds=${values.rounds}`);
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        process.stdout.write(
          text
            .split('\n')
            .filter((line) => !line.startsWith(summaryMarker))
            .join('\n'),
        );
      });
      const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
      const line = output.split('\n').find((each) => each.startsWith(summaryMarker));
      if (code !== 0 || !line) {
        process.stderr.write(`bench: ${shapeGoals} × ${shapeSteps} with SQLite ${sqlite} failed (exit ${code})\n`);
        process.exitCode = 1;
        continue;
      }
      results.push(JSON.parse(line.slice(summaryMarker.length)) as MatrixResult);
    }
  }
  process.stdout.write(`\n== overhead against raw Temporal (p50 step ×raw / wall time ×raw; steps/s) ==\n`);
  const labels = [...new Set(results.flatMap((result) => result.rows.map((row) => row.label)))];
  const columns = results.map((result) => `${result.goals}×${result.steps} ${result.sqlite}`);
  process.stdout.write(`${'variant'.padEnd(34)}${columns.map((column) => column.padStart(24)).join('')}\n`);
  for (const label of labels) {
    const cells = results.map((result) => {
      const row = result.rows.find((each) => each.label === label);
      return (row ? `${row.stepRatio.toFixed(2)} / ${row.timeRatio.toFixed(2)}; ${row.rate.toFixed(0)}` : '-').padStart(
        24,
      );
    });
    process.stdout.write(`${label.padEnd(34)}${cells.join('')}\n`);
  }
  process.stdout.write(`\ntargets (issue 15): per step at most 1.2× raw, end to end at most 1.5× raw\n`);
}

const directory = await mkdtemp(join(tmpdir(), 'synthorg-bench-'));
const cleanups: (() => Promise<void>)[] = [() => rm(directory, { recursive: true, force: true })];
try {
  const server = await startDevServer({
    cliPath: await findTemporalCli({ install: true, log }),
    dbFile: join(directory, 'temporal.sqlite'),
    port: await findFreePort(),
    headless: true,
    sqlitePragmas: values.sqlite === 'default' ? {} : embeddedSqlitePragmas,
    dynamicConfig: values['dynamic-config'] === 'default' ? {} : embeddedDynamicConfig,
  });
  log(
    `dev server SQLite: ${values.sqlite === 'default' ? "SQLite's defaults" : 'journal_mode=wal, synchronous=normal'}; dynamic config: ${values['dynamic-config'] === 'default' ? "the server's defaults" : JSON.stringify(embeddedDynamicConfig)}`,
  );
  cleanups.push(() => server.stop('SIGINT'));
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  // SynthOrg's worker connects as the product's does (no gzip to a loopback server); raw keeps the SDK's defaults.
  const productConnection = await NativeConnection.connect(workerConnectionOptions({ address: server.address }));
  for (const opened of [connection, nativeConnection, productConnection]) cleanups.push(() => opened.close());
  const sandbox = await createSandbox(loadSandboxConfig({}));
  cleanups.push(() => sandbox.close());
  // The product's bundle (its bundler options: src/temporal/workflow-bundler-options.ts).
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    logger: silentLogger,
    ...workflowBundlerOptions(workflowsPath),
  });

  /** SynthOrg with its database at `url`: N goals of K steps, timed from the ledger. */
  const synthorgVariant = async (
    label: string,
    url: string,
    admission: 'direct' | 'company',
    {
      wait = 'result',
      bundle = workflowBundle,
      quiet = 'history',
      signalling = 'burst',
      before = (each) => each,
      worker = {},
    }: SynthorgVariantOptions = {},
  ): Promise<Variant> => {
    const migrating: Pool = createPool(url);
    await migrate(migrating).finally(() => migrating.end());
    const taskQueue = `bench-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: url, taskQueue };
    // Direct admission reads the company with a query: on a starved machine its answer can take minutes.
    const client = new SynthorgClient(connection, { config, ownsConnection: false, queryTimeoutMs: 300_000 });
    const waitQuietly = quietWait(client, quiet);
    const admitDirectly = directAdmission(client, signalling);
    return {
      label,
      // A worker runs once: each round gets a fresh one over the same bundle.
      run: async (round) => {
        // A pool per round, ended with the round's worker (docs/faults-and-load-rounds.md, "Seventeenth round"): the
        // variants' pools, kept to the end, held more connections than PGlite serves, so its local activities
        // failed and were retried, and each retry leaves the SDK core a timer that panics after the worker is gone.
        const pool: Pool = createPool(url);
        try {
          return await runRound(
            round,
            pool,
            before(createActivities({ pool, config, sandbox }), { pool, config, sandbox }),
          );
        } finally {
          await pool.end();
        }
      },
    };

    async function runRound(round: number, pool: Pool, activities: ReturnType<typeof createActivities>) {
      const workflowThreads = workflowThreadCpu();
      return (
        await Worker.create({
          connection: productConnection,
          taskQueue,
          workflowBundle: bundle,
          activities,
          ...worker,
        })
      ).runUntil(async () => {
        const companyId = `${taskQueue}-${round}`;
        await client.startCompany({ id: companyId, template: benchTemplate });
        workflowThreads.start();
        const started = Date.now();
        const roots = await Promise.all(
          Array.from({ length: goals }, (_, index) =>
            admission === 'direct'
              ? admitDirectly(companyId, `Benchmark goal ${index} [steps=${steps}]`, `bench-${index}`)
              : client.submitGoal(companyId, `Benchmark goal ${index} [steps=${steps}]`),
          ),
        );
        const admitMs = Date.now() - started;
        const polling = { pollIntervalMs: 100, onProgress: () => undefined };
        await Promise.all(
          roots.map((root) =>
            wait === 'poll' ? client.waitForTask(companyId, root.id, polling) : waitQuietly(companyId, root.id),
          ),
        );
        const wallMs = Date.now() - started;
        const workflowCpuMs = workflowThreads.stop();
        const dispatch = await countDispatch(client.temporal, taskWorkflowId(companyId, roots[0]!.id));
        const { rows } = await pool.query<{ task_id: string; at: number }>(
          `SELECT task_id, (extract(epoch from created_at) * 1000)::float8 AS at FROM ledger WHERE company_id = $1`,
          [companyId],
        );
        const byTask = new Map<string, number[]>();
        for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), Number(row.at)]);
        await client.stopCompany(companyId);
        const company = await countAdmissionSignals(client, companyId);
        const gaps = stepGaps(byTask.values());
        return { wallMs, admitMs, company, calls: rows.length, gaps, workflowCpuMs, dispatch };
      });
    }
  };

  const rawVariant = async (lever?: { name: string } & WorkerLever): Promise<Variant> => {
    const times = new Map<string, number[]>();
    const rawBundle = await bundleWorkflowCode({
      workflowsPath: rawWorkflowsPath,
      logger: silentLogger,
      ...lever?.bundle?.(rawWorkflowsPath),
    });
    const taskQueue = lever ? `bench-raw-${lever.name}` : 'bench-raw';
    const activities = {
      async noop(step: number) {
        const id = Context.current().info.workflowExecution?.workflowId ?? 'unknown';
        times.set(id, [...(times.get(id) ?? []), Date.now()]);
        return step;
      },
    };
    const client = new SynthorgClient(connection, { config: loadConfig({}), ownsConnection: false });
    return {
      label: `raw Temporal (no-op activities)${lever ? `, ${lever.name}` : ''}`,
      run: async (round) => {
        const workflowThreads = workflowThreadCpu();
        return (
          await Worker.create({
            connection: nativeConnection,
            taskQueue,
            workflowBundle: rawBundle,
            activities,
            ...lever?.worker,
          })
        ).runUntil(async () => {
          times.clear();
          workflowThreads.start();
          const started = Date.now();
          await Promise.all(
            Array.from({ length: goals }, (_, index) =>
              client.temporal.workflow.execute('rawBaselineWorkflow', {
                taskQueue,
                workflowId: `${taskQueue}-${round}-${index}`,
                args: [steps],
              }),
            ),
          );
          const wallMs = Date.now() - started;
          const workflowCpuMs = workflowThreads.stop();
          const dispatch = await countDispatch(client.temporal, `${taskQueue}-${round}-0`);
          return { wallMs, calls: goals * steps, gaps: stepGaps(times.values()), workflowCpuMs, dispatch };
        });
      },
    };
  };

  const embedded = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  cleanups.push(() => embedded.stop());
  // CPU of the dev server and of PostgreSQL (each with what it started) around each round: bench/process-cpu.ts.
  let postmaster: number | undefined;
  const serverCpu = () => ({
    server: server.process.pid === undefined ? 0 : processTreeCpuMs(server.process.pid),
    database: postmaster === undefined ? 0 : processTreeCpuMs(postmaster),
  });
  if ([values.compare, values.wait, values.admission].filter((each) => each !== undefined).length > 1)
    throw new Error('--compare, --wait and --admission: one comparison at a time');
  const variants =
    values.compare !== undefined
      ? await compareVariants(values.compare, {
          rawVariant,
          synthorgVariant,
          directDatabase,
          workflowBundle,
          connect: async (options) => {
            const opened = await NativeConnection.connect({ ...options, address: server.address });
            cleanups.push(() => opened.close());
            return opened;
          },
        })
      : values.wait !== undefined
        ? await waitVariants(parseQuietWaits(values.wait))
        : values.admission !== undefined
          ? await admissionVariants(parseBenchAdmissions(values.admission))
          : await defaultVariants();

  async function defaultVariants(): Promise<Variant[]> {
    const variants = [
      await rawVariant(),
      await synthorgVariant('SynthOrg, PGlite, via company', embedded.url, 'company'),
      await synthorgVariant('SynthOrg, PGlite, direct', embedded.url, 'direct'),
      await synthorgVariant('SynthOrg, PGlite, direct, polling wait', embedded.url, 'direct', { wait: 'poll' }),
    ];
    const real = await startRealPostgres();
    if (real) {
      cleanups.push(() => real.stop());
      postmaster = await postmasterPid(real.url);
      variants.push(await synthorgVariant('SynthOrg, PostgreSQL, direct', real.url, 'direct'));
    } else {
      log('no PostgreSQL server binaries here; measuring PGlite only');
    }
    return variants;
  }

  /** PostgreSQL where its server binaries are installed (stopped at the end), else the embedded PGlite. */
  async function directDatabase(): Promise<{ url: string; database: 'PostgreSQL' | 'PGlite' }> {
    const real = await startRealPostgres();
    if (real) {
      cleanups.push(() => real.stop());
      postmaster = await postmasterPid(real.url);
    } else log('no PostgreSQL server binaries here; measuring PGlite only');
    return { url: real?.url ?? embedded.url, database: real ? 'PostgreSQL' : 'PGlite' };
  }

  /** Raw Temporal, and each quiet wait asked for: PostgreSQL direct, else PGlite. */
  async function waitVariants(waits: QuietWait[]): Promise<Variant[]> {
    const { url, database } = await directDatabase();
    const variants = [await rawVariant()];
    for (const quiet of waits)
      variants.push(await synthorgVariant(`${database}, direct, ${quiet} wait`, url, 'direct', { quiet }));
    return variants;
  }

  /** Raw Temporal, and each admission signalling asked for: PostgreSQL direct, else PGlite. */
  async function admissionVariants(signallings: BenchAdmission[]): Promise<Variant[]> {
    const { url, database } = await directDatabase();
    const variants = [await rawVariant()];
    for (const signalling of signallings)
      variants.push(
        await synthorgVariant(
          `${database}, direct, ${signalling === 'none' ? 'no' : signalling} signal`,
          url,
          'direct',
          {
            signalling,
          },
        ),
      );
    return variants;
  }

  log(`${goals} goals × ${steps} steps × ${rounds} rounds; variants alternate each round`);
  const cpuTotalMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
  const samples = new Map<string, Sample[]>(variants.map((variant) => [variant.label, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no variant always runs first on a cold server.
    const order = variants.map((_, index) => variants[(index + round) % variants.length] as Variant);
    for (const variant of order) {
      // The bench process's CPU (every thread: the client, activities, the SDK's core, the workflow threads): less
      // moved by other processes' load than wall time. The dev server's and PostgreSQL's are not in it.
      const cpuBefore = process.cpuUsage();
      const serversBefore = serverCpu();
      const sample = { ...(await variant.run(round)), cpuMs: cpuTotalMs(process.cpuUsage(cpuBefore)) };
      const serversAfter = serverCpu();
      sample.serverCpuMs = serversAfter.server - serversBefore.server;
      sample.databaseCpuMs = serversAfter.database - serversBefore.database;
      samples.get(variant.label)?.push(sample);
      const admitted =
        sample.admitMs === undefined
          ? ''
          : ` (admitted in ${sample.admitMs} ms; company: ${sample.company?.signals} admission signals, ${sample.company?.workflowTasks} workflow tasks)`;
      log(
        `round ${round + 1}: ${variant.label}: ${sample.calls} steps in ${(sample.wallMs / 1000).toFixed(1)} s, CPU ${(sample.cpuMs / 1000).toFixed(1)} s (server ${(sample.serverCpuMs / 1000).toFixed(1)} s, PostgreSQL ${(sample.databaseCpuMs / 1000).toFixed(1)} s), load ${loadAverage()}${admitted}; goal 0: ${sample.dispatch ? describeDispatch(sample.dispatch) : '-'}`,
      );
    }
  }

  printTrunkSummary(variants, samples, { goals, steps, sqlite: values.sqlite, json: values['summary-json'] });
} catch (error) {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
