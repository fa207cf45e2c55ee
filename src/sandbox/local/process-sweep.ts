import { readdirSync, readFileSync } from 'node:fs';

/**
 * Kills every process that runs as `uid`, repeating until none is left. A workspace user runs nothing but
 * sandboxed code, so this also catches processes that left the process group with setsid().
 */
export async function killProcessesOfUser(uid: number, rounds = 20): Promise<number> {
  if (uid === 0 || uid === process.getuid?.()) throw new Error(`refusing to sweep the processes of uid ${uid}`);
  let killed = 0;
  for (let round = 0; round < rounds; round += 1) {
    const pids = processesOfUser(uid);
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed += 1;
      } catch {
        // Already gone.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return killed;
}

/**
 * Live processes whose real, effective or saved uid is `uid`. Synchronous on purpose: procfs reads never
 * wait for a disk, and one pass over a few hundred processes takes ~2 ms this way against ~60 ms through
 * the thread pool.
 */
export function processesOfUser(uid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue;
    }
    // Zombies are dead already; they stay listed only until their parent reaps them.
    if (/^State:\s+Z/m.test(status)) continue;
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    if (uids && uids.slice(1).some((value) => Number(value) === uid)) found.push(Number(entry));
  }
  return found;
}
