import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { ProcessIdentity, identify, isRunning } from './process-identity.ts';
import { readProcessRecords, removeProcessRecord, writeProcessRecord } from './process-records.ts';
import { stopRecordedProcess } from './stop-process.ts';
import { encodeWatchdogMessage } from './watchdog-protocol.ts';
import type { WatchdogMessage } from './watchdog-protocol.ts';

export interface SupervisedProcessOptions {
  /** The signal that asks it to stop cleanly (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** How long it may take to stop before it is killed (default 15 s). */
  graceMs?: number;
  /** It was spawned with `detached: true` and leads its own process group: signal the whole group. */
  processGroup?: boolean;
}

/**
 * Where a stack hands each process it spawns, so the process never outlives the stack for long:
 * call `register` right after `spawn`. Any server the stack starts (Temporal, a model server, …) uses it.
 */
export interface ProcessRegistry {
  register(name: string, child: ChildProcess, options?: SupervisedProcessOptions): Promise<void>;
}

/** Another live stack owns this home; two would fight over its ports and data. */
export class StackAlreadyRunningError extends Error {
  override readonly name = 'StackAlreadyRunningError';
}

const OwnerRecord = z.object({ identity: ProcessIdentity, watchdog: ProcessIdentity.optional() });
type OwnerRecord = z.infer<typeof OwnerRecord>;

const watchdogEntry = fileURLToPath(new URL('./watchdog.ts', import.meta.url));
const defaultGraceMs = 15_000;

/**
 * Owns the processes one stack starts under a home directory (SYNTHORG_HOME):
 * - a lock (`run/owner.json`, pid + start time) so a second stack on the same home is refused while
 *   the first lives, and recognised as dead when it does not;
 * - at start, stops whatever a dead earlier owner left running (from `run/processes/`);
 * - a watchdog process in its own session that stops the registered processes as soon as this
 *   process exits, however it exits (Node cannot ask the kernel for a parent-death signal).
 */
export class ProcessSupervisor implements ProcessRegistry {
  private closed = false;
  private readonly home: string;
  private readonly owner: ProcessIdentity;
  private readonly watchdog: ChildProcess & { stdin: Writable };
  private readonly log: (line: string) => void;

  private constructor(
    home: string,
    owner: ProcessIdentity,
    watchdog: ChildProcess & { stdin: Writable },
    log: (line: string) => void,
  ) {
    this.home = home;
    this.owner = owner;
    this.watchdog = watchdog;
    this.log = log;
  }

  static async start(options: { home: string; log: (line: string) => void }): Promise<ProcessSupervisor> {
    const { home, log } = options;
    const owner = await identify(process.pid);
    if (!owner) throw new Error(`cannot read the identity of this process (pid ${process.pid})`);
    await claimOwnership(home, owner);
    try {
      await stopLeftovers(home, log);
      const watchdog = spawnWatchdog(join(home, 'supervisor.log'));
      const watchdogIdentity = watchdog.pid === undefined ? undefined : await identify(watchdog.pid);
      writeOwnerRecord(home, { identity: owner, ...(watchdogIdentity ? { watchdog: watchdogIdentity } : {}) });
      return new ProcessSupervisor(home, owner, watchdog, log);
    } catch (error) {
      rmSync(ownerPath(home), { force: true });
      throw error;
    }
  }

  async register(name: string, child: ChildProcess, options: SupervisedProcessOptions = {}): Promise<void> {
    if (this.closed) throw new Error(`the supervisor of ${this.home} is closed; cannot register ${name}`);
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const identity = await identify(child.pid);
    if (!identity) return;
    const watch = {
      name,
      identity,
      group: options.processGroup ?? false,
      stopSignal: options.stopSignal ?? 'SIGTERM',
      graceMs: options.graceMs ?? defaultGraceMs,
    };
    const path = writeProcessRecord(this.home, { ...watch, owner: this.owner });
    this.send({ watch });
    child.once('exit', () => {
      this.send({ forget: identity.pid });
      removeProcessRecord(path);
    });
  }

  /**
   * Ends the watchdog and releases the home. Call it after stopping the registered processes; any
   * still running are then stopped by the watchdog, as if this process had died.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watchdog.stdin.end();
    rmSync(ownerPath(this.home), { force: true });
  }

  private send(message: WatchdogMessage): void {
    if (this.closed || this.watchdog.stdin.destroyed) {
      this.log(`watchdog is gone; it cannot be told ${JSON.stringify(message)}`);
      return;
    }
    this.watchdog.stdin.write(encodeWatchdogMessage(message));
  }
}

function ownerPath(home: string): string {
  return join(home, 'run', 'owner.json');
}

function writeOwnerRecord(home: string, record: OwnerRecord, flag: 'w' | 'wx' = 'w'): void {
  writeFileSync(ownerPath(home), `${JSON.stringify(record, null, 2)}\n`, { flag });
}

function readOwnerRecord(home: string): OwnerRecord | undefined {
  try {
    const parsed = OwnerRecord.safeParse(JSON.parse(readFileSync(ownerPath(home), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function claimOwnership(home: string, owner: ProcessIdentity): Promise<void> {
  mkdirSync(join(home, 'run'), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeOwnerRecord(home, { identity: owner }, 'wx');
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const previous = readOwnerRecord(home);
    if (previous && (await isRunning(previous.identity))) {
      throw new StackAlreadyRunningError(
        `another SynthOrg stack (pid ${previous.identity.pid}) is running on ${home}; ` +
          'stop it first (Ctrl-C in its terminal) or set SYNTHORG_HOME to another folder',
      );
    }
    // Its owner died without releasing it (kill -9, a crash): the lock is stale.
    rmSync(ownerPath(home), { force: true });
  }
  throw new StackAlreadyRunningError(`could not take the lock ${ownerPath(home)}: another stack keeps taking it`);
}

/** Stops what owners that died left running; a process still owned by a live stack is left alone. */
async function stopLeftovers(home: string, log: (line: string) => void): Promise<void> {
  const records = await readProcessRecords(home);
  await Promise.all(
    records.map(async ({ path, record }) => {
      if (record && (await isRunning(record.owner))) return;
      if (record && (await isRunning(record.identity))) {
        log(
          `stopping a ${record.name} server (pid ${record.identity.pid}) left running by an earlier stack on ${home} that did not shut down`,
        );
        const outcome = await stopRecordedProcess({
          identity: record.identity,
          group: record.group,
          stopSignal: record.stopSignal as NodeJS.Signals,
          graceMs: record.graceMs,
        });
        log(`leftover ${record.name} (pid ${record.identity.pid}) ${outcome}`);
      }
      removeProcessRecord(path);
    }),
  );
}

function spawnWatchdog(logFile: string): ChildProcess & { stdin: Writable } {
  // Type stripping may be behind a flag on this Node; the watchdog is TypeScript like the rest.
  const flags = process.execArgv.filter((flag) => /strip-types|transform-types/.test(flag));
  const child = spawn(process.execPath, [...flags, watchdogEntry, logFile], {
    // A session of its own: a signal to our process group, or a hang-up of our terminal, does not reach it.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  if (child.stdin === null) throw new Error('the watchdog has no stdin');
  // Neither the watchdog nor the pipe to it may keep this process alive.
  child.unref();
  (child.stdin as Writable & { unref?: () => void }).unref?.();
  // A write after the watchdog died would otherwise be an unhandled error that ends this process.
  child.stdin.on('error', () => undefined);
  return child as ChildProcess & { stdin: Writable };
}
