import type { ChildProcess } from 'node:child_process';

/** Child processes registered here that still run, killed if Node exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Kills `child` with SIGKILL when this Node process exits while it still runs (the local model's and the local
 * embedder's servers: a test or a CLI that ends without stopping them leaves no server behind).
 */
export function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
