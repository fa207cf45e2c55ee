import { randomBytes } from 'node:crypto';
import type { SandboxConfig } from './config.ts';
import { SandboxInputError } from './errors.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { resolveLimits } from './limits.ts';
import type {
  ArtifactInfo,
  ExecuteOutcome,
  ProtectionName,
  RunProgress,
  SandboxExecutor,
  SandboxLanguage,
  SandboxLimits,
  SandboxProtections,
  WarmStartSupport,
  WorkspaceFile,
} from './types.ts';
import type { WorkspaceRecord, WorkspaceStore } from './workspace-store.ts';

/**
 * How long a spare taken by a task may wait for the sandbox to be idle before it is made again anyway (a
 * worker that is never idle still gets its spares back).
 */
export const refillWhenBusyAfterMs = 1000;

/** Code travels as one argv string (`bash -c`, `node -e`, `python3 -c`); Linux caps one argument at 128 KiB. */
export const maxCodeBytes = 100_000;

export interface SandboxRunRequest {
  language: SandboxLanguage;
  code: string;
  args?: string[];
  stdin?: string;
  /** Asked-for limits; each is capped at the configured ceiling. */
  limits?: Partial<SandboxLimits>;
  /** Aborting kills the whole process tree (or deletes the Kubernetes Job). */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  progressIntervalMs?: number;
}

export interface SandboxRunResult extends ExecuteOutcome {
  workspaceId: string;
  runId: string;
  /** The limits the run had after capping. */
  limits: SandboxLimits;
  /** Paths of this run's artifacts, for `readArtifact`. */
  artifacts: { stdout: string; stderr: string; program: string; result: string };
  isolation: SandboxProtections['isolation'];
  protections: ProtectionName[];
}

/**
 * The sandbox every caller uses: workspaces (prepare, write files, run, read artifacts, destroy) over
 * one executor chosen by configuration. Runs in one workspace are serialised, so a task's steps never
 * see each other's half-written files.
 */
