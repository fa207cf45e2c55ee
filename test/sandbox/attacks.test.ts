import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalIsolation } from '../../src/sandbox/local/command-line.ts';
import type { ProtectionName } from '../../src/sandbox/types.ts';
import {
  attackEnvironment,
  availableIsolations,
  createTestSandbox,
  markerScans,
  processesWithMarker,
  uniqueMarker,
} from './helpers.ts';
import type { TestSandbox } from './helpers.ts';

/**
 * Each attack must end as a normal run result (never a crashed worker) with the limit it hit, leave no
 * process behind, and leave the worker able to serve the next run. Where the host cannot provide a
 * protection, the test proves the report says so instead.
 */
const { available, unavailable, protections } = await availableIsolations();
/** An attack that is only safe to run, or only meaningful, with this protection is skipped without it. */
const lacks = (isolation: LocalIsolation, protection: ProtectionName): boolean =>
  !protections.get(isolation)?.active.includes(protection);
const maxProcesses = Number(attackEnvironment.SYNTHORG_SANDBOX_MAX_PROCESSES);
const maxOutputBytes = Number(attackEnvironment.SYNTHORG_SANDBOX_MAX_OUTPUT_BYTES);
const maxFileBytes = Number(attackEnvironment.SYNTHORG_SANDBOX_MAX_FILE_MB) * 1024 * 1024;

it('runs the attacks under every isolation this host offers', () => {
  expect(available.length, unavailable.join('\n')).toBeGreaterThan(0);
});

