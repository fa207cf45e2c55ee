import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { delegationServiceHandler } from '../src/federation/nexus-handler.ts';
import type { SynthorgConfig } from '../src/config/env.ts';
import { createPool } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createActivities } from '../activities/index.ts';
import { defaultPool, poolTaskQueue } from '../src/domain/placement.ts';
import { installRuntime, runtimeInstalled, sdkMetricsUrl } from '../src/temporal/runtime.ts';
import { workflowBundlerOptions } from '../src/temporal/workflow-bundler-options.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import { startWorkerObservability } from '../src/observability/worker-observability.ts';
import { connectWithCause, temporalConnectionOptions } from '../src/temporal/connection.ts';
import { workerConnectionOptions } from '../src/temporal/worker-connection.ts';
import { createSandbox, formatProtections } from '../src/sandbox/index.ts';
import type { Sandbox } from '../src/sandbox/index.ts';

// The same extension as this file: .ts in a clone, .js in the built package (dist/).
export const workflowsPath = fileURLToPath(new URL(`../workflows/index${extname(import.meta.url)}`, import.meta.url));

export interface SynthorgWorkerOptions {
  config: SynthorgConfig;
  temporalAddress: string;
  databaseUrl: string;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  taskQueue?: string;
  /**
   * Worker pools to serve (docs/scaling.md); default config.pools. `default` runs the workflows and
   * every activity on the base queue; another pool runs activities only, on `<base>@<pool>`.
   */
  pools?: string[];
  log?: (line: string) => void;
  /** Where run_code runs; by default the sandbox configured by SYNTHORG_SANDBOX_* (config.sandbox). */
  sandbox?: Sandbox;
  /**
   * The activities the worker runs, given the real ones: a test's worker process wraps them to watch or break one
   * (test/restart/local-activity-worker.ts); by default the real ones.
   */
  wrapActivities?: (activities: SynthorgActivities) => SynthorgActivities;
}

/** Every activity a SynthOrg worker runs (activities/index.ts). */
export type SynthorgActivities = ReturnType<typeof createActivities>;

export interface SynthorgWorker {
  /** The first pool's worker. */
  worker: Worker;
  /** One worker per pool, in the order given. */
  workers: Worker[];
  /** Runs until shutdown() or a signal; resolves when the worker has drained. */
  run(): Promise<void>;
  shutdown(): void;
  /** Closes the pool and the connection; call after run() resolved. */
  close(): Promise<void>;
  /** `http://host:port` of `/metrics` when SYNTHORG_METRICS_PORT (or --metrics-port) is set. */
  metricsUrl: string | undefined;
}

/** Connects, migrates the database and creates a worker for the workflows and activities. */
export async function createSynthorgWorker(options: SynthorgWorkerOptions): Promise<SynthorgWorker> {
  const { observability } = options.config;
  // The SDK's own metrics need the runtime installed with an exporter; /metrics forwards them.
  const wantsSdkMetrics = observability.metricsPort !== undefined && !runtimeInstalled();
  installRuntime(
    options.config.logLevel,
    wantsSdkMetrics ? { prometheusBindAddress: `127.0.0.1:${await findFreePort()}` } : {},
  );
  const pool = createPool(options.databaseUrl, { preparedStatements: options.config.databasePreparedStatements });
  let telemetry: Awaited<ReturnType<typeof startWorkerObservability>> | undefined;
  let connection: NativeConnection | undefined;
  let sandbox: Sandbox | undefined;
  try {
    // Temporal first: when it is down or misconfigured, say so before any database work.
    connection = await connectWithCause(
      temporalConnectionOptions(options.config, options.temporalAddress),
      (settings) => NativeConnection.connect(workerConnectionOptions(settings)),
      (opened) => opened.close(),
    );
    await migrate(pool, options.log ? { log: options.log } : {});
    sandbox = options.sandbox ?? (await createSandbox(options.config.sandbox));
    // Which protections are active here, so an operator sees what a weaker host leaves out.
    options.log?.(formatProtections(sandbox.protections));
    telemetry = await startWorkerObservability(observability, pool, sdkMetricsUrl());
    const baseQueue = options.taskQueue ?? options.config.taskQueue;
    const real = createActivities({ pool, config: options.config, sandbox });
    const activities = options.wrapActivities ? options.wrapActivities(real) : real;
    const workers: Worker[] = [];
    for (const poolName of options.pools ?? options.config.pools) {
      const workflows =
        poolName !== defaultPool
          ? {}
          : options.workflowBundle
            ? { workflowBundle: options.workflowBundle }
            : { workflowsPath, bundlerOptions: workflowBundlerOptions(workflowsPath) };
      workers.push(
        await Worker.create({
          ...telemetry.workerOptions,
          connection,
          namespace: options.config.namespace,
          taskQueue: poolTaskQueue(baseQueue, poolName),
          activities,
          ...workflows,
          // Companies on the same cluster delegate to this one over Nexus (docs/federation.md).
          ...(poolName === defaultPool ? { nexusServices: [delegationServiceHandler] } : {}),
          shutdownGraceTime: '10 seconds',
          ...options.config.worker,
        }),
      );
    }
    const worker = workers[0];
    if (!worker) throw new Error('a worker needs at least one pool');
    const openConnection = connection;
    const openSandbox = sandbox;
    const openTelemetry = telemetry;
    if (openTelemetry.metricsUrl) options.log?.(`metrics at ${openTelemetry.metricsUrl}/metrics`);
    return {
      worker,
      workers,
      metricsUrl: openTelemetry.metricsUrl,
      run: async () => {
        // One pool's worker failing stops the others: the process exits and its supervisor restarts it whole.
        const runs = workers.map((each) =>
          each.run().catch((error: unknown) => {
            for (const other of workers) if (other.getState() === 'RUNNING') other.shutdown();
            throw error;
          }),
        );
        const failed = (await Promise.allSettled(runs)).find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      },
      shutdown: () => {
        for (const each of workers) if (each.getState() === 'RUNNING') each.shutdown();
      },
      close: async () => {
        await openTelemetry.close();
        await openConnection.close();
        if (!options.sandbox) await openSandbox.close();
        await pool.end();
      },
    };
  } catch (error) {
    await telemetry?.close();
    await connection?.close();
    if (!options.sandbox) await sandbox?.close();
    await pool.end();
    throw error;
  }
}
