import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customSearchAttributes } from '../../src/domain/search-attributes.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';

let cliPath: string;
let directory: string;
beforeAll(async () => {
  cliPath = await findTemporalCli({ install: true });
  directory = await mkdtemp(join(tmpdir(), 'synthorg-attributes-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('search attributes on Temporal data from an older SynthOrg', () => {
  it('registers the attributes the data file lacks when the dev server starts on it', async () => {
    const dbFile = join(directory, 'temporal.sqlite');
    const port = await findFreePort();
    // An older stack: the data file knows only SynthorgCompanyId.
    const old = spawn(
      cliPath,
      [
        'server',
        'start-dev',
        '--headless',
        '--db-filename',
        dbFile,
        '--port',
        String(port),
        '--search-attribute',
        'SynthorgCompanyId=Keyword',
      ],
      { stdio: 'ignore' },
    );
    const list = async () => {
      const { stdout } = await promisify(execFile)(cliPath, [
        'operator',
        'search-attribute',
        'list',
        '--address',
        `127.0.0.1:${port}`,
        '--output',
        'json',
      ]);
      return Object.keys((JSON.parse(stdout) as { customAttributes: Record<string, string> }).customAttributes);
    };
    let before: string[] = [];
    for (let attempt = 0; attempt < 60; attempt++) {
      before = await list().catch(() => []);
      if (before.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(before).not.toContain('SynthorgConfigVersion');
    const exited = new Promise((resolve) => old.once('exit', resolve));
    old.kill('SIGINT');
    await exited;

    const lines: string[] = [];
    const server = await startDevServer({ cliPath, dbFile, port, headless: true, log: (line) => lines.push(line) });
    try {
      const after = await list();
      for (const name of Object.keys(customSearchAttributes)) expect(after).toContain(name);
      expect(lines).toContain(
        'registering search attribute SynthorgConfigVersion (Keyword) on the existing Temporal data',
      );
    } finally {
      await server.stop();
    }
  }, 90_000);
});
