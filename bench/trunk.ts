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
 *
 * Its parts: bench/trunk-matrix.ts (the run of the four pairs), bench/trunk-variants.ts (SynthOrg's and raw
 * Temporal's variants), bench/trunk-variant-sets.ts and bench/trunk-compare.ts (which variants a run measures),
 * bench/trunk-rounds.ts (the rounds) and bench/trunk-report.ts (the table).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { embeddedDynamicConfig, embeddedSqlitePragmas, startDevServer } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { workerConnectionOptions } from '../src/temporal/worker-connection.ts';
import { workflowsPath } from '../workers/worker.ts';
import { compareVariants } from './trunk-compare.ts';
import { postmasterPid, printTrunkSummary } from './trunk-report.ts';
import { processTreeCpuMs } from './process-cpu.ts';
import { parseQuietWaits } from './quiet-waits.ts';
import { parseBenchAdmissions } from './admission-signals.ts';
import { runTrunkMatrix } from './trunk-matrix.ts';
import { trunkVariantFactories } from './trunk-variants.ts';
import { admissionVariants, defaultVariants, waitVariants } from './trunk-variant-sets.ts';
import { runTrunkRounds } from './trunk-rounds.ts';

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
  await runTrunkMatrix(fileURLToPath(import.meta.url), values.rounds);
  process.exit(process.exitCode ?? 0);
}
const goals = Number(values.goals ?? 10);
const steps = Number(values.steps ?? 10);
const rounds = Number(values.rounds ?? 3);
installRuntime('ERROR');

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

  const { synthorgVariant, rawVariant } = trunkVariantFactories({
    address: server.address,
    connection,
    nativeConnection,
    productConnection,
    sandbox,
    workflowBundle,
    goals,
    steps,
  });

  const embedded = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  cleanups.push(() => embedded.stop());
  // CPU of the dev server and of PostgreSQL (each with what it started) around each round: bench/process-cpu.ts.
  let postmaster: number | undefined;
  const serverCpu = () => ({
    server: server.process.pid === undefined ? 0 : processTreeCpuMs(server.process.pid),
    database: postmaster === undefined ? 0 : processTreeCpuMs(postmaster),
  });
  /** PostgreSQL where its server binaries are installed (stopped at the end, its CPU measured): its URL. */
  const startPostgres = async (): Promise<string | undefined> => {
    const real = await startRealPostgres();
    if (real) {
      cleanups.push(() => real.stop());
      postmaster = await postmasterPid(real.url);
    } else log('no PostgreSQL server binaries here; measuring PGlite only');
    return real?.url;
  };
  /** PostgreSQL where its server binaries are installed, else the embedded PGlite. */
  const directDatabase = async (): Promise<{ url: string; database: 'PostgreSQL' | 'PGlite' }> => {
    const real = await startPostgres();
    return { url: real ?? embedded.url, database: real ? 'PostgreSQL' : 'PGlite' };
  };
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
        ? await waitVariants(parseQuietWaits(values.wait), { rawVariant, synthorgVariant, directDatabase })
        : values.admission !== undefined
          ? await admissionVariants(parseBenchAdmissions(values.admission), {
              rawVariant,
              synthorgVariant,
              directDatabase,
            })
          : await defaultVariants({ rawVariant, synthorgVariant }, embedded.url, startPostgres);

  log(`${goals} goals × ${steps} steps × ${rounds} rounds; variants alternate each round`);
  const samples = await runTrunkRounds(variants, rounds, serverCpu, log);

  printTrunkSummary(variants, samples, { goals, steps, sqlite: values.sqlite, json: values['summary-json'] });
} catch (error) {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
