import { readdir, readFile } from 'node:fs/promises';

/**
 * Kills every process that runs as `uid`, repeating until none is left. A workspace user runs nothing but
 * sandboxed code, so this also catches processes that left the process group with setsid().
 */
export async function killProcessesOfUser(uid: number, rounds = 20): Promise<number> {
  if (uid === 0 || uid === process.getuid?.()) throw new Error(`refusing to sweep the processes of uid ${uid}`);
  let killed = 0;
  for (let round = 0; round < rounds; round += 1) {
    const pids = await processesOfUser(uid);
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

export async function processesOfUser(uid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    // Zombies are dead already; they stay listed only until their parent reaps them.
    if (/^State:\s+Z/m.test(status)) continue;
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    if (uids && uids.slice(1).some((value) => Number(value) === uid)) found.push(Number(entry));
  }
  return found;
}
