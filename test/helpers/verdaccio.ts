import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findFreePort } from '../../src/temporal/ports.ts';

/** A real Verdaccio registry on a loopback port, with throwaway storage and no uplinks (nothing reaches the internet). */
export interface VerdaccioRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** The storage folder: `<storage>/<name>/package.json` and the tarballs (tests tamper with them). */
  storage: string;
  /** A user .npmrc with the registry and a token of a user created for the test. */
  npmrc: string;
  token: string;
  stop(): Promise<void>;
}

const verdaccioBin = (() => {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('verdaccio/package.json');
  const bin = (require(manifest) as { bin: Record<string, string> }).bin.verdaccio;
  return join(dirname(manifest), bin ?? 'bin/verdaccio');
})();

export async function startVerdaccio(): Promise<VerdaccioRegistry> {
  const root = await mkdtemp(join(tmpdir(), 'synthorg-verdaccio-'));
  const storage = join(root, 'storage');
  const port = await findFreePort();
  const config = join(root, 'config.yaml');
  await writeFile(
    config,
    [
      `storage: ${storage}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(root, 'htpasswd')}`,
      '    max_users: 10',
      // No uplinks: a package the test did not publish is not found, never fetched from npmjs.org.
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}: ${output}`);
      const ok = await fetch(`${url}-/ping`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within 60 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const response = await fetch(`${url}-/user/org.couchdb.user:publisher`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'publisher', password: 'publisher-password-1' }),
    });
    const { token } = (await response.json()) as { token: string };
    const npmrc = join(root, 'npmrc');
    await writeFile(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return { url, storage, npmrc, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
