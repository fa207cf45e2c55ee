import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/temporal/ports.ts';
import { companyTasks, devStackHarness, writeFullOversightStartup } from '../helpers/dev-stack.ts';
import type { DevStackHarness } from '../helpers/dev-stack.ts';
import { untilMatches } from '../helpers/until.ts';

/**
 * `synthorg dev` as an operator runs it: the embedded stack in one process, stopped with SIGINT in
 * the middle of a goal and started again on the same .synthorg/ data, where the goal finishes.
 */

let home: string;
let stack: DevStackHarness;
let template: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'synthorg-dev-'));
  stack = devStackHarness(home, await findFreePort(), await findFreePort());
  template = await writeFullOversightStartup(home);
});

afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

describe('synthorg dev', () => {
  it('stops gracefully on SIGINT and, started again on the same data, finishes the goal it was running', async () => {
    const first = stack.start();
    await first.ready;
    expect(first.output()).toContain(`TEMPORAL_ADDRESS=127.0.0.1:${stack.port}`);
    const started = await stack.synthorg('company', 'start', '--template', template, '--id', 'dev-co');
    expect(started.status, started.stderr).toBe(0);
    // A headless stack has no Web UI: commands print none rather than a dead link.
    expect(started.stdout).not.toContain('Web UI');
    const ui = await stack.synthorg('ui', 'dev-co');
    expect(ui.status).toBe(2);
    expect(ui.stderr).toContain('no Temporal Web UI is known here');
    const submitted = await stack.synthorg('task', 'submit', 'dev-co', 'Plan the beta launch checklist', '--json');
    expect(submitted.status, submitted.stderr).toBe(0);
    const root = JSON.parse(submitted.stdout) as { id: string };

    // Mid-run: the goal has subtasks but has not finished.
    const tasks = await untilMatches(
      'subtasks',
      () => companyTasks(stack, 'dev-co'),
      (rows) => rows.length >= 2,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(tasks.find((task) => task.id === root.id)?.status).not.toBe('COMPLETED');
    expect(await stack.stop(first.process), first.output()).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = stack.start();
    try {
      await second.ready;
      const final = await untilMatches(
        `task ${root.id} to complete`,
        () => companyTasks(stack, 'dev-co'),
        (rows) => rows.find((task) => task.id === root.id)?.status === 'COMPLETED',
        { timeoutMs: 90_000 },
      );
      expect(final.every((task) => task.status === 'COMPLETED')).toBe(true);
    } finally {
      expect(await stack.stop(second.process), second.output()).toBe(0);
    }
    // Two stack starts and a goal: on a loaded 2-core machine this takes close to two minutes.
  }, 240_000);
});
