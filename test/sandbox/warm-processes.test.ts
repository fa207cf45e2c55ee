import { describe, expect, it } from 'vitest';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import { launcherScript } from '../../src/sandbox/local/command-line.ts';
import type { CommandLine } from '../../src/sandbox/local/command-line.ts';
import { WarmProcesses } from '../../src/sandbox/local/warm-start.ts';
import { processesWithMarker, uniqueMarker } from './helpers.ts';

async function waitUntilNone(marker: string, timeoutMs: number): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  let left = await processesWithMarker(marker);
  while (left.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    left = await processesWithMarker(marker);
  }
  return left;
}

describe('warm processes', () => {
  it('a discarded launcher that escaped its process group ends: the worker closes its pipes', async () => {
    // Stands in for bubblewrap's init when bwrap is killed before init has set its parent-death signal:
    // the launcher runs in a session of its own (setsid), out of reach of the group kill, and nothing
    // kills it when its parent dies. Only the closed pipe (fd 3) can end it.
    const marker = uniqueMarker();
    const commandLine: CommandLine = {
      file: '/bin/sh',
      args: ['-c', 'setsid /bin/sh -c "$1" "$2" & wait', 'bwrap-stand-in', launcherScript, marker],
      cwd: '/',
      env: { PATH: '/usr/bin:/bin' },
      uid: undefined,
      gid: undefined,
    };
    const limits = loadSandboxConfig({}).limits;
    const warm = new WarmProcesses(4);
    for (const [index, how] of ['discard', 'take with other limits'].entries()) {
      const id = `w${index}`;
      warm.launch(id, commandLine, limits);
      expect(await warm.keepAcrossRename(id)).toBe(true); // the launcher runs and waits for "go"
      expect((await processesWithMarker(marker)).length).toBeGreaterThan(0);
      if (how === 'discard') warm.discard(id);
      else expect(warm.take(id, { ...limits, cpuTimeSeconds: limits.cpuTimeSeconds + 1 })).toBeUndefined();
      expect(await waitUntilNone(marker, 10_000), how).toEqual([]);
    }
  });
});
