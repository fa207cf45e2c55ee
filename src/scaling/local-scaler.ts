import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerScaler } from './worker-scaler.ts';

export interface LocalScalerOptions {
  /** The environment of every started worker (TEMPORAL_ADDRESS, DATABASE_URL, SYNTHORG_TASK_QUEUE, …). */
  environment: NodeJS.ProcessEnv;
  /** The worker entry point; by default this checkout's `workers/main.ts` (the same as `synthorg worker`). */
  workerEntry?: string;
  /** A draining worker gets this long to finish its activities before SIGKILL (default 30 s). */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
}

const defaultWorkerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

/**
 * Starts and drains `synthorg worker --pool <pool>` child processes. Draining is SIGTERM: the worker
 * stops polling, finishes what it holds (within its shutdown grace) and exits; work it could not
 * finish is retried on another worker, so nothing is lost. Newest workers drain first.
 */
export class LocalScaler implements WorkerScaler {
  readonly kind = 'local';
  private readonly running = new Map<string, ChildProcess[]>();
  private readonly draining = new Set<Promise<void>>();
  private readonly options: LocalScalerOptions;

  constructor(options: LocalScalerOptions) {
    this.options = options;
  }

  async current(pool: string): Promise<number> {
    return this.alive(pool).length;
  }

  /** Process ids of the pool's running (not draining) workers, oldest first. */
  pids(pool: string): number[] {
    return this.alive(pool).flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  async scaleTo(pool: string, count: number): Promise<void> {
    const alive = this.alive(pool);
    for (let index = alive.length; index < count; index++) alive.push(this.start(pool));
    while (alive.length > count) this.drain(pool, alive.pop() as ChildProcess);
    this.running.set(pool, alive);
  }

  async close(): Promise<void> {
    for (const [pool, children] of this.running) for (const child of children) this.drain(pool, child);
    this.running.clear();
    await Promise.all([...this.draining]);
  }

  private alive(pool: string): ChildProcess[] {
    return (this.running.get(pool) ?? []).filter((child) => child.exitCode === null && child.signalCode === null);
  }

  private start(pool: string): ChildProcess {
    const child = spawn(process.execPath, [this.options.workerEntry ?? defaultWorkerEntry, '--pool', pool], {
      env: this.options.environment,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        this.options.log?.(`[${pool} ${child.pid}] ${line}`);
    });
    this.options.log?.(`started worker ${child.pid} for pool ${pool}`);
    return child;
  }

  private drain(pool: string, child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null) return;
    this.options.log?.(`draining worker ${child.pid} of pool ${pool}`);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.drainTimeoutMs ?? 30_000);
    const done = exited.finally(() => {
      clearTimeout(timer);
      this.draining.delete(done);
    });
    this.draining.add(done);
  }
}
