import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from './process-identity.ts';
import type { ProcessIdentity } from './process-identity.ts';

export interface StopTarget {
  identity: ProcessIdentity;
  /** It leads its own process group (spawned detached): signal the group, so its children go too. */
  group: boolean;
  stopSignal: NodeJS.Signals;
  graceMs: number;
}

/** How a stop ended: it was already gone, it stopped on the stop signal, or it had to be killed. */
export type StopOutcome = 'gone' | 'stopped' | 'killed';

/**
 * Stops a process this code did not spawn (so there is no exit event to wait for): the stop signal,
 * then SIGKILL after the grace period. The identity is checked before every signal, so a pid the
 * system has handed to another process in the meantime is never signalled.
 */
export async function stopRecordedProcess(target: StopTarget): Promise<StopOutcome> {
  if (!(await isRunning(target.identity))) return 'gone';
  signal(target, target.stopSignal);
  const deadline = Date.now() + target.graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    if (!(await isRunning(target.identity))) return 'stopped';
  }
  if (!(await isRunning(target.identity))) return 'stopped';
  signal(target, 'SIGKILL');
  // SIGKILL cannot be caught; only an uninterruptible wait in the kernel delays it.
  for (let attempt = 0; attempt < 100 && (await isRunning(target.identity)); attempt++) await sleep(100);
  return 'killed';
}

function signal(target: StopTarget, name: NodeJS.Signals): void {
  try {
    process.kill(target.group ? -target.identity.pid : target.identity.pid, name);
  } catch (error) {
    // ESRCH: it ended between the identity check and the signal.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
