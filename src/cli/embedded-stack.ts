import { join } from 'node:path';
import type { SynthorgConfig } from '../config/env.ts';
import { embeddedDefaults } from '../config/env.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { ProcessSupervisor } from '../supervisor/process-supervisor.ts';
import type { ProcessRegistry } from '../supervisor/process-supervisor.ts';
import { findTemporalCli } from '../temporal/cli-binary.ts';
import { startDevServer } from '../temporal/dev-server.ts';
import type { DevServer } from '../temporal/dev-server.ts';
import { removeStackFile, writeStackFile } from '../temporal/stack-file.ts';
import { createSynthorgWorker } from '../../workers/worker.ts';
import { ensureLocalModel, isLocalModelName, stopLocalModels } from '../llm/local-model/registry.ts';
import { parseModelName, resolveModelName } from '../llm/model-names.ts';
import type { SynthorgWorker } from '../../workers/worker.ts';

export interface EmbeddedStackOptions {
  config: SynthorgConfig;
  headless?: boolean;
  /** Start a worker in this process (default true). */
  worker?: boolean;
  /** Temporal frontend port (default 7233); the Web UI listens on port + 1000. */
  temporalPort?: number;
  /** Port of the embedded PostgreSQL (default 5433). */
  databasePort?: number;
  log: (line: string) => void;
}

export interface EmbeddedStack {
  temporalAddress: string;
  uiUrl: string | undefined;
  databaseUrl: string;
  /** Resolves when the worker stops (on SIGINT/SIGTERM or stop()). */
  workerDone: Promise<void>;
  /** Register any further process started for this stack here, so it never outlives it. */
  supervisor: ProcessRegistry | undefined;
  stop(): Promise<void>;
}

/**
 * The one-machine stack (docs/architecture.md, "Processes"): the Temporal dev server on a SQLite file under .synthorg/,
 * PGlite served on a local socket, and a worker. Parts configured by TEMPORAL_ADDRESS or
 * DATABASE_URL are used as given instead of started. Running it again reuses the same data, and
 * first stops whatever an earlier stack on the same home that was killed left running.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const { config, log } = options;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`while stopping: ${String(error)}`));
    stops.length = 0;
  };
  try {
    // Whatever embedded part runs, it uses the data under config.home: one stack at a time owns it.
    let supervisor: ProcessSupervisor | undefined;
    if (!config.temporalAddress || !config.databaseUrl) {
      const owned = await ProcessSupervisor.start({ home: config.home, log });
      supervisor = owned;
      stops.push(async () => owned.close());
    }

    let temporalAddress = config.temporalAddress;
    let uiUrl: string | undefined;
    if (!temporalAddress) {
      const cliPath = await findTemporalCli({ install: true, log, config });
      log('starting the Temporal dev server …');
      const started = Date.now();
      const server: DevServer = await startDevServer({
        cliPath,
        dbFile: join(config.home, 'temporal.sqlite'),
        port: options.temporalPort ?? Number(embeddedDefaults.temporalAddress.split(':')[1]),
        uiPort: options.temporalPort ? options.temporalPort + 1000 : embeddedDefaults.uiPort,
        headless: options.headless ?? false,
        namespace: config.namespace,
        log,
        ...(supervisor ? { supervisor } : {}),
      });
      stops.push(() => server.stop('SIGINT'));
      temporalAddress = server.address;
      uiUrl = server.uiUrl;
      log(`Temporal dev server ready at ${temporalAddress} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      log('starting the embedded PostgreSQL (PGlite) …');
      const database = await startEmbeddedPostgres({
        dataDir: join(config.home, 'pgdata'),
        port: options.databasePort ?? embeddedDefaults.postgresPort,
      });
      stops.push(() => database.stop());
      databaseUrl = database.url;
      log(`database ready at ${databaseUrl}`);
    }

    // Local models the worker starts on first use (a template's `local:` agents) stop with the stack too.
    stops.push(stopLocalModels);
    const defaultModel = resolveModelName('default', config);
    if (isLocalModelName(defaultModel) && (options.worker ?? true)) {
      // Started before the worker, so an install problem shows here and the first step does not wait.
      const local = await ensureLocalModel(parseModelName(defaultModel).modelId, config, log);
      log(`local model ${defaultModel} serving at ${local.baseURL}`);
    }

    let worker: SynthorgWorker | undefined;
    let workerDone: Promise<void> = Promise.resolve();
    if (options.worker ?? true) {
      worker = await createSynthorgWorker({ config, temporalAddress, databaseUrl, log });
      const running = worker;
      workerDone = running.run().finally(() => running.close());
      stops.push(async () => {
        // A signal may already have shut it down (the SDK handles SIGINT/SIGTERM itself).
        if (running.worker.getState() === 'RUNNING') running.shutdown();
        await workerDone.catch(() => undefined);
      });
      log(`worker polling task queue "${config.taskQueue}"`);
    }
    if (!config.temporalAddress) {
      // Other commands print this stack's Web UI (or none, when headless) from the file.
      await writeStackFile(config.home, { temporalAddress, uiUrl });
      stops.push(() => removeStackFile(config.home));
    }
    return { temporalAddress, uiUrl, databaseUrl, workerDone, supervisor, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
