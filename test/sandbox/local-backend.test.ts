import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxInputError, SandboxProtectionUnavailableError } from '../../src/sandbox/errors.ts';
import { availableIsolations, createTestSandbox, markerScans, processesWithMarker, uniqueMarker } from './helpers.ts';
import type { TestSandbox } from './helpers.ts';

const { available } = await availableIsolations();

describe.each(available)('local backend (%s)', (isolation) => {
  let test: TestSandbox;
  beforeAll(async () => {
    test = await createTestSandbox(isolation);
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('runs bash, node and python with files, arguments and stdin in the workspace', async () => {
    const id = await test.workspace();
    await test.sandbox.writeFiles(id, [
      { path: 'lib/add.py', content: 'def add(a, b):\n    return a + b\n' },
      { path: 'add.js', content: 'exports.add = (a, b) => a + b;\n' },
    ]);
    const python = await test.sandbox.run(id, {
      language: 'python',
      code: 'import sys\nsys.path.insert(0, "lib")\nfrom add import add\nprint(add(int(sys.argv[1]), int(sys.stdin.read())))',
      args: ['40'],
      stdin: '2',
    });
    expect(python).toMatchObject({ exitCode: 0, signal: null, cancelled: false, limitsHit: [] });
    expect(python.stdout.text).toBe('42\n');
    const node = await test.sandbox.run(id, { language: 'node', code: 'console.log(require("./add.js").add(1, 2))' });
    expect(node.stdout.text).toBe('3\n');
    const bash = await test.sandbox.run(id, {
      language: 'bash',
      code: 'echo "$0:$1"; echo oops >&2; exit 3',
      args: ['a b'],
    });
    expect(bash).toMatchObject({ exitCode: 3, stdout: { text: 'run_code:a b\n' }, stderr: { text: 'oops\n' } });
    expect(bash.isolation).toBe(isolation);
    expect(bash.protections).toEqual(test.sandbox.protections.active);
  });

  it("a run's temporary files are gone in the next run of the same workspace", async () => {
    const id = await test.workspace();
    const write = 'mkdir -p "$TMPDIR/d" && echo left > "$TMPDIR/d/f" && echo left > "$TMPDIR/g" && ls -A "$TMPDIR"';
    expect((await test.sandbox.run(id, { language: 'bash', code: write })).stdout.text).toBe('d\ng\n');
    const look = 'ls -A "$TMPDIR" | wc -l';
    expect((await test.sandbox.run(id, { language: 'bash', code: look })).stdout.text.trim()).toBe('0');
  });

  it('keeps a task workspace across runs and stores every run as artifacts', async () => {
    const id = await test.workspace();
    const first = await test.sandbox.run(id, { language: 'bash', code: 'echo step-one > notes.txt; seq 1 5000' });
    const second = await test.sandbox.run(id, { language: 'bash', code: 'cat notes.txt' });
    expect(second.stdout.text).toBe('step-one\n');
    expect(first.stdout.truncated).toBe(true);
    const stored = await test.sandbox.readArtifact(id, first.artifacts.stdout);
    expect(stored.toString().split('\n')).toHaveLength(5001);
    expect((await test.sandbox.readArtifact(id, first.artifacts.program)).toString()).toContain('step-one');
    const result = JSON.parse((await test.sandbox.readArtifact(id, first.artifacts.result)).toString()) as {
      runId: string;
    };
    expect(result.runId).toBe(first.runId);
    const paths = (await test.sandbox.listArtifacts(id)).map((artifact) => artifact.path);
    expect(paths).toContain('files/notes.txt');
    expect(paths).toContain(second.artifacts.stdout);
  });

  it('kills background and setsid() processes when the main program exits', async () => {
    const id = await test.workspace();
    const marker = uniqueMarker();
    // Scans of /proc run while the program lives (3 s: a scan on a loaded machine takes hundreds of ms), one at a
    // time; the last is awaited before counting, so a slow scan is not lost.
    const scans = markerScans(marker);
    const result = await test.sandbox.run(id, {
      language: 'bash',
      code: `${copySleepAs(marker)}\n./${marker} 300 &\nsetsid ./${marker} 301 &\nsleep 3\necho started`,
      progressIntervalMs: 100,
      onProgress: () => scans.scan(),
    });
    expect(result.stdout.text).toBe('started\n');
    expect(await scans.peak()).toBeGreaterThanOrEqual(2);
    expect(await processesWithMarker(marker)).toEqual([]);
  });

  it('stops the whole process tree when the caller aborts', async () => {
    const id = await test.workspace();
    const marker = uniqueMarker();
    const controller = new AbortController();
    const scans = markerScans(marker, {
      onCount: (count) => {
        if (count >= 2) controller.abort();
      },
    });
    const result = await test.sandbox.run(id, {
      language: 'bash',
      code: `${copySleepAs(marker)}\n./${marker} 300 & setsid ./${marker} 300 & wait`,
      signal: controller.signal,
      progressIntervalMs: 50,
      onProgress: () => scans.scan(),
    });
    expect(result).toMatchObject({ cancelled: true, exitCode: null, signal: 'SIGKILL', limitsHit: [] });
    expect(result.durationMs).toBeLessThan(5000);
    expect(await processesWithMarker(marker)).toEqual([]);
  });

  it('refuses code longer than one argument can carry', async () => {
    const id = await test.workspace();
    await expect(test.sandbox.run(id, { language: 'bash', code: '#'.repeat(100_001) })).rejects.toThrow(
      SandboxInputError,
    );
  });
});

/** A copy of sleep named after the marker, so its processes are recognisable on the host. */
function copySleepAs(marker: string): string {
  return `cp "$(command -v sleep)" ./${marker}`;
}

describe('required protections', () => {
  it('refuse to start a sandbox without them, saying why', async () => {
    await expect(
      createTestSandbox('none', { SYNTHORG_SANDBOX_REQUIRE: 'network-off,filesystem-confined' }),
    ).rejects.toThrow(
      new SandboxProtectionUnavailableError(
        'required sandbox protections are not active: network-off: SYNTHORG_SANDBOX_ISOLATION=none; filesystem-confined: SYNTHORG_SANDBOX_ISOLATION is not bubblewrap; the code can read host files its user may read',
      ),
    );
  });
});
