import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

/**
 * What tells one process from a later one that got the same pid: its start time (and, on Linux, the
 * boot it started in, because start times count from boot) and its command line.
 */
export const ProcessIdentity = z.object({
  pid: z.number().int().positive(),
  startTime: z.string().min(1),
  command: z.array(z.string()),
});
export type ProcessIdentity = z.infer<typeof ProcessIdentity>;

/** The identity of a live process, or undefined when no such process runs (zombies count as gone). */
export async function identify(pid: number): Promise<ProcessIdentity | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return process.platform === 'linux' ? identifyFromProc(pid) : identifyWithPs(pid);
}

/** True when `recorded` still names the same live process (not a reused pid). */
export async function isRunning(recorded: ProcessIdentity): Promise<boolean> {
  const current = await identify(recorded.pid);
  return current !== undefined && current.startTime === recorded.startTime;
}

async function identifyFromProc(pid: number): Promise<ProcessIdentity | undefined> {
  try {
    const [stat, commandLine, bootId] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
      readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => 'unknown-boot'),
    ]);
    // The command name in parentheses may itself contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    // Field 22 of stat (the 20th after the name): start time in clock ticks since boot.
    const ticks = fields[19];
    if (state === undefined || ticks === undefined || state === 'Z' || state === 'X') return undefined;
    return { pid, startTime: `${bootId.trim()}:${ticks}`, command: commandLine.split('\0').filter(Boolean) };
  } catch {
    return undefined;
  }
}

async function identifyWithPs(pid: number): Promise<ProcessIdentity | undefined> {
  try {
    const [started, command, state] = await Promise.all(
      ['lstart=', 'command=', 'state='].map(async (column) =>
        (await run('ps', ['-o', column, '-p', String(pid)])).stdout.trim(),
      ),
    );
    if (!started || state?.startsWith('Z')) return undefined;
    return { pid, startTime: started, command: command ? command.split(' ') : [] };
  } catch {
    // ps exits 1 when the pid does not exist.
    return undefined;
  }
}
