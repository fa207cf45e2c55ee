import { constants } from 'node:fs';
import { access, open, readFile, rm } from 'node:fs/promises';
import { isProcessAlive } from '../../supervisor/process-alive.ts';
import { LocalModelError } from './errors.ts';

/** How long a waiting installer trusts another process's lock before it checks whether that process lives. */
const lockPollMs = 500;
const lockWaitMs = 15 * 60_000;

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes the install lock of `target` (a file created exclusively, holding our pid). A lock left by a
 * process that died is taken over. Resolves undefined when another process finished the install meanwhile.
 */
export async function acquireInstallLock(target: string): Promise<(() => Promise<void>) | undefined> {
  const lockPath = `${target}.lock`;
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    if (await pathExists(target)) return undefined;
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
    // An empty file is a lock being written right now; only a dead holder's lock is broken.
    if (Number.isInteger(holder) && holder > 0 && !isProcessAlive(holder)) await rm(lockPath, { force: true });
    if (Date.now() > deadline) {
      throw new LocalModelError(`gave up waiting for another install of ${target} (lock ${lockPath})`);
    }
    await new Promise((resolve) => setTimeout(resolve, lockPollMs));
  }
}
