import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import type pg from 'pg';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import type { RealPostgres } from '../src/db/real-postgres.ts';
import { startRealPostgres } from '../src/db/real-postgres.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import type { DevServer } from '../src/temporal/dev-server.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';

/** What the multi-process benches (`scale`, `load`) run on: a real PostgreSQL and a headless dev server. */
export interface BenchStack {
  postgres: RealPostgres;
  server: DevServer;
  pool: pg.Pool;
  connection: Connection;
  /** `synthorg worker` (workers/main.ts) as a child process on `taskQueue`, logging errors only to stderr. */
  /** A `synthorg worker` process on this stack; `entry` runs another checkout's worker (bench load's --worker-checkout). */
  spawnWorker(taskQueue: string, entry?: string): ChildProcess;
  stop(): Promise<void>;
}

const workerEntry = fileURLToPath(new URL('../workers/main.ts', import.meta.url));

/** Starts the stack in a throwaway directory; exits 1 saying so when PostgreSQL's binaries are missing. */
export async function startBenchStack(bench: string): Promise<BenchStack> {
  const postgres = await startRealPostgres();
  if (!postgres) {
    process.stderr.write(`bench ${bench}: needs PostgreSQL server binaries (initdb, pg_ctl)\n`);
    process.exit(1);
  }
  const directory = await mkdtemp(join(tmpdir(), `synthorg-bench-${bench}-`));
  const server = await startDevServer({
    cliPath: await findTemporalCli({ install: true }),
    dbFile: join(directory, 'temporal.sqlite'),
    port: await findFreePort(),
    headless: true,
  });
  const pool = createPool(postgres.url);
  await migrate(pool);
  const connection = await Connection.connect({ address: server.address });
  return {
    postgres,
    server,
    pool,
    connection,
    spawnWorker: (taskQueue, entry = workerEntry) =>
      spawn(process.execPath, [entry], {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: server.address,
          DATABASE_URL: postgres.url,
          SYNTHORG_TASK_QUEUE: taskQueue,
          SYNTHORG_LOG_LEVEL: 'ERROR',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    async stop() {
      await connection.close();
      await pool.end();
      await postgres.stop();
      await server.stop('SIGINT');
      await rm(directory, { recursive: true, force: true });
    },
  };
}
