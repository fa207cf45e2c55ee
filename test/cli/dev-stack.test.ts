import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/temporal/ports.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import type { Run } from '../helpers/cli.ts';

/**
 * `synthorg dev` as an operator runs it: the embedded stack in one process, stopped with SIGINT in
 * the middle of a goal and started again on the same .synthorg/ data, where the goal finishes.
 */

let home: string;
let port: number;
let databasePort: number;
let template: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'synthorg-dev-'));
  port = await findFreePort();
  databasePort = await findFreePort();
  // The startup company with full oversight: the goal runs without approvals.
  template = join(home, 'startup-full.yaml');
  const startup = await readFile(fileURLToPath(new URL('../../src/templates/startup.yaml', import.meta.url)), 'utf8');
  await writeFile(template, startup.replace('oversight: semi', 'oversight: full'));
});

afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

const environment = () => ({ ...process.env, SYNTHORG_HOME: join(home, '.synthorg'), SYNTHORG_DEBUG: '' });

function startDev(): { process: ChildProcess; output: () => string; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    [synthorgBin, 'dev', '--headless', '--port', String(port), '--db-port', String(databasePort)],
    {
      env: environment(),
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('SynthOrg embedded stack is running')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`synthorg dev exited with ${code} before it was ready:\n${output}`)));
  });
  return { process: child, output: () => output, ready };
}

function synthorg(...args: string[]): Promise<Run> {
  return runNode(synthorgBin, args, { ...environment(), TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
}

async function stop(dev: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));
  dev.kill('SIGINT');
  return exited;
}

describe('synthorg dev', () => {
  it('stops gracefully on SIGINT and, started again on the same data, finishes the goal it was running', async () => {
    const first = startDev();
    await first.ready;
    expect(first.output()).toContain(`TEMPORAL_ADDRESS=127.0.0.1:${port}`);
    const started = await synthorg('company', 'start', '--template', template, '--id', 'dev-co');
    expect(started.status, started.stderr).toBe(0);
    // A headless stack has no Web UI: commands print none rather than a dead link.
    expect(started.stdout).not.toContain('Web UI');
    const ui = await synthorg('ui', 'dev-co');
    expect(ui.status).toBe(2);
    expect(ui.stderr).toContain('no Temporal Web UI is known here');
    const submitted = await synthorg('task', 'submit', 'dev-co', 'Plan the beta launch checklist', '--json');
    expect(submitted.status, submitted.stderr).toBe(0);
    const root = JSON.parse(submitted.stdout) as { id: string };

    // Mid-run: the goal has subtasks but has not finished.
    let tasks: { id: string; status: string }[] = [];
    for (let attempt = 0; attempt < 100 && tasks.length < 2; attempt++) {
      const status = await synthorg('company', 'status', 'dev-co', '--json');
      tasks = (JSON.parse(status.stdout) as { tasks: typeof tasks }).tasks;
      if (tasks.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(tasks.find((task) => task.id === root.id)?.status).not.toBe('COMPLETED');
    expect(await stop(first.process)).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = startDev();
    try {
      await second.ready;
      let status = '';
      for (let attempt = 0; attempt < 300 && status !== 'COMPLETED'; attempt++) {
        const shown = await synthorg('task', 'show', 'dev-co', root.id, '--json');
        status = shown.status === 0 ? (JSON.parse(shown.stdout) as { status: string }).status : '';
        if (status !== 'COMPLETED') await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(status).toBe('COMPLETED');
      const company = JSON.parse((await synthorg('company', 'status', 'dev-co', '--json')).stdout) as {
        tasks: { status: string }[];
      };
      expect(company.tasks.every((task) => task.status === 'COMPLETED')).toBe(true);
    } finally {
      expect(await stop(second.process)).toBe(0);
    }
    // Two stack starts and a goal: on a loaded 2-core machine this takes close to two minutes.
  }, 240_000);
});
