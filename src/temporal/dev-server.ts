import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { embeddedDefaults } from '../config/env.ts';
import { customSearchAttributes } from '../domain/search-attributes.ts';
import { registerMissingSearchAttributes } from './search-attribute-registration.ts';
import { defaultNamespace } from '../config/stack-defaults.ts';
import type { ProcessRegistry } from '../supervisor/process-supervisor.ts';
import { isPortFree } from './ports.ts';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file holding all workflow state; created with its schema on first start. */
  dbFile: string;
  ip?: string;
  port?: number;
  /** Defaults to port + 1000, as the CLI does. */
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  /** Server output; defaults to `<dbFile without extension>.log` beside the database. */
  logFile?: string;
  log?: (line: string) => void;
  /** How long to wait for the server to answer (default 60 s). */
  readyTimeoutMs?: number;
  /** Registers the server as soon as it is spawned, so it does not outlive its owner. */
  supervisor?: ProcessRegistry;
  /** SQLite pragmas (`--sqlite-pragma K=V`); default `embeddedSqlitePragmas`, `{}` for SQLite's own defaults. */
  sqlitePragmas?: Readonly<Record<string, string>>;
  /** Serve the server's Prometheus metrics on this port (`--metrics-port`); off unless given. */
  metricsPort?: number;
  /**
   * The server's dynamic configuration (`--dynamic-config-value K=V`, V as JSON); default `embeddedDynamicConfig`,
   * `{}` for the server's own defaults.
   */
  dynamicConfig?: Readonly<Record<string, DynamicConfigValue>>;
}

export type DynamicConfigValue = string | number | boolean;

/**
 * Write-ahead log with `synchronous=normal`: a commit appends to the WAL without waiting for fsync;
 * checkpoints fsync. A killed server process loses nothing (the WAL is in the OS's page cache and is
 * replayed on the next open); a power loss or kernel crash can lose the last commits before the
 * most recent fsync (a checkpoint, at most about 1000 pages of WAL), never corrupt the file. On
 * this machine it took raw Temporal at 50 goals × 20 steps from 66 to 180 steps/s (bench: trunk).
 */
export const embeddedSqlitePragmas: Readonly<Record<string, string>> = { journal_mode: 'wal', synchronous: 'normal' };

/** The dynamic-config key that lets the server hand an activity to the worker whose workflow task scheduled it. */
export const eagerActivitiesKey = 'system.enableActivityEagerExecution';

/**
 * The server's minimal interval between runs of one workflow id (default 1 s). On this server it acts only as a floor
 * under the first-workflow-task backoff of a continued-as-new, retried or cron run: a run that lived L < 1 s has its
 * successor's first task deferred by 1 s - L, as a timer task that fires up to ~1 s later still, while signals sent to
 * it pile up (the other use, refusing a start within the interval, is off unless
 * `history.enableWorkflowIdReuseStartTimeValidation`). At 0 the first task is scheduled in the transaction that
 * closes the old run, as for any start: restarts lose nothing. What goes is a brake of one run a second on a workflow
 * that continues as new in a loop. docs/faults-and-load-rounds.md, "Twenty-third round".
 */
export const workflowIdReuseMinimalIntervalKey = 'history.workflowIdReuseMinimalInterval';

/**
 * Eager activity dispatch: when a workflow task schedules an activity on its own task queue and the worker has a
 * free activity slot (the SDK asks for up to 3 a task by default), the server records the activity as started in the
 * same update that completes the workflow task and returns it in the answer, instead of queueing it in matching for
 * a poll. The history has the same events; a worker that dies holding one leaves it to its heartbeat or
 * start-to-close timeout and its retries, as one that had polled it. The 1.31 server behind the CLI's dev server
 * grants it only when told (the server turns it on by default from 1.32). One goal's 20 steps took 0.6 s instead of
 * 1.2–1.3 s; at 50 goals × 20 steps the server spent 1.0–3.5 ms less CPU a step (docs/faults-and-load-rounds.md,
 * "Twentieth round"). And no floor under a continued run's first-task backoff
 * ({@link workflowIdReuseMinimalIntervalKey}): the successor of a run that continued within a second of its start no
 * longer waits up to ~1 s for its first workflow task.
 */
export const embeddedDynamicConfig: Readonly<Record<string, DynamicConfigValue>> = {
  [eagerActivitiesKey]: true,
  [workflowIdReuseMinimalIntervalKey]: '0s',
};

export interface DevServer {
  /** host:port of the gRPC frontend, for `Connection.connect({ address })`. */
  address: string;
  /** The Web UI, or undefined when headless. */
  uiUrl: string | undefined;
  process: ChildProcess;
  logFile: string;
  /** SIGINT lets the server flush SQLite and exit (SIGKILL after 15 s); SIGKILL simulates a crash. */
  stop(signal?: 'SIGINT' | 'SIGKILL'): Promise<void>;
}

/** The dev server did not come up; the message includes the tail of its log. */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
}

const defaultPort = Number(embeddedDefaults.temporalAddress.split(':')[1]);
const gracefulStopMs = 15_000;

