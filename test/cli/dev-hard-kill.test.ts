import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identify } from '../../src/supervisor/process-identity.ts';
import { findFreePort, isPortFree } from '../../src/temporal/ports.ts';
import { companyTasks, devStackHarness, writeFullOversightStartup } from '../helpers/dev-stack.ts';
import type { DevStackHarness } from '../helpers/dev-stack.ts';
import { killTestEnvironment } from '../helpers/status-once-answered.ts';
import { untilMatches } from '../helpers/until.ts';

/**
 * `synthorg dev` killed the hard way (SIGKILL to its whole process group: kill -9, the OOM killer, a
 * closed terminal) in the middle of a goal. The Temporal server it started lives in a group of its
 * own; it must not outlive the stack, and the next `synthorg dev` on the same home must start with
 * no manual step and finish the goal.
 */

let home: string;
let stack: DevStackHarness;
let template: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'synthorg-dev-kill-'));
  stack = devStackHarness(home, await findFreePort(), await findFreePort(), killTestEnvironment);
  template = await writeFullOversightStartup(home);
});

afterAll(async () => {
  for (const dev of started) if (dev.exitCode === null && dev.signalCode === null) await stack.stop(dev);
  if (home) await rm(home, { recursive: true, force: true });
});

const runDirectory = () => join(home, '.synthorg', 'run');

async function temporalServerPid(): Promise<number> {
  const names = await readdir(join(runDirectory(), 'processes'));
  const record = names.find((name) => name.startsWith('temporal.'));
  if (!record) throw new Error(`no record of the Temporal server in ${names.join(', ')}`);
  return Number(record.split('.')[1]);
}

async function watchdogPid(): Promise<number> {
  const owner = JSON.parse(await readFile(join(runDirectory(), 'owner.json'), 'utf8')) as { watchdog: { pid: number } };
  return owner.watchdog.pid;
}

async function killGroup(dev: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => dev.once('exit', resolve));
  process.kill(-dev.pid!, 'SIGKILL');
  await exited;
}

async function startDev() {
  const dev = stack.start({ ownGroup: true });
  started.push(dev.process);
  await dev.ready;
  return dev;
}

/**
 * Submits a goal and waits until it has subtasks and has not finished: the middle of a run. A goal that finished
 * before the first look (each look is a CLI process; under load in CI a 30-step goal once ended first) is not
 * the middle of a run: another goal twice as long is submitted, up to three.
 */
async function goalMidRun(companyId: string, goal: string): Promise<string> {
  const finished: string[] = [];
  for (let steps = 30; steps <= 120; steps *= 2) {
    const submitted = await stack.synthorg('task', 'submit', companyId, `${goal} [steps=${steps}]`, '--json');
    expect(submitted.status, submitted.stderr).toBe(0);
    const root = (JSON.parse(submitted.stdout) as { id: string }).id;
    const tasks = await untilMatches(
      `subtasks of ${root}`,
      () => companyTasks(stack, companyId),
      (rows) => rows.filter((task) => task.id.startsWith(`${root}.`)).length >= 1,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    if (tasks.find((task) => task.id === root)?.status !== 'COMPLETED') return root;
    finished.push(`${root} (${steps} steps)`);
  }
  throw new Error(`every goal finished before it was seen mid-run: ${finished.join(', ')}`);
}

describe('synthorg dev killed with SIGKILL', () => {
  it('leaves no server behind, and the next synthorg dev finishes every goal', { timeout: 400_000 }, async () => {
    const first = await startDev();
    const company = await stack.synthorg('company', 'start', '--template', template, '--id', 'kill-co');
    expect(company.status, company.stderr).toBe(0);
    const firstGoal = await goalMidRun('kill-co', 'Plan the beta launch checklist');

    // 1. The whole process group dies at once; the watchdog stops the server it leaves behind.
    const firstServer = await temporalServerPid();
    await killGroup(first.process);
    const killedAt = Date.now();
    await untilMatches(
      `the Temporal server (pid ${firstServer}) to stop after its owner died`,
      () => identify(firstServer),
      (alive) => alive === undefined,
      { timeoutMs: 25_000, intervalMs: 100 },
    );
    const serverGoneMs = Date.now() - killedAt;
    expect(await isPortFree(stack.port)).toBe(true);

    // A second stack on the same home is refused while one runs.
    const second = await startDev();
    const intruder = stack.start({ ownGroup: true });
    started.push(intruder.process);
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toMatch(/another SynthOrg stack \(pid \d+\) is running on/);

    // 2. The watchdog dies too (kill -9 of everything): the server survives its owner this time ...
    const secondGoal = await goalMidRun('kill-co', 'Write the onboarding guide for beta users');
    const secondServer = await temporalServerPid();
    process.kill(await watchdogPid(), 'SIGKILL');
    await killGroup(second.process);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await identify(secondServer)).toBeDefined();

    // ... and the next synthorg dev recognises it as its own leftover, stops it and carries on.
    const restartedAt = Date.now();
    const third = await startDev();
    const recoveredMs = Date.now() - restartedAt;
    expect(third.output()).toContain(`stopping a temporal server (pid ${secondServer}) left running`);
    expect(await identify(secondServer)).toBeUndefined();

    const final = await untilMatches(
      `goals ${firstGoal} and ${secondGoal} to complete`,
      () => companyTasks(stack, 'kill-co'),
      (rows) => [firstGoal, secondGoal].every((id) => rows.find((task) => task.id === id)?.status === 'COMPLETED'),
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(final.every((task) => task.status === 'COMPLETED')).toBe(true);
    expect(await stack.stop(third.process)).toBe(0);
    expect(await readdir(join(runDirectory(), 'processes'))).toEqual([]);
    process.stderr.write(
      `hard kill: server gone ${serverGoneMs} ms after its owner; next stack ready in ${recoveredMs} ms with a leftover to stop\n`,
    );
  });
});
