import { access, chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/create-sandbox.ts';
import { refillWhenBusyAfterMs } from '../../src/sandbox/sandbox.ts';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import { buildCommandLine, launcherReadMaxBytes, launchMessage } from '../../src/sandbox/local/command-line.ts';
import { findHostTools, readRootLayout } from '../../src/sandbox/local/host-tools.ts';
import { spawnInOwnGroup } from '../../src/sandbox/local/process-runner.ts';
import { availableIsolations, createTestSandbox } from './helpers.ts';
import type { TestSandbox } from './helpers.ts';

const { available, unavailable } = await availableIsolations();
const hasBubblewrap = available.includes('bubblewrap');
if (!hasBubblewrap) {
  process.stderr.write(`warm starts need bubblewrap, which is unavailable: ${unavailable.join('; ')}\n`);
  if (process.env.CI) throw new Error('CI is set but bubblewrap is unavailable; .ci/run installs it');
}

/** The next run is built once a run has returned; in a task, a model call lies between two runs. */
const betweenRuns = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What a program can observe about where and as whom it runs. */
const probe = 'echo "$0|$1|$(id -u)|$(pwd)|$(hostname)"; env | sort | grep -v "^_=" | tr "\\n" ";"';

describe.skipIf(!hasBubblewrap)('warm starts (bubblewrap)', () => {
  let warm: TestSandbox;
  let cold: TestSandbox;
  beforeAll(async () => {
    // A long wall ceiling: on a loaded machine one second of CPU can take many seconds of wall time.
    warm = await createTestSandbox('bubblewrap', {
      SYNTHORG_SANDBOX_SPARE_WORKSPACES: '1',
      SYNTHORG_SANDBOX_WALL_TIMEOUT_MS: '60000',
    });
    cold = await createTestSandbox('bubblewrap', {
      SYNTHORG_SANDBOX_WARM_RUNS: '0',
      SYNTHORG_SANDBOX_SPARE_WORKSPACES: '0',
    });
  });
  afterAll(async () => {
    await warm?.dispose();
    await cold?.dispose();
  });

  it('a warm run sees exactly what a cold run sees: program name, arguments, user, directory, environment', async () => {
    const warmId = await warm.workspace();
    const coldId = await cold.workspace();
    const request = { language: 'bash' as const, code: probe, args: ['it\'s "quoted" $HOME `x`'] };
    // Under load 20 one run here was built cold: its warm launcher was gone by the time it was taken.
    // A spare adopted (renamed) before its launcher had bound it was the likely cause, fixed in the
    // fifteenth round (see the slow-bwrap test below). A cold fallback is still the designed one for a
    // launcher that died; the next run of the workspace is prelaunched again, so a few tries find a
    // warm one, and warm starts that never work still fail here.
    let fromWarm = await warm.sandbox.run(warmId, request);
    for (let attempt = 1; attempt < 4 && !fromWarm.warmStart; attempt += 1) {
      await betweenRuns();
      fromWarm = await warm.sandbox.run(warmId, request);
    }
    const fromCold = await cold.sandbox.run(coldId, request);
    expect(fromWarm.warmStart).toBe(true);
    expect(fromCold.warmStart).toBe(false);
    expect(fromWarm.exitCode).toBe(0);
    const [warmLine, warmEnv] = fromWarm.stdout.text.split('\n');
    const [coldLine, coldEnv] = fromCold.stdout.text.split('\n');
    // The user differs by design (one per workspace); the rest must be identical.
    expect(warmLine?.replace(/\|\d+\|/, '|uid|')).toBe(coldLine?.replace(/\|\d+\|/, '|uid|'));
    expect(warmLine).toContain(`run_code|it's "quoted" $HOME \`x\`|`);
    expect(warmEnv).toBe(coldEnv);
    expect(fromWarm.protections).toEqual(fromCold.protections);
  });

  it('programs reach the interpreter intact, short (read by the launcher) and long (read by cat)', async () => {
    // Blank lines, leading and trailing blanks, tabs, backslashes, quotes, `$`, a carriage return, non-ASCII.
    const text = '  leading\ntrailing  \n\n\\back\\slash \\n\ttab\r\nit\'s "$HOME" `x` ünï\n';
    const program = (padding: number): string =>
      `# ${'p'.repeat(padding)}\ncat <<'END'\n${text}END\nprintf '[%s]' "$@"`;
    const args = ['a\nb', ' c ', "d'e"];
    const short = program(0);
    const long = program(launcherReadMaxBytes);
    expect(launchMessage(['bash', '-c', short]).startsWith('go ')).toBe(true);
    expect(launchMessage(['bash', '-c', long]).startsWith('go\n')).toBe(true);
    const id = await warm.workspace();
    for (const code of [short, long, short]) {
      await betweenRuns();
      const result = await warm.sandbox.run(id, { language: 'bash', code, args });
      expect(result.warmStart).toBe(true);
      expect(result.stderr.text).toBe('');
      expect(result.stdout.text).toBe(`${text}[a\nb][ c ][d'e]`);
    }
    // A short program costs no process on the way: in the run's PID namespace (bwrap is 1, the launcher 2
    // and then the program) its first child is 3, as in a cold run, not 4 after a `cat`.
    await betweenRuns();
    const firstChild = await warm.sandbox.run(id, { language: 'bash', code: 'true & echo $!' });
    expect(firstChild.warmStart).toBe(true);
    const coldId = await cold.workspace();
    expect((await cold.sandbox.run(coldId, { language: 'bash', code: 'true & echo $!' })).stdout.text).toBe('3\n');
    expect(firstChild.stdout.text).toBe('3\n');
  });

  it('every run of a kept workspace after the first is warm, with stdin, files and limits intact', async () => {
    const id = await warm.workspace();
    await warm.sandbox.writeFiles(id, [{ path: 'data.txt', content: 'forty\n' }]);
    for (let index = 0; index < 3; index += 1) {
      await betweenRuns();
      const result = await warm.sandbox.run(id, {
        language: 'python',
        code: 'import sys\nprint(open("data.txt").read().strip(), sys.stdin.read(), sys.argv[1])',
        args: [String(index)],
        stdin: 'two',
      });
      expect(result.warmStart).toBe(true);
      expect(result.stdout.text).toBe(`forty two ${index}\n`);
    }
    // A run asking for other limits than the warm process was built with is built cold, and holds them.
    await betweenRuns();
    const limited = await warm.sandbox.run(id, {
      language: 'python',
      code: 'while True:\n    pass',
      limits: { cpuTimeSeconds: 1 },
    });
    expect(limited.warmStart).toBe(false);
    expect(limited.limitsHit).toContain('cpuTime');
    // The next run is built ahead with the last run's limits, so it is warm again and still limited.
    await betweenRuns();
    const again = await warm.sandbox.run(id, {
      language: 'python',
      code: 'while True:\n    pass',
      limits: { cpuTimeSeconds: 1 },
    });
    expect(again.warmStart).toBe(true);
    expect(again.limitsHit).toContain('cpuTime');
  });

  it('a new task gets a spare workspace, renamed to its id, whose first run is warm', async () => {
    await warm.sandbox.refillSpares();
    expect(warm.sandbox.spareCount).toBe(1);
    const id = await warm.workspace();
    await warm.sandbox.writeFiles(id, [{ path: 'hello.sh', content: 'echo hello from $(pwd)\n' }]);
    const result = await warm.sandbox.run(id, { language: 'bash', code: 'bash hello.sh' });
    expect(result.warmStart).toBe(true);
    expect(result.stdout.text).toBe('hello from /workspace\n');
    expect(await warm.sandbox.listArtifacts(id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'files/hello.sh' })]),
    );
    await warm.sandbox.refillSpares();
    expect(warm.sandbox.spareCount).toBe(1);
  });

  it('a spare taken by a task is made again once nothing is in flight, or after a while when never idle', async () => {
    await warm.sandbox.refillSpares();
    expect(warm.sandbox.spareCount).toBe(1);
    // Idle: the task's run and destroy happen first, the spare is made again after them.
    const task = await warm.workspace();
    expect(warm.sandbox.spareCount).toBe(0);
    const running = warm.sandbox.run(task, { language: 'bash', code: 'sleep 0.3' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(warm.sandbox.spareCount).toBe(0);
    await running;
    await warm.sandbox.destroyWorkspace(task);
    await waitFor(() => warm.sandbox.spareCount === 1, 5000);
    // Never idle (another task's run is in flight throughout): made again after refillWhenBusyAfterMs.
    const busy = await warm.workspace();
    let busyEnded = false;
    const stopBusy = new AbortController();
    const long = warm.sandbox
      .run(busy, { language: 'bash', code: 'sleep 30', signal: stopBusy.signal })
      .finally(() => (busyEnded = true));
    await waitFor(() => warm.sandbox.spareCount === 1, 5000);
    const taken = performance.now(); // the spare is taken during workspace()
    const next = await warm.workspace();
    expect(warm.sandbox.spareCount).toBe(0);
    await waitFor(() => warm.sandbox.spareCount === 1, 5000);
    expect(performance.now() - taken).toBeGreaterThanOrEqual(refillWhenBusyAfterMs);
    expect(busyEnded).toBe(false);
    await warm.sandbox.destroyWorkspace(next);
    stopBusy.abort();
    expect((await long).cancelled).toBe(true);
  });

  it('a spare adopted while its warm run is still being built: the run waits for it, warm, and prints its output', async () => {
    // A bwrap that takes half a second to start, so the spare's launcher cannot have bound the spare's
    // path when the task adopts (renames) it: the CI failure of the attack test (docs/sandbox.md,
    // fifteenth round) made certain instead of one run in seven.
    const bwrap = (await findHostTools(process.env.PATH ?? '')).bwrap;
    const tools = await mkdtemp(join(tmpdir(), 'synthorg-slow-bwrap-'));
    await writeFile(join(tools, 'bwrap'), `#!/bin/sh\nsleep 0.5\nexec ${bwrap} "$@"\n`, { mode: 0o755 });
    await chmod(tools, 0o755); // the workspace user runs it
    const slow = await createTestSandbox('bubblewrap', {
      PATH: `${tools}:${process.env.PATH ?? ''}`,
      SYNTHORG_SANDBOX_SPARE_WORKSPACES: '1',
      SYNTHORG_SANDBOX_WALL_TIMEOUT_MS: '60000',
    });
    try {
      await slow.sandbox.refillSpares(); // resolves once the spare's launcher is spawned: its bwrap still sleeps
      const id = await slow.workspace();
      const result = await slow.sandbox.run(id, { language: 'bash', code: 'echo ok' });
      expect(result.stderr.text).toBe('');
      expect(result.stdout.text).toBe('ok\n');
      expect(result.warmStart).toBe(true);
    } finally {
      await slow.dispose();
      await rm(tools, { recursive: true, force: true });
    }
  });

  it('spares of a worker that died are deleted when the next sandbox opens; live ones are kept', async () => {
    const workspaces = join(warm.root, 'workspaces');
    const deadPid = 2 ** 22 + 1; // above Linux's pid_max: never a live process
    const orphan = join(workspaces, `spare_${deadPid}_00aa11-0123456789abcdef`);
    await mkdir(orphan);
    await writeFile(join(orphan, 'workspace.json'), JSON.stringify({ id: `spare:${deadPid}:00aa11` }));
    const before = await readdir(workspaces);
    expect(before).toContain(`spare_${deadPid}_00aa11-0123456789abcdef`);
    const liveSpares = before.filter((name) => name.startsWith(`spare_${process.pid}_`));
    const reopened = await createSandbox({ ...warm.config, spareWorkspaces: 0 });
    try {
      const after = await readdir(workspaces);
      expect(after.filter((name) => name.startsWith(`spare_${deadPid}_`))).toEqual([]);
      for (const name of liveSpares) expect(after).toContain(name);
    } finally {
      await reopened.close();
    }
  });

  it('a warm launcher runs nothing unless told "go": a worker that dies closes the pipe, and it exits 111', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'synthorg-launcher-'));
    try {
      for (const name of ['files', 'tmp', 'runs']) await mkdir(join(directory, name));
      const base = loadSandboxConfig({ PATH: process.env.PATH });
      const commandLine = buildCommandLine({
        isolation: 'bubblewrap',
        tools: await findHostTools(base.local.searchPath),
        rootLayout: await readRootLayout(),
        tmpfsSizeSupported: false,
        workspace: {
          id: 'launcher-test',
          filesDir: join(directory, 'files'),
          runDir: join(directory, 'runs'),
          tmpDir: join(directory, 'tmp'),
          owner: undefined,
        },
        limits: base.limits,
        language: 'bash',
        code: '',
        args: [],
        launcher: true,
      });
      const run = async (message: string): Promise<{ code: number | null; stdout: string }> => {
        const child = spawnInOwnGroup(commandLine, 1);
        child.stdin.end();
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const pipe = child.stdio[3];
        pipe?.on('error', () => undefined);
        if (pipe && 'end' in pipe) pipe.end(message);
        return await new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
      };
      const touch = launchMessage(['touch', '/workspace/ran']);
      expect((await run('')).code).toBe(111);
      expect((await run(touch.replace(/^go/, 'stop'))).code).toBe(111);
      // "go" with half a program (the worker died while sending it) is a syntax error: nothing runs.
      expect((await run(touch.slice(0, touch.length - 12))).code).not.toBe(0);
      await expect(access(join(directory, 'files', 'ran'))).rejects.toThrow();
      expect((await run(touch)).code).toBe(0);
      await access(join(directory, 'files', 'ran'));
      // The program does not inherit the launcher's pipe.
      const fds = await run(
        launchMessage(['sh', '-c', 'if [ -e /proc/$$/fd/3 ]; then echo open; else echo closed; fi']),
      );
      expect(fds.stdout).toBe('closed\n');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