/** Starts `temporal server start-dev` with the project's search attributes and waits until it serves. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? defaultPort;
  const headless = options.headless ?? false;
  const uiPort = options.uiPort ?? port + 1000;
  const namespace = options.namespace ?? defaultNamespace;
  const dbFile = resolve(options.dbFile);
  const logFile = resolve(options.logFile ?? join(dirname(dbFile), `${basename(dbFile, extname(dbFile))}.log`));
  const log = options.log ?? (() => {});
  // A wildcard bind is reachable on loopback; clients cannot dial 0.0.0.0 everywhere.
  const host = ip === '0.0.0.0' || ip === '::' ? '127.0.0.1' : ip;
  const address = `${host}:${port}`;

  const ports = headless ? [port] : [port, uiPort];
  for (const candidate of ports) {
    if (!(await isPortFree(candidate, ip))) {
      throw new DevServerStartError(
        `port ${candidate} on ${ip} is already in use, so the Temporal dev server cannot start. ` +
          `Stop whatever listens there (another \`temporal server start-dev\`?) or choose other ports.`,
      );
    }
  }

  await mkdir(dirname(dbFile), { recursive: true });
  await mkdir(dirname(logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    ip,
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(headless ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(options.metricsPort !== undefined ? ['--metrics-port', String(options.metricsPort)] : []),
    ...Object.entries(customSearchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...Object.entries(options.sqlitePragmas ?? embeddedSqlitePragmas).flatMap(([name, value]) => [
      '--sqlite-pragma',
      `${name}=${value}`,
    ]),
    ...Object.entries(options.dynamicConfig ?? embeddedDynamicConfig).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]),
  ];
  const logDescriptor = openSync(logFile, 'a');
  const runStartsAt = fstatSync(logDescriptor).size;
  writeSync(logDescriptor, `--- ${new Date().toISOString()} ${options.cliPath} ${args.join(' ')}\n`);
  let child: ChildProcess;
  try {
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the worker before the server.
    child = spawn(options.cliPath, args, { stdio: ['ignore', logDescriptor, logDescriptor], detached: true });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(logDescriptor);
  }
  // If this process ends without stop(), the server would linger holding its ports; ask it to stop.
  const stopWithUs = () => child.kill('SIGINT');
  process.once('exit', stopWithUs);
  child.once('exit', () => process.removeListener('exit', stopWithUs));
  const exited = new Promise<string>((resolveExit) => {
    child.once('error', (error) => resolveExit(`could not be spawned: ${error.message}`));
    child.once('exit', (code, signal) => resolveExit(`exited early (${signal ?? `code ${code}`})`));
  });
  try {
    await options.supervisor?.register('temporal', child, {
      stopSignal: 'SIGINT',
      graceMs: gracefulStopMs,
      processGroup: true,
    });
  } catch (error) {
    await stopProcess(child, 'SIGKILL');
    throw error;
  }
  log(`starting Temporal dev server on ${address} (log: ${logFile})`);

  const started = Date.now();
  const giveUp = new AbortController();
  const failure = await Promise.race([
    waitUntilServing(address, namespace, options.readyTimeoutMs ?? 60_000, giveUp.signal).then(() => undefined),
    exited,
  ]).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  giveUp.abort();
  if (failure !== undefined) {
    await stopProcess(child, 'SIGKILL');
    throw new DevServerStartError(
      `the Temporal dev server on ${address} ${failure}. Last lines of ${logFile}:\n${await tail(logFile, runStartsAt)}`,
    );
  }
  log(`Temporal dev server ready on ${address} after ${Date.now() - started} ms`);
  await registerMissingSearchAttributes(options.cliPath, address, namespace, log).catch((error: unknown) =>
    log(`could not check the search attributes: ${error instanceof Error ? error.message : String(error)}`),
  );

  return {
    address,
    uiUrl: headless ? undefined : `http://${host}:${uiPort}`,
    process: child,
    logFile,
    stop: (signal = 'SIGINT') => stopProcess(child, signal),
  };
}

async function waitUntilServing(
  address: string,
  namespace: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline && !signal.aborted) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: '2s' });
      const service = connection.workflowService;
      await connection.withDeadline(Date.now() + 2_000, async () => {
        await service.getSystemInfo({});
        // The frontend can answer before the namespace is registered.
        await service.describeNamespace({ namespace });
      });
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await connection?.close();
    }
    await sleep(200);
  }
  throw new Error(`did not answer within ${timeoutMs} ms (last error: ${lastError})`);
}

async function stopProcess(child: ChildProcess, signal: 'SIGINT' | 'SIGKILL'): Promise<void> {
  // No pid: the spawn itself failed and there will be no exit event.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exit = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), gracefulStopMs);
  try {
    await exit;
  } finally {
    clearTimeout(timer);
  }
}

/** The end of this run's part of the log (earlier runs append to the same file). */
async function tail(path: string, runStartsAt: number, bytes = 4_000): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const start = Math.max(runStartsAt, size - bytes);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `(could not read the log: ${error instanceof Error ? error.message : String(error)})`;
  }
}
