import type { SandboxLimits } from '../types.ts';
import type { CommandLine } from './command-line.ts';
import { launchMessage } from './command-line.ts';
import type { SandboxChild } from './process-runner.ts';
import { killProcessGroup, spawnInOwnGroup } from './process-runner.ts';

/**
 * Warm starts: most of a sandboxed run's cost is building it (dropping privileges, setting limits,
 * bubblewrap's namespaces and mounts), not running the code. So the next run of a workspace is built
 * ahead, up to a launcher that waits; the run itself says "go" and sends the program down a pipe. The
 * warm process is the same command line a cold run would spawn (same user, limits, namespaces and
 * mounts), so it gives up no protection. It dies with the worker (bubblewrap's
 * --die-with-parent, setpriv's parent-death signal) and refuses to run anything without "go".
 */
interface WarmProcess {
  child: SandboxChild;
  /** The limits it was built with; a run with other limits is built cold. */
  key: string;
  launchedAt: number;
  /**
   * True once the launcher has said it runs (bubblewrap has bound the workspace, so a rename no longer
   * matters); false when it ended first.
   */
  ready: Promise<boolean>;
}

/** How long adopting a spare waits for its warm run to be built before building the first run cold. */
export const warmReadyTimeoutMs = 2000;

/** The limits that shape a command line (prlimit, tmpfs size); wall time and output are enforced outside it. */
export function commandLineLimitsKey(limits: SandboxLimits): string {
  return [limits.cpuTimeSeconds, limits.memoryBytes, limits.maxFileBytes, limits.maxProcesses].join(':');
}

/** At most `capacity` warm processes, one per workspace; the oldest goes when a new one needs room. */
export class WarmProcesses {
  readonly #capacity: number;
  readonly #byWorkspace = new Map<string, WarmProcess>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#byWorkspace.size;
  }

  has(workspaceId: string): boolean {
    return this.#byWorkspace.has(workspaceId);
  }

  /** Spawns the launcher of `workspaceId`'s next run (fd 3 is the pipe that says "go"). */
  launch(workspaceId: string, commandLine: CommandLine, limits: SandboxLimits): void {
    this.discard(workspaceId);
    if (this.#capacity <= 0) return;
    while (this.#byWorkspace.size >= this.#capacity) {
      const oldest = [...this.#byWorkspace.entries()].sort((a, b) => a[1].launchedAt - b[1].launchedAt)[0];
      if (oldest === undefined) break;
      this.discard(oldest[0]);
    }
    const child = spawnInOwnGroup(commandLine, 1);
    // A launcher that failed to start (or was killed) is noticed at take(); errors must not crash the worker.
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    const pipe = child.stdio[3];
    pipe?.on('error', () => undefined);
    const ready = new Promise<boolean>((resolve) => {
      pipe?.once('data', () => resolve(true));
      child.once('exit', () => resolve(false));
      child.once('error', () => resolve(false));
    });
    this.#byWorkspace.set(workspaceId, { child, key: commandLineLimitsKey(limits), launchedAt: Date.now(), ready });
  }

  /**
   * Hands out the warm process of `workspaceId` when it is alive and was built with these limits; a
   * mismatched or dead one is killed and undefined returned, so the caller builds the run cold.
   */
  take(
    workspaceId: string,
    limits: SandboxLimits,
  ): { child: SandboxChild; go: (argv: readonly string[]) => void } | undefined {
    const warm = this.#byWorkspace.get(workspaceId);
    if (warm === undefined) return undefined;
    this.#byWorkspace.delete(workspaceId);
    const alive = warm.child.exitCode === null && warm.child.signalCode === null && warm.child.pid !== undefined;
    if (!alive || warm.key !== commandLineLimitsKey(limits)) {
      end(warm.child);
      return undefined;
    }
    const goPipe = warm.child.stdio[3];
    return {
      child: warm.child,
      go: (argv) => {
        if (goPipe && 'end' in goPipe) goPipe.end(launchMessage(argv));
      },
    };
  }

  /**
   * Called before a workspace's directory is renamed (a spare adopted by a task). Bubblewrap looks up the
   * workspace's path when it builds the sandbox, so a launcher still being built when the directory is
   * renamed fails the run (`Can't find source path`: the attack test's empty `echo ok`, docs/sandbox.md,
   * fifteenth round); once it runs, its bind mount follows the rename. So this waits until the launcher
   * runs (never longer than building the run cold would take, as that is what it waits for), or kills it
   * when it ended or is not ready within `timeoutMs`. True when the warm process is kept.
   */
  async keepAcrossRename(workspaceId: string, timeoutMs = warmReadyTimeoutMs): Promise<boolean> {
    const warm = this.#byWorkspace.get(workspaceId);
    if (warm === undefined) return false;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ready = await Promise.race([warm.ready, timedOut]);
    clearTimeout(timer);
    if (ready && this.#byWorkspace.get(workspaceId) === warm) return true;
    if (this.#byWorkspace.get(workspaceId) === warm) this.discard(workspaceId);
    return false;
  }

  /** The workspace was renamed (a spare adopted by a task): its warm process now serves `to`. */
  rename(from: string, to: string): void {
    const warm = this.#byWorkspace.get(from);
    if (warm === undefined) return;
    this.#byWorkspace.delete(from);
    this.#byWorkspace.set(to, warm);
  }

  discard(workspaceId: string): void {
    const warm = this.#byWorkspace.get(workspaceId);
    if (warm === undefined) return;
    this.#byWorkspace.delete(workspaceId);
    end(warm.child);
  }

  discardAll(): void {
    for (const workspaceId of [...this.#byWorkspace.keys()]) this.discard(workspaceId);
  }
}

/**
 * Kills a warm process that will not run, and closes the worker's ends of its pipes. Killing the group
 * reaches setpriv/prlimit/bwrap, but bubblewrap's init inside the sandbox runs in a session of its own
 * (`--new-session`) and dies with bwrap only once it has set its parent-death signal: a launcher killed
 * in that instant of its build left init and the launcher waiting for "go" for as long as the worker
 * lived (seen once in 420 start-run-destroys, docs/sandbox.md, sixteenth round). With the pipes closed
 * the launcher reads the end of fd 3 (or writes to a closed pipe) and ends, and its init with it.
 */
function end(child: SandboxChild): void {
  killProcessGroup(child);
  for (const stream of child.stdio) stream?.destroy();
}