export class Sandbox {
  readonly #config: SandboxConfig;
  readonly #store: WorkspaceStore;
  readonly #executor: SandboxExecutor;
  readonly #mutex = new KeyedMutex();
  /** Empty workspaces prepared ahead, each with its first run built (warm starts, local/warm-start.ts). */
  readonly #spares: WorkspaceRecord[] = [];
  #refilling: Promise<void> | undefined;
  /**
   * Prepares, writes, runs and destroys in flight. A spare taken by a task is made again only when none is
   * (or after {@link refillWhenBusyAfterMs}): making one spawns a warm run, whose fork and namespaces
   * would compete for the cores with the run the task is waiting for.
   */
  #inFlight = 0;
  #refillWanted: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(config: SandboxConfig, store: WorkspaceStore, executor: SandboxExecutor) {
    this.#config = config;
    this.#store = store;
    this.#executor = executor;
  }

  /** Spare workspaces ready right now (for tests and the bench). */
  get spareCount(): number {
    return this.#spares.length;
  }

  /**
   * Tops the spare workspaces up to the configured number, in the background; resolves when done.
   * Only backends with warm starts keep spares: without them a spare saves a few directory operations.
   */
  refillSpares(): Promise<void> {
    const warm = this.#executor.warmStarts;
    if (warm === undefined || this.#config.spareWorkspaces === 0) return Promise.resolve();
    if (this.#refilling === undefined) {
      const refilling = this.#refill(warm);
      this.#refilling = refilling;
      void refilling.finally(() => {
        if (this.#refilling === refilling) this.#refilling = undefined;
      });
    }
    return this.#refilling;
  }

  async #refill(warm: WarmStartSupport): Promise<void> {
    try {
      while (!this.#closed && this.#spares.length < this.#config.spareWorkspaces) {
        const spareId = `spare:${process.pid}:${randomBytes(6).toString('hex')}`;
        const record = await this.#store.prepare(spareId);
        if (this.#closed) {
          await this.#store.destroy(spareId);
          return;
        }
        warm.prelaunch(this.#store.location(record), this.#config.limits);
        this.#spares.push(record);
      }
    } catch {
      // A spare is an optimisation: a task that finds none prepares its workspace the ordinary way.
    }
  }

  /** Asks for the spares to be topped up once nothing is in flight, or after {@link refillWhenBusyAfterMs}. */
  #refillWhenIdle(): void {
    if (this.#refillWanted !== undefined) return;
    this.#refillWanted = setTimeout(() => this.#refillNow(), refillWhenBusyAfterMs);
    this.#refillWanted.unref();
  }

  #refillNow(): void {
    clearTimeout(this.#refillWanted);
    this.#refillWanted = undefined;
    if (!this.#closed) void this.refillSpares();
  }

  /** Runs `task` under the workspace's lock, counted as in flight (see `#inFlight`). */
  async #exclusive<T>(workspaceId: string, task: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await this.#mutex.run(workspaceId, task);
    } finally {
      this.#inFlight -= 1;
      // After the caller's continuation: a caller that goes on with its next step at once is not idle.
      if (this.#inFlight === 0 && this.#refillWanted !== undefined) {
        setImmediate(() => {
          if (this.#inFlight === 0 && this.#refillWanted !== undefined) this.#refillNow();
        });
      }
    }
  }

  get protections(): SandboxProtections {
    return this.#executor.protections;
  }

  get limits(): SandboxLimits {
    return this.#config.limits;
  }

  /** Creates the workspace (from a spare when one is ready), or does nothing when it exists. */
  async prepareWorkspace(workspaceId: string): Promise<void> {
    await this.#exclusive(workspaceId, async () => {
      if (await this.#store.find(workspaceId)) return;
      const warm = this.#executor.warmStarts;
      const spare = this.#spares.shift();
      if (warm && spare !== undefined) {
        this.#refillWhenIdle();
        // Before the rename: a warm run still being built would look for the spare's old path.
        await warm.keepAcrossRename(spare.id);
        // Known not to exist (just looked): no second look before the rename, which refuses an existing one anyway.
        const adopted = await this.#store.adopt(spare, workspaceId);
        if (adopted) {
          warm.rename(spare.id, workspaceId);
          return;
        }
        warm.discard(spare.id);
        await this.#store.destroy(spare.id);
      }
      const record = await this.#store.prepare(workspaceId);
      warm?.prelaunch(this.#store.location(record), this.#config.limits);
    });
  }

  async writeFiles(workspaceId: string, files: readonly WorkspaceFile[]): Promise<void> {
    await this.#exclusive(workspaceId, async () => {
      const record = await this.#store.get(workspaceId);
      await this.#store.writeFiles(record, files, this.#config.limits.maxFileBytes);
    });
  }

  async run(workspaceId: string, request: SandboxRunRequest): Promise<SandboxRunResult> {
    if (Buffer.byteLength(request.code) > maxCodeBytes) {
      throw new SandboxInputError(`code has more than ${maxCodeBytes} bytes; write it to a file and run that file`);
    }
    const limits = resolveLimits(this.#config.limits, request.limits);
    const result = await this.#exclusive(workspaceId, async () => {
      const record = await this.#store.get(workspaceId);
      const runId = newRunId();
      const location = await this.#store.createRun(record, runId);
      // The program's record is written while it runs (the code never sees runs/), and TMPDIR is emptied
      // while the result is written: each file operation is a round trip through the thread pool.
      const programRecorded = settle(this.#store.writeRunRecord(record, runId, 'program', request.code));
      let outcome: ExecuteOutcome;
      try {
        outcome = await this.#executor.execute(location, {
          runId,
          language: request.language,
          code: request.code,
          args: request.args ?? [],
          stdin: request.stdin,
          limits,
          signal: request.signal,
          onProgress: request.onProgress,
          progressIntervalMs: request.progressIntervalMs ?? 1000,
        });
      } catch (error) {
        await Promise.allSettled([programRecorded, this.#clearTemporaryFiles(record)]);
        throw error;
      }
      const result: SandboxRunResult = {
        ...outcome,
        workspaceId,
        runId,
        limits,
        artifacts: {
          stdout: `runs/${runId}/stdout`,
          stderr: `runs/${runId}/stderr`,
          program: `runs/${runId}/program`,
          result: `runs/${runId}/result.json`,
        },
        isolation: this.protections.isolation,
        protections: this.protections.active,
      };
      const [programError] = await Promise.all([
        programRecorded,
        this.#clearTemporaryFiles(record),
        this.#store.writeRunRecord(record, runId, 'result.json', JSON.stringify(result, null, 2)),
      ]);
      if (programError !== undefined) throw programError;
      return result;
    });
    if (!result.cancelled) this.#prelaunchAfterRun(workspaceId, limits);
    return result;
  }

  /**
   * Empties the workspace's TMPDIR, which only runs without a /tmp of their own use (unshare, none):
   * bubblewrap gives each run a fresh tmpfs and never shows the host directory to the code, so under it
   * there is nothing to look at (one thread-pool round trip less per run).
   */
  async #clearTemporaryFiles(record: WorkspaceRecord): Promise<void> {
    const isolation = this.protections.isolation;
    if (isolation === 'unshare' || isolation === 'none') await this.#store.clearTemporaryFiles(record);
  }

  /**
   * Builds the workspace's next run once this one has returned, so the spawn is not part of this run's
   * latency; under the workspace's lock, so a workspace destroyed meanwhile gets none.
   */
  #prelaunchAfterRun(workspaceId: string, limits: SandboxLimits): void {
    const warm = this.#executor.warmStarts;
    if (warm === undefined) return;
    setImmediate(() => {
      void this.#mutex
        .run(workspaceId, async () => {
          const record = await this.#store.find(workspaceId);
          if (record && !this.#closed) warm.prelaunch(this.#store.location(record), limits);
        })
        .catch(() => undefined);
    });
  }

  async listArtifacts(workspaceId: string): Promise<ArtifactInfo[]> {
    return await this.#mutex.run(workspaceId, async () =>
      this.#store.listArtifacts(await this.#store.get(workspaceId)),
    );
  }

  /** Reads at most `maxBytes` of an artifact (`files/<path>` or `runs/<runId>/stdout|stderr|program|result.json`). */
  async readArtifact(workspaceId: string, path: string, maxBytes = 1024 * 1024): Promise<Buffer> {
    return await this.#mutex.run(workspaceId, async () =>
      this.#store.readArtifact(await this.#store.get(workspaceId), path, maxBytes),
    );
  }

  /** Deletes the workspace with its artifacts; true when it existed. */
  async destroyWorkspace(workspaceId: string): Promise<boolean> {
    return await this.#exclusive(workspaceId, async () => {
      this.#executor.warmStarts?.discard(workspaceId);
      return await this.#store.destroy(workspaceId);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#refillWanted);
    this.#refillWanted = undefined;
    await this.#refilling;
    for (const spare of this.#spares.splice(0)) {
      this.#executor.warmStarts?.discard(spare.id);
      await this.#store.destroy(spare.id).catch(() => false);
    }
    await this.#executor.close();
    await this.#store.settled();
  }
}

/** The promise's error, or undefined once it resolved; never rejects, so it may wait unobserved. */
function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error ?? new Error('failed'),
  );
}

/** Sortable by time and valid in Kubernetes names (lower-case letters, digits). */
function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}