describe.each(available)('attacks on the local backend (%s)', (isolation) => {
  let test: TestSandbox;
  let active: (name: ProtectionName) => boolean;
  beforeAll(async () => {
    test = await createTestSandbox(isolation);
    active = (name) => test.sandbox.protections.active.includes(name);
  });
  afterAll(async () => {
    await test.dispose();
  });

  async function expectStillServing(): Promise<void> {
    const id = await test.workspace();
    const result = await test.sandbox.run(id, { language: 'bash', code: 'echo ok' });
    // The round-14 CI failure printed only an empty stdout; bwrap's reason was in stderr (docs/sandbox.md, fifteenth round).
    const why = `exit ${result.exitCode}, warm start ${result.warmStart}, stderr: ${result.stderr.text}`;
    expect(result.stdout.text, why).toBe('ok\n');
  }

  it.skipIf(lacks(isolation, 'process-limit'))(
    'fork bomb: capped at the process limit, killed at the wall time, while another workspace keeps running',
    async () => {
      const id = await test.workspace();
      const marker = uniqueMarker();
      const scans = markerScans(marker, { notRoot: true });
      const bomb = test.sandbox.run(id, {
        language: 'bash',
        code: `# ${marker}\n:(){ :|:& };:\nsleep 30`,
        limits: { wallTimeMs: 3000 },
        progressIntervalMs: 100,
        // The limit covers the workspace user's processes; the isolation's launcher (root, the code in its command
        // line) is not one of them, and was counted too until a sample caught 33 of 32 (thirty-fifth round's CI).
        onProgress: () => scans.scan(),
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const neighbour = await test.sandbox.run(await test.workspace(), { language: 'python', code: 'print(6 * 7)' });
      expect(neighbour.stdout.text).toBe('42\n');
      const result = await bomb;
      expect(result.limitsHit).toEqual(expect.arrayContaining(['processes', 'wallTime']));
      expect(result.signal).toBe('SIGKILL');
      const peak = await scans.peak();
      expect(peak).toBeGreaterThan(maxProcesses / 2);
      expect(peak).toBeLessThanOrEqual(maxProcesses);
      expect(await processesWithMarker(marker)).toEqual([]);
      await expectStillServing();
    },
  );

  it.skipIf(lacks(isolation, 'cpu-limit'))('infinite busy loop: killed at the CPU limit', async () => {
    const id = await test.workspace();
    const busy = await test.sandbox.run(id, {
      language: 'python',
      code: 'while True:\n    pass',
      limits: { cpuTimeSeconds: 1 },
    });
    expect(busy.limitsHit).toContain('cpuTime');
    expect(busy.durationMs).toBeLessThan(4000);
    await expectStillServing();
  });

  it('infinite idle loop: killed at the wall time', async () => {
    const id = await test.workspace();
    const idle = await test.sandbox.run(id, {
      language: 'bash',
      code: 'while true; do sleep 0.1; done',
      limits: { wallTimeMs: 1000 },
    });
    expect(idle).toMatchObject({ limitsHit: ['wallTime'], signal: 'SIGKILL', exitCode: null });
    expect(idle.durationMs).toBeGreaterThanOrEqual(1000);
    expect(idle.durationMs).toBeLessThan(3000);
    await expectStillServing();
  });

  it.skipIf(lacks(isolation, 'memory-limit'))(
    'memory hog: allocation fails at the memory limit in python and node',
    async () => {
      const id = await test.workspace();
      const python = await test.sandbox.run(id, {
        language: 'python',
        code: 'hog = bytearray(1024 ** 3)\nprint("allocated")',
      });
      expect(python.stdout.text).toBe('');
      expect(python.exitCode).not.toBe(0);
      expect(python.limitsHit).toContain('memory');
      const node = await test.sandbox.run(id, {
        language: 'node',
        code: 'const hog = []; for (;;) hog.push(Buffer.alloc(16 * 1024 * 1024, 1));',
      });
      expect(node.exitCode).not.toBe(0);
      expect(node.limitsHit).toContain('memory');
      await expectStillServing();
    },
  );

  it('a gigabyte of output: the run is killed at the output cap and the artifact stays small', async () => {
    const id = await test.workspace();
    const result = await test.sandbox.run(id, { language: 'bash', code: 'head -c 1073741824 /dev/zero | tr "\\0" x' });
    expect(result.limitsHit).toContain('output');
    expect(result.durationMs).toBeLessThan(5000);
    expect(result.stdout.truncated).toBe(true);
    expect((await test.sandbox.readArtifact(id, result.artifacts.stdout, 2 * maxOutputBytes)).length).toBe(
      maxOutputBytes,
    );
    await expectStillServing();
  });

  it.skipIf(lacks(isolation, 'file-size-limit'))(
    'a gigabyte file: writes stop at the file size limit, in the workspace and in /tmp',
    async () => {
      const id = await test.workspace();
      const result = await test.sandbox.run(id, {
        language: 'bash',
        code: 'head -c 1073741824 /dev/zero > big.bin; echo "workspace $?"; head -c 1073741824 /dev/zero > "$TMPDIR/big.bin"; echo "tmp $?"',
      });
      expect(result.limitsHit).toContain('fileSize');
      expect(result.stdout.text).toMatch(/workspace [1-9]\d*\ntmp [1-9]\d*\n/);
      const artifacts = await test.sandbox.listArtifacts(id);
      expect(artifacts.find((artifact) => artifact.path === 'files/big.bin')?.sizeBytes).toBeLessThanOrEqual(
        maxFileBytes,
      );
      await expectStillServing();
    },
  );

  describe('reaching outside', () => {
    let hostDirectory = '';
    let worldWritable = '';
    const secret = `sk-synthorg-${uniqueMarker()}`;
    beforeAll(async () => {
      hostDirectory = await mkdtemp(join(tmpdir(), 'synthorg-host-'));
      worldWritable = join(hostDirectory, 'shared');
      await writeFile(join(hostDirectory, 'private-key'), secret, { mode: 0o600 });
      await writeFile(join(hostDirectory, 'readable-config'), secret, { mode: 0o644 });
      await chmod(hostDirectory, 0o755);
      await rm(worldWritable, { force: true, recursive: true });
      await import('node:fs/promises').then(({ mkdir }) => mkdir(worldWritable, { mode: 0o777 }));
      await chmod(worldWritable, 0o777);
    });
    afterAll(async () => {
      await rm(hostDirectory, { recursive: true, force: true });
    });

    it('write outside the workspace: the checkout, /etc and the workspace parent stay untouched', async () => {
      const id = await test.workspace();
      const marker = uniqueMarker();
      const targets = [
        join(process.cwd(), marker),
        `/etc/${marker}`,
        `/root/${marker}`,
        `../${marker}`,
        join(worldWritable, marker),
      ];
      const result = await test.sandbox.run(id, {
        language: 'bash',
        code: `for target in "$@"; do if echo pwned > "$target"; then echo "wrote $target"; else echo "refused $target"; fi; done`,
        args: targets,
      });
      expect(result.exitCode).toBe(0);
      for (const target of targets.slice(0, 3)) await expect(stat(target)).rejects.toThrow(/ENOENT/);
      const workspaceParents = await readdir(join(test.root, 'workspaces'));
      for (const parent of workspaceParents)
        await expect(stat(join(test.root, 'workspaces', parent, marker))).rejects.toThrow(/ENOENT/);
      const escaped = await readdir(worldWritable);
      if (active('filesystem-confined')) {
        expect(escaped).toEqual([]);
        expect(result.stdout.text).not.toContain(`wrote ${join(worldWritable, marker)}`);
      } else {
        // Without bubblewrap a world-writable host directory is writable: the report must say so.
        expect(escaped).toEqual([marker]);
        expect(test.sandbox.protections.missing.map((entry) => entry.protection)).toContain('filesystem-confined');
        await rm(join(worldWritable, marker));
      }
      await expectStillServing();
    });

    it('read host secrets: nothing from the worker environment, other processes or private files', async () => {
      process.env.SYNTHORG_ATTACK_SECRET = secret;
      // A host process started with the secret in its environment, as a worker with provider keys would be.
      const holder = spawn('sleep', ['30'], {
        env: { PATH: process.env.PATH, OPENAI_API_KEY: secret },
        stdio: 'ignore',
      });
      try {
        const id = await test.workspace();
        const result = await test.sandbox.run(id, {
          language: 'bash',
          code: [
            'env',
            `cat /proc/${holder.pid}/environ /proc/${process.pid}/environ /proc/1/environ`,
            'for f in /proc/[0-9]*/environ; do cat "$f"; done',
            `cat ${join(hostDirectory, 'private-key')}`,
            'cat /root/.bash_history /root/.npmrc /etc/shadow',
            'true',
          ].join('\n'),
        });
        expect(result.stdout.text + result.stderr.text).not.toContain(secret.slice(0, 20));
        const environment = (await test.sandbox.readArtifact(id, result.artifacts.stdout)).toString();
        expect(environment).not.toContain('SYNTHORG_ATTACK_SECRET');
        expect(environment).not.toContain(secret);
      } finally {
        holder.kill('SIGKILL');
        delete process.env.SYNTHORG_ATTACK_SECRET;
      }
    });

    it('world-readable host files are hidden only by bubblewrap, and reported when visible', async () => {
      const id = await test.workspace();
      const result = await test.sandbox.run(id, {
        language: 'bash',
        code: `cat ${join(hostDirectory, 'readable-config')}`,
      });
      if (active('filesystem-confined')) {
        expect(result.stdout.text).toBe('');
        expect(result.stderr.text).toContain('No such file or directory');
      } else {
        expect(result.stdout.text).toBe(secret);
        expect(test.sandbox.protections.missing.map((entry) => entry.protection)).toContain('filesystem-confined');
      }
    });

    it('open a network connection: refused with network-off, and reported missing without it', async () => {
      let connections = 0;
      const server: Server = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      const { port } = server.address() as AddressInfo;
      const hostAddresses = Object.values(networkInterfaces())
        .flat()
        .filter((entry) => entry?.family === 'IPv4')
        .map((entry) => entry?.address ?? '');
      try {
        const id = await test.workspace();
        const result = await test.sandbox.run(id, {
          language: 'python',
          code: [
            'import socket, sys',
            'for host in sys.argv[1:]:',
            '    try:',
            `        socket.create_connection((host, ${port}), timeout=2).close()`,
            '        print(host, "connected")',
            '    except OSError as error:',
            '        print(host, "failed", type(error).__name__)',
          ].join('\n'),
          args: hostAddresses,
        });
        expect(hostAddresses).toContain('127.0.0.1');
        if (active('network-off')) {
          expect(result.stdout.text).not.toContain('connected');
          expect(result.stdout.text.trim().split('\n')).toHaveLength(hostAddresses.length);
          expect(connections).toBe(0);
        } else {
          expect(connections).toBeGreaterThan(0);
          expect(test.sandbox.protections.missing.map((entry) => entry.protection)).toContain('network-off');
        }
      } finally {
        server.close();
      }
    });
  });
});
