import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { startTestDatabase, startTestRealPostgres } from '../helpers/database.ts';
import { testWorkflowBundleCode } from '../helpers/workflow-bundle-file.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { isTerminal } from '../../src/domain/task-state.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import type { DevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { loadTemplate } from '../../src/templates/loader.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { checkCompany } from './chaos-checks.ts';
import type { CompanyCounts } from './chaos-checks.ts';
import { newTestStack } from '../helpers/sandbox-stack.ts';

export interface ChaosOptions {
  /** Goals in flight at once; a new batch is submitted whenever all have ended and kills remain. */
  goals: number;
  /** SIGKILLs in all, of worker processes and (every `serverEvery`-th) of the Temporal server. */
  kills: number;
  /** Every n-th kill hits the Temporal server, which is restarted on the same SQLite file. */
  serverEvery: number;
  workers: number;
  companies: number;
  seed: number;
  /** Random pause before each kill, in ms. */
  gapMs: [number, number];
  /** Submit another batch of goals whenever all have ended and kills remain (long runs). */
  refill: boolean;
  /** How long the goals may take to end after the last kill. */
  drainTimeoutMs: number;
  /**
   * The environment the companies' client configuration is read from (`loadConfig`); default none, so the
   * companies take the defaults (a 60 s company workflow task timeout, 30 s step heartbeats).
   */
  environment?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface KillRecord {
  target: 'worker' | 'server';
  atMs: number;
  /** From the kill until the next model call was recorded (progress resumed); undefined if none followed. */
  recoveryMs: number | undefined;
}

export interface ChaosReport {
  kills: KillRecord[];
  workerExits: number;
  goals: number;
  companies: CompanyCounts[];
  drainMs: number;
  durationMs: number;
  problems: string[];
}

const workerEntry = fileURLToPath(new URL('./chaos-worker.ts', import.meta.url));
const goalTexts = [
  'Ship a pricing page with tests',
  'Plan the beta launch checklist',
  'Write the onboarding guide',
  'Draft the launch email',
  'Design the referral programme',
];

/**
 * Goals on a real Temporal dev server and real worker processes while workers, and now and then the
 * server itself, are killed with SIGKILL at random moments; then every invariant of checkCompany.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const started = Date.now();
  const directory = await mkdtemp(join(tmpdir(), 'synthorg-chaos-'));
  const taskQueue = `chaos-${options.seed}-${Date.now()}`;
  const cliPath = await findTemporalCli({ install: true, log, config: loadConfig() });
  const port = await findFreePort();
  const startServer = () =>
    startDevServer({ cliPath, dbFile: join(directory, 'temporal.sqlite'), port, headless: true, log: () => undefined });
  let server: DevServer = await startServer();
  // Several worker processes at once: PostgreSQL where installed; PGlite serialises them all.
  const database = (await startTestRealPostgres()) ?? (await startTestDatabase());
  const { pool } = database;

  const bundleFile = join(directory, 'workflow-bundle.js');
  // Under vitest, the test run's bundle; from `npm run chaos`, built here.
  await writeFile(bundleFile, await testWorkflowBundleCode(workflowsPath));

  let workerExits = 0;
  let stopping = false;
  const workers = new Set<ChildProcess>();
  const sandboxStack = newTestStack();
  const startWorker = (): void => {
    const worker = spawn(process.execPath, [workerEntry, bundleFile], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: server.address,
        DATABASE_URL: database.url,
        SYNTHORG_TASK_QUEUE: taskQueue,
        // One stack for all of this run's workers (they pick up each other's tasks), none shared with another run.
        SYNTHORG_SANDBOX_STACK: sandboxStack,
      },
      stdio: 'ignore',
    });
    workers.add(worker);
    worker.once('exit', () => {
      workers.delete(worker);
      if (stopping) return;
      // Killed, or gave up while the server was down: a process supervisor would start another.
      workerExits++;
      startWorker();
    });
  };
  for (let index = 0; index < options.workers; index++) startWorker();
  log(`server, database and ${options.workers} worker processes started`);

  const connection = await Connection.connect({ address: server.address });
  const config = { ...loadConfig(options.environment ?? {}), temporalAddress: server.address, taskQueue };
  const client = new SynthorgClient(connection, { config, ownsConnection: false, queryTimeoutMs: 60_000 });
  const ledgerCount = async (): Promise<number> =>
    (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger')).rows[0]?.n ?? 0;

  const template = await loadTemplate('startup');
  const companyIds = Array.from({ length: options.companies }, (_, index) => `chaos-${index + 1}`);
  const goalsByCompany = new Map<string, string[]>(companyIds.map((id) => [id, []]));
  const kills: KillRecord[] = [];
  const problems: string[] = [];
  let drainMs = 0;
  try {
    await Promise.all(
      companyIds.map((id) =>
        client.startCompany({
          id,
          template: {
            ...template,
            company: { ...template.company, oversight: 'full' },
            policies: { ...template.policies, maxDecompositionDepth: 1, maxChildrenPerTask: 2, maxTasksPerGoal: 4 },
          },
        }),
      ),
    );
    log(`${companyIds.length} companies started`);
    let submitted = 0;
    const submitBatch = async (): Promise<void> => {
      const batch = Array.from({ length: options.goals }, (_, index) => submitted + index);
      submitted += batch.length;
      // Each company admits goals one update at a time, so more than a few in flight only queue at the
      // server; at 17 per company on a starved machine the server kept aborting them ("workflow update was
      // aborted") and they all retried, and admitting 50 goals took 8 minutes. Two per company, the
      // companies in parallel: the goals still run concurrently once admitted.
      // All settled before any error propagates: closing the connection under calls still retrying
      // would crash the process with "Channel has been shut down" and hide the first error.
      const queues = new Map<string, number[]>(companyIds.map((id) => [id, []]));
      for (const number of batch) queues.get(companyIds[number % companyIds.length] as string)?.push(number);
      const admit = async (companyId: string, queue: number[]): Promise<void> => {
        for (let number = queue.shift(); number !== undefined; number = queue.shift()) {
          const goal = `${goalTexts[number % goalTexts.length]} (${number + 1})`;
          const task = await retryDuringOutage(() => client.submitGoal(companyId, goal));
          goalsByCompany.get(companyId)?.push(task.id);
        }
      };
      const settled = await Promise.allSettled(
        [...queues].flatMap(([companyId, queue]) => [admit(companyId, queue), admit(companyId, queue)]),
      );
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    };
    const allEnded = async (): Promise<boolean> => {
      for (const [companyId, goals] of goalsByCompany) {
        const view = await client.status(companyId);
        for (const goal of goals) {
          const task = view.tasks.find((candidate) => candidate.id === goal);
          if (task && !isTerminal(task.status)) return false;
        }
      }
      return true;
    };
    await submitBatch();
    log(`${options.goals} goals submitted to ${companyIds.length} companies; ${options.workers} workers`);

    // Progress is a new ledger row: each kill waits for the first one after it.
    let pendingRecovery: KillRecord[] = [];
    let refilling: Promise<void> | undefined;
    let refillError: unknown;
    let lastCount = await ledgerCount();
    let watching = false;
    const watchProgress = async (): Promise<void> => {
      // One look at a time: on a loaded machine a count can take longer than the interval.
      if (watching) return;
      watching = true;
      const count = await ledgerCount().catch(() => lastCount);
      watching = false;
      if (count > lastCount) {
        for (const kill of pendingRecovery) kill.recoveryMs = Date.now() - started - kill.atMs;
        pendingRecovery = [];
        lastCount = count;
      }
    };
    const watcher = setInterval(() => void watchProgress(), 100);
    try {
      for (let index = 0; index < options.kills; index++) {
        await sleep(options.gapMs[0] + random() * (options.gapMs[1] - options.gapMs[0]));
        // The next batch is admitted while the kills go on: admission is slow on a loaded machine, and
        // waiting for it would space the kills minutes apart.
        if (options.refill && refilling === undefined && (await retryDuringOutage(allEnded))) {
          log(`all goals ended; submitting ${options.goals} more`);
          // Caught here and rethrown after the kills: a rejection nobody awaits yet would end the process.
          refilling = submitBatch()
            .catch((error: unknown) => {
              refillError ??= error;
            })
            .finally(() => (refilling = undefined));
        }
        const record: KillRecord = {
          target: (index + 1) % options.serverEvery === 0 ? 'server' : 'worker',
          atMs: Date.now() - started,
          recoveryMs: undefined,
        };
        lastCount = await ledgerCount();
        if (record.target === 'server') {
          await server.stop('SIGKILL');
          server = await startServer();
        } else {
          const victims = [...workers];
          victims[Math.floor(random() * victims.length)]?.kill('SIGKILL');
        }
        kills.push(record);
        pendingRecovery.push(record);
        log(`kill ${index + 1}/${options.kills}: ${record.target} at ${(record.atMs / 1000).toFixed(1)} s`);
      }
      await refilling;
      if (refillError !== undefined) throw refillError;
      const drainStarted = Date.now();
      while (!(await retryDuringOutage(allEnded))) {
        if (Date.now() - drainStarted > options.drainTimeoutMs) {
          problems.push(`goals still running ${options.drainTimeoutMs / 1000} s after the last kill`);
          break;
        }
        await sleep(500);
      }
      drainMs = Date.now() - drainStarted;
      await watchProgress();
    } finally {
      clearInterval(watcher);
    }

    log(`all goals ended; checking`);
    const companies: CompanyCounts[] = [];
    for (const [companyId, goals] of goalsByCompany) {
      const checked = await checkCompany(client, pool, companyId, goals);
      problems.push(...checked.problems);
      companies.push(checked.counts);
    }
    return {
      kills,
      workerExits,
      goals: submitted,
      companies,
      drainMs,
      durationMs: Date.now() - started,
      problems,
    };
  } finally {
    stopping = true;
    await Promise.all(
      [...workers].map((worker) => {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.kill('SIGKILL');
        return exited;
      }),
    );
    await connection.close();
    await database.stop();
    await server.stop('SIGINT');
    await rm(directory, { recursive: true, force: true });
  }
}

/** Calls made right after a server restart can fail while it comes up; the run itself must not. */
async function retryDuringOutage<T>(call: () => Promise<T>, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(500);
    }
  }
}
