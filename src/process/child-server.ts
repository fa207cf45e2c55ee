import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Whether `origin`'s `/health` answers 2xx within 2 s (a local server's readiness; any failure is "not yet"). */
export async function isHealthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** What a child server said and whether it ended: what a start that failed reports. */
export interface ChildServerWatch {
  /** How the child ended (`exit code 1`, a signal's name, or the spawn error's message); undefined while it runs. */
  ended(): string | undefined;
  /** The last five lines it wrote to stdout and stderr, joined by " | ", or "no output". */
  lastOutput(): string;
}

const keptLines = 40;

/**
 * Watches a child server from its spawn: keeps the last 40 non-blank lines of its stdout and stderr (split by line;
 * `onLine` sees each one as it comes) and how it ended.
 */
export function watchChildServer(child: ChildProcess, onLine?: (line: string) => void): ChildServerWatch {
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      onLine?.(line);
      recent.push(line);
      if (recent.length > keptLines) recent.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: string | undefined;
  child.once('exit', (code, signal) => (ended = signal ?? `exit code ${String(code)}`));
  child.once('error', (error) => (ended = error.message));
  return { ended: () => ended, lastOutput: () => recent.slice(-5).join(' | ') || 'no output' };
}

/** Why a child server's start failed: `reason` for its message, `ended` how the child ended if it did. */
export interface StartFailure {
  reason: string;
  ended?: string;
}

/**
 * Polls `ready` every `intervalMs` until it says yes (resolves undefined). A child that ends first, or a start still
 * not ready at `deadline` (epoch ms), is stopped with `stop` and the promise resolves with why: `stopped (<how it
 * ended>)` or `did not become ready in time`. How it ended is read before the stop, which ends the child too: a start
 * that timed out once said "stopped (SIGTERM)" (thirty-sixth round).
 */
export async function untilReady(
  watch: ChildServerWatch,
  ready: () => Promise<boolean>,
  options: { deadline: number; intervalMs: number; stop: () => Promise<void> },
): Promise<StartFailure | undefined> {
  while (!(await ready())) {
    const ended = watch.ended();
    if (ended !== undefined || Date.now() > options.deadline) {
      await options.stop();
      return ended === undefined ? { reason: 'did not become ready in time' } : { reason: `stopped (${ended})`, ended };
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  return undefined;
}

/** Stops a child server: SIGTERM, then SIGKILL if it has not exited 5 s later; resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
