import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { delimiter } from 'node:path';
import { LocalModelError } from '../llm/local-model/errors.ts';
import { isHealthy, stopChild, untilReady, watchChildServer } from '../process/child-server.ts';
import { killOnExit } from '../process/kill-on-exit.ts';
import type { LocalEmbeddingBackend } from './catalog.ts';

/** The server script, beside this module (scripts/build.sh copies it into dist/). */
export const embeddingServerScript = fileURLToPath(new URL('./python/embedding_server.py', import.meta.url));

/** A running local embedding server (one Python process; every model of its backend). */
export interface LocalEmbeddingServer {
  /** OpenAI-compatible base URL, e.g. `http://127.0.0.1:41234/v1`. */
  baseURL: string;
  pid: number;
  /** False once the process has exited (killed, crashed, stopped). */
  running(): boolean;
  /** True when `/health` answers within two seconds. */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface StartLocalEmbeddingServerOptions {
  python: string;
  /** Which models the server runs (`wordllama` or `minilm`). */
  backend: LocalEmbeddingBackend;
  /** Directories holding the backend's installed packages and their dependencies (put on PYTHONPATH). */
  packageDirectories: readonly string[];
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

const host = '127.0.0.1';
const listening = /synthorg-local-embedder listening on (http:\/\/\S+)/;

/**
 * Starts the server on a port the server picks itself (it binds port 0 and prints the address, so no
 * other process can take the port between choosing and binding) and resolves once `/health` answers.
 * The process does not keep Node alive: it is killed when Node exits and exits itself when Node dies.
 */
export async function startLocalEmbeddingServer(
  options: StartLocalEmbeddingServerOptions,
): Promise<LocalEmbeddingServer> {
  const log = options.log ?? (() => {});
  const args = [
    embeddingServerScript,
    '--backend',
    options.backend,
    '--host',
    host,
    '--port',
    '0',
    '--parent-pid',
    String(process.pid),
  ];
  const child = spawn(options.python, args, {
    env: {
      ...process.env,
      PYTHONPATH: options.packageDirectories.join(delimiter),
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let origin: string | undefined;
  const watch = watchChildServer(child, (line) => (origin ??= listening.exec(line)?.[1]));

  const started = Date.now();
  const deadline = started + (options.readyTimeoutMs ?? 120_000);
  const failure = await untilReady(watch, async () => origin !== undefined && (await isHealthy(origin)), {
    deadline,
    intervalMs: 100,
    stop: () => stopChild(child),
  });
  if (failure)
    throw new LocalModelError(
      `the local embedding server ${failure.reason}: ${watch.lastOutput()}` +
        (failure.ended?.includes('ENOENT') ? `; "${options.python}" was not found (set SYNTHORG_PYTHON)` : ''),
    );
  // Started on demand by whatever embeds first: it must not hold the event loop open after that work.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  // Ready means it said where it listens: untilReady's check reads `origin` first.
  const serverOrigin = origin as string;
  log(`local embedding server ready at ${serverOrigin} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    baseURL: `${serverOrigin}/v1`,
    pid: child.pid ?? -1,
    running: () => watch.ended() === undefined,
    healthy: () => isHealthy(serverOrigin),
    stop: () => stopChild(child),
  };
}
