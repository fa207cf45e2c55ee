import type { SynthorgConfig } from '../config/env.ts';
import { installPythonPackage, pythonCommand } from '../llm/local-model/installer.ts';
import { wordllamaPackage } from './catalog.ts';
import { startLocalEmbeddingServer, type LocalEmbeddingServer } from './server.ts';

/** This process's embedding server (one serves every `local:wordllama-*` width), started on first use. */
let current: Promise<LocalEmbeddingServer> | undefined;

async function start(config: SynthorgConfig, log: (line: string) => void): Promise<LocalEmbeddingServer> {
  const packageDirectory = await installPythonPackage(config, wordllamaPackage, log);
  log('starting the local embedding server (WordLlama) …');
  return startLocalEmbeddingServer({ python: pythonCommand(config), packageDirectory, log });
}

/**
 * The running local embedding server, installed (wordllama from PyPI into the cache, once per machine)
 * and started on first use. Concurrent first uses share one start; a failed start is forgotten so a
 * later call retries; a server whose process has exited (killed, crashed) is replaced by a new one.
 */
export async function ensureLocalEmbeddingServer(
  config: SynthorgConfig,
  log: (line: string) => void = () => {},
): Promise<LocalEmbeddingServer> {
  const existing = current;
  if (existing !== undefined) {
    const server = await existing.catch(() => undefined);
    if (server?.running()) return server;
    if (current === existing) current = undefined;
    else return ensureLocalEmbeddingServer(config, log);
  }
  const starting = start(config, log);
  current = starting;
  starting.catch(() => {
    if (current === starting) current = undefined;
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
): Promise<LocalEmbeddingServer> {
  const active = await current?.catch(() => undefined);
  if (active === server) {
    current = undefined;
    log(`the local embedding server (pid ${server.pid}) does not answer; starting another`);
    await server.stop();
  }
  return ensureLocalEmbeddingServer(config, log);
}

/** Stops this process's embedding server, if it started one (the end of a test or a benchmark). */
export async function stopLocalEmbeddingServer(): Promise<void> {
  const stopping = current;
  current = undefined;
  const server = await stopping?.catch(() => undefined);
  await server?.stop();
}
