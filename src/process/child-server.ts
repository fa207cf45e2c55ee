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
