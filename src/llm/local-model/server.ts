import { spawn } from 'node:child_process';
import { findFreePort } from '../../temporal/ports.ts';
import { LocalModelError } from './errors.ts';

/** A running llama.cpp server for one GGUF model. */
export interface LocalModelServer {
  /** OpenAI-compatible base URL, e.g. `http://127.0.0.1:41234/v1`. */
  baseURL: string;
  modelPath: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartLocalModelServerOptions {
  python: string;
  /** Directory holding the installed `xllamacpp` package (put on PYTHONPATH). */
  serverDirectory: string;
  modelPath: string;
  /** Context window in tokens, shared by the parallel slots. */
  contextSize?: number;
  /** Requests decoded at once. */
  parallel?: number;
  /**
   * CPU threads for decoding, and for prompt batches unless `batchThreads` says otherwise; llama.cpp's own choice (the
   * cores) when unset. One thread has no barrier to spin at: on cores other processes share, two threads decoded the
   * 135M model ~10× slower (docs/memory-rounds.md).
   */
  threads?: number;
  /**
   * CPU threads for prompt batches (and for a step that decodes several requests at once), when they differ from
   * `threads`. Their OpenMP threads then wait passively (OMP_WAIT_POLICY=passive): a thread that has done its share of
   * a batch sleeps instead of spinning. On this 2-core machine one decoding thread with two passive batch threads read
   * prompts 1.9× faster than one thread alone, and no slower with one or two busy loops beside it; two spinning batch
   * threads were slower than one (docs/testing.md, "Twenty-eighth round: the alone group's time").
   */
  batchThreads?: number;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Runs llama.cpp's HTTP server in this Python process and exits when its parent dies, so a killed
 * worker (even by SIGKILL) leaves no model server behind: the parent id changes when the parent goes.
 */
const serverScript = `
import os, sys, time
import xllamacpp
model_path, host, port, n_ctx, n_parallel, n_threads, n_threads_batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
parent = os.getppid()
params = xllamacpp.CommonParams()
params.model.path = model_path
params.hostnames = [host]
params.port = port
params.n_ctx = n_ctx
params.n_parallel = n_parallel
if n_threads > 0:
    params.cpuparams.n_threads = n_threads
if n_threads_batch > 0:
    params.cpuparams_batch.n_threads = n_threads_batch
server = xllamacpp.Server(params)
print("synthorg-local-model listening", flush=True)
while os.getppid() == parent:
    time.sleep(0.5)
os._exit(0)
`;
import { isHealthy, stopChild, untilReady, watchChildServer } from '../../process/child-server.ts';
import { killOnExit } from '../../process/kill-on-exit.ts';

const host = '127.0.0.1';

/**
 * Starts the server on a free loopback port and resolves once `/health` answers (the model is
 * loaded). A start that fails (port taken between choosing and binding, a bad model file) is
 * reported with the last lines the server logged.
 */
export async function startLocalModelServer(options: StartLocalModelServerOptions): Promise<LocalModelServer> {
  const log = options.log ?? (() => {});
  const port = await findFreePort(host);
  const baseURL = `http://${host}:${port}/v1`;
  const args = [
    '-c',
    serverScript,
    options.modelPath,
    host,
    String(port),
    String(options.contextSize ?? 8192),
    String(options.parallel ?? 2),
    String(options.threads ?? 0),
    String(options.batchThreads ?? options.threads ?? 0),
  ];
  const passive = options.batchThreads !== undefined && options.batchThreads !== options.threads;
  const child = spawn(options.python, args, {
    env: {
      ...process.env,
      PYTHONPATH: options.serverDirectory,
      PYTHONUNBUFFERED: '1',
      // Read by the OpenMP runtime when the server's library loads.
      ...(passive ? { OMP_WAIT_POLICY: 'passive' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const watch = watchChildServer(child);

  const started = Date.now();
  const deadline = started + (options.readyTimeoutMs ?? 120_000);
  const failure = await untilReady(watch, () => isHealthy(baseURL.replace(/\/v1$/, '')), {
    deadline,
    intervalMs: 200,
    stop: () => stopChild(child),
  });
  if (failure)
    throw new LocalModelError(
      `the local model server for ${options.modelPath} ${failure.reason}: ${watch.lastOutput()}`,
    );
  log(`local model ${options.modelPath} ready at ${baseURL} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    baseURL,
    modelPath: options.modelPath,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
  };
}
