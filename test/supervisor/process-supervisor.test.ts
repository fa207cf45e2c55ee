import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identify, isRunning } from '../../src/supervisor/process-identity.ts';
import { readProcessRecords, writeProcessRecord } from '../../src/supervisor/process-records.ts';
import { ProcessSupervisor, StackAlreadyRunningError } from '../../src/supervisor/process-supervisor.ts';
import { until } from '../helpers/until.ts';

/**
 * The supervisor with real processes: an owner killed with SIGKILL does not leave its server
 * running, a leftover is stopped by the next owner on the same home, and a reused pid is never hit.
 */
const ownerEntry = fileURLToPath(new URL('./fixtures/supervised-owner.ts', import.meta.url));

let home: string;
const spawned: ChildProcess[] = [];

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'synthorg-supervisor-'));
});

afterEach(async () => {
  for (const child of spawned.splice(0)) if (child.pid && child.exitCode === null) kill(-child.pid, 'SIGKILL');
  // A killed owner's watchdog (a session of its own, not killed above) may still be appending to <home>/supervisor.log
  // as it stops the owner's processes: rm retries a directory that gained an entry meanwhile (ENOTEMPTY, seen once in
  // a clean-clone CI).
  await rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts the owner fixture in a process group of its own and waits for the pid of its child. */
async function startOwner(): Promise<{ owner: ChildProcess; childPid: number }> {
  const owner = spawn(process.execPath, [ownerEntry, home], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(owner);
  let stderr = '';
  owner.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const childPid = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    owner.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((each) => each.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { child: number }).child);
    });
    owner.once('exit', (code) => reject(new Error(`owner exited with ${code}: ${stderr}`)));
  });
  return { owner, childPid };
}

async function killGroup(owner: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => owner.once('exit', resolve));
  kill(-owner.pid!, 'SIGKILL');
  await exited;
}

describe('ProcessSupervisor', () => {
  it('stops the registered process within seconds when its owner is killed with SIGKILL', async () => {
    const { owner, childPid } = await startOwner();
    const child = await identify(childPid);
    expect(child?.command).toEqual(['sleep', '600']);
    await killGroup(owner);
    const waitedFrom = Date.now();
    await until('the child to stop', async () => (await identify(childPid)) === undefined, {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    const tookMs = Date.now() - waitedFrom;
    expect(tookMs).toBeLessThan(10_000);
    // The watchdog logs the outcome once it has seen the process go.
    const log = () => readFile(join(home, 'supervisor.log'), 'utf8').catch(() => '');
    await until(
      'the watchdog to log the stop',
      async () => (await log()).includes(`sleeper (pid ${childPid}): stopped`),
      {
        timeoutMs: 5_000,
        intervalMs: 50,
      },
    );
  });

  it('stops what a dead owner left running when the next one starts on the same home', async () => {
    const { owner, childPid } = await startOwner();
    // Kill the watchdog first, so nothing stops the child when the owner dies.
    const ownerRecord = JSON.parse(await readFile(join(home, 'run', 'owner.json'), 'utf8')) as {
      watchdog: { pid: number };
    };
    kill(ownerRecord.watchdog.pid, 'SIGKILL');
    await until('the watchdog to stop', async () => (await identify(ownerRecord.watchdog.pid)) === undefined, {
      timeoutMs: 5_000,
      intervalMs: 50,
    });
    await killGroup(owner);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await identify(childPid)).toBeDefined();

    const lines: string[] = [];
    const next = await ProcessSupervisor.start({ home, log: (line) => lines.push(line) });
    try {
      expect(await identify(childPid)).toBeUndefined();
      expect(lines.join('\n')).toContain(`stopping a sleeper server (pid ${childPid}) left running`);
      expect(await readProcessRecords(home)).toEqual([]);
    } finally {
      next.close();
    }
  });

  it('refuses a second owner while the first lives, and takes over once it is gone', async () => {
    const { owner } = await startOwner();
    await expect(ProcessSupervisor.start({ home, log: () => undefined })).rejects.toThrow(StackAlreadyRunningError);
    await killGroup(owner);
    const next = await ProcessSupervisor.start({ home, log: () => undefined });
    next.close();
  });

  it('never signals a process that merely got a recorded pid (start time differs)', async () => {
    const bystander = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    spawned.push(bystander);
    const identity = await identify(bystander.pid!);
    expect(identity).toBeDefined();
    const deadOwner = spawn('true');
    const deadOwnerIdentity = { pid: deadOwner.pid!, startTime: 'long ago', command: ['true'] };
    await new Promise((resolve) => deadOwner.once('exit', resolve));
    writeProcessRecord(home, {
      name: 'temporal',
      identity: { ...identity!, startTime: `${identity!.startTime}-earlier` },
      group: true,
      stopSignal: 'SIGKILL',
      graceMs: 0,
      owner: deadOwnerIdentity,
    });
    const next = await ProcessSupervisor.start({ home, log: () => undefined });
    next.close();
    expect(await isRunning(identity!)).toBe(true);
    expect(await readProcessRecords(home)).toEqual([]);
  });
});
