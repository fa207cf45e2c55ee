import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../activities/index.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { newTestStack, testSandboxConfig } from '../helpers/sandbox-stack.ts';
import { workflowsPath } from '../../workers/worker.ts';
import type { Pool } from 'pg';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig, type SynthorgConfig } from '../../src/config/env.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer, type DevServer, type DevServerOptions } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';

const histories = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

/** What every history recorder (test/replay/record-*.ts) runs its workflows on, and how it saves them. */
export interface RecordingStack {
  server: DevServer;
  pool: Pool;
  config: SynthorgConfig;
  connection: Connection;
  nativeConnection: NativeConnection;
  client: SynthorgClient;
  /** A worker on task queue `record` with the workflows and every activity, as a deployed worker has them. */
  worker(options?: {
    nexusServices?: WorkerOptions['nexusServices'];
    interceptors?: WorkerOptions['interceptors'];
  }): Promise<Worker>;
  /** Writes one workflow run's history (`temporal workflow show --output json`) to test/fixtures/histories/<name>.json. */
  save(name: string, workflowId: string, runId?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A throwaway dev server (the embedded stack's configuration unless `dynamicConfig` is given) and in-memory PGlite,
 * migrated, with clients on task queue `record`.
 */
export async function startRecordingStack(
  label: string,
  options: { dynamicConfig?: DevServerOptions['dynamicConfig'] } = {},
): Promise<RecordingStack> {
  const directory = await mkdtemp(join(tmpdir(), `synthorg-record-${label}-`));
  const cliPath = await findTemporalCli({ install: true });
  const server = await startDevServer({
    cliPath,
    dbFile: join(directory, 'temporal.sqlite'),
    port: await findFreePort(),
    headless: true,
    ...(options.dynamicConfig ? { dynamicConfig: options.dynamicConfig } : {}),
  });
  const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  const pool = createPool(database.url);
  await migrate(pool);
  const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: database.url, taskQueue: 'record' };
  const connection = await Connection.connect({ address: server.address });
  const client = new SynthorgClient(connection, { config, ownsConnection: false });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  // Each worker's sandbox keeps spare workspaces warm on timers: closed with the stack, or the recorder never exits.
  const sandboxes: Sandbox[] = [];
  const sandboxStack = newTestStack();
  return {
    server,
    pool,
    config,
    connection,
    nativeConnection,
    client,
    async worker(options = {}) {
      const sandbox = await createSandbox(testSandboxConfig(sandboxStack));
      sandboxes.push(sandbox);
      return Worker.create({
        connection: nativeConnection,
        taskQueue: 'record',
        workflowsPath,
        activities: createActivities({ pool, config, sandbox }),
        ...options,
      });
    },
    async save(name, workflowId, runId) {
      const run = runId ? ['--run-id', runId] : [];
      const { stdout } = await promisify(execFile)(
        cliPath,
        ['workflow', 'show', '--workflow-id', workflowId, ...run, '--output', 'json', '--address', server.address],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      await writeFile(join(histories, `${name}.json`), stdout);
      process.stdout.write(
        `recorded ${name} (${(JSON.parse(stdout) as { events: unknown[] }).events.length} events)\n`,
      );
    },
    async close() {
      for (const sandbox of sandboxes) await sandbox.close();
      await nativeConnection.close();
      await connection.close();
      await pool.end();
      await database.stop();
      await server.stop('SIGINT');
      await rm(directory, { recursive: true, force: true });
    },
  };
}
