import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { embeddedSqlitePragmas, startDevServer } from '../src/temporal/dev-server.ts';
import type { DevServer, DevServerOptions } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';

/** A headless dev server for one bench, with a client connection and a worker connection to it. */
export interface BenchTemporal {
  server: DevServer;
  /** The server's Prometheus endpoint (`http://host:port/metrics`) when asked for with `metrics`. */
  metricsUrl: string | undefined;
  connection: Connection;
  nativeConnection: NativeConnection;
  /** Closes both connections, then stops the server (SIGINT, as an operator's Ctrl-C). */
  close(): Promise<void>;
}

/**
 * Starts the embedded stack's dev server (its SQLite pragmas unless given others) on a free port with its database
 * in `directory`, and connects to it: what the step benches each did by hand before they shared it.
 */
export async function startBenchTemporal(
  directory: string,
  options: {
    log?: (line: string) => void;
    sqlitePragmas?: Record<string, string>;
    metrics?: boolean;
    /** The server's dynamic configuration; the embedded stack's unless given. */
    dynamicConfig?: DevServerOptions['dynamicConfig'];
  } = {},
): Promise<BenchTemporal> {
  const metricsPort = options.metrics ? await findFreePort() : undefined;
  const server = await startDevServer({
    cliPath: await findTemporalCli({ install: true, log: options.log }),
    dbFile: join(directory, 'temporal.sqlite'),
    port: await findFreePort(),
    headless: true,
    sqlitePragmas: options.sqlitePragmas ?? embeddedSqlitePragmas,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    ...(options.dynamicConfig !== undefined ? { dynamicConfig: options.dynamicConfig } : {}),
  });
  const connection = await Connection.connect({ address: server.address }).catch(async (error: unknown) => {
    await server.stop('SIGINT');
    throw error;
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address }).catch(async (error: unknown) => {
    await connection.close();
    await server.stop('SIGINT');
    throw error;
  });
  return {
    server,
    metricsUrl: metricsPort !== undefined ? `http://127.0.0.1:${metricsPort}/metrics` : undefined,
    connection,
    nativeConnection,
    async close() {
      await connection.close();
      await nativeConnection.close();
      await server.stop('SIGINT');
    },
  };
}
