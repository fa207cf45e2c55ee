/**
 * Sandbox overhead, measured side by side in one run.
 *
 *   node bench/sandbox.ts [--runs N] [--isolation auto|bubblewrap|unshare|none|all] [--compare DIR]
 *
 * For each isolation: N iterations of `bash -c true`, alternating between a bare child_process.spawn
 * and the local sandbox backend's start-run-destroy (prepare a workspace, run, delete the workspace),
 * so both see the same machine load. Also reports the run alone in a kept (per-task) workspace.
 * Each series twice: warm starts off (every run built when asked) and on (the default). The warm
 * start-run-destroy is also split into its phases (prepare, run and the process inside it, destroy).
 * `--compare DIR` adds the warm start-run-destroy of another checkout's src/sandbox (e.g. a `git archive`
 * of an earlier commit, with node_modules linked), interleaved with the rest, so old and new code see
 * the same load. The 1-minute load average is printed beside the figures.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSandboxConfig } from '../src/sandbox/config.ts';
import { createSandbox } from '../src/sandbox/create-sandbox.ts';
import { SandboxProtectionUnavailableError } from '../src/sandbox/errors.ts';
import type { Sandbox } from '../src/sandbox/sandbox.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    isolation: { type: 'string', default: 'all' },
    compare: { type: 'string' },
  },
});
const runs = Number(values.runs);
const isolations = values.isolation === 'all' ? ['bubblewrap', 'unshare', 'none'] : [values.isolation ?? 'auto'];
const warmup = 10;

function bareSpawn(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'true', 'run_code'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bare spawn exited ${code}`))));
  });
}

/** Where one start-run-destroy's time went (ms); `process` is the sandboxed process's own duration, part of `run`. */
interface Phases {
  prepare: number;
  run: number;
  process: number;
  destroy: number;
}

async function startRunDestroy(sandbox: Sandbox, index: number, phases?: Phases[]): Promise<void> {
  const id = `bench:${index}`;
  const started = performance.now();
  await sandbox.prepareWorkspace(id);
  const prepared = performance.now();
  const result = await sandbox.run(id, { language: 'bash', code: 'true' });
  const ran = performance.now();
  await sandbox.destroyWorkspace(id);
  phases?.push({
    prepare: prepared - started,
    run: ran - prepared,
    process: result.durationMs,
    destroy: performance.now() - ran,
  });
  if (result.exitCode !== 0) throw new Error(`sandboxed run exited ${result.exitCode}: ${result.stderr.text}`);
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
}

async function timed(action: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

function row(label: string, sample: number[], baseline?: number[]): string {
  const p50 = percentile(sample, 50);
  const p95 = percentile(sample, 95);
  const ratio = baseline
    ? `  ×${(p50 / percentile(baseline, 50)).toFixed(1)} p50  ×${(p95 / percentile(baseline, 95)).toFixed(1)} p95`
    : '';
  return `  ${label.padEnd(34)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms${ratio}`;
}

process.stdout.write(`sandbox overhead: ${runs} runs of \`bash -c true\` per series (after ${warmup} warm-up runs)\n`);
process.stdout.write(
  'warm starts build the next run ahead (spare workspaces, the next run of a kept workspace); a 50 ms pause\n' +
    'after each measurement lets that background work finish before the next series is timed, as the model\n' +
    "call between two of an agent's runs would\n",
);
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/** The checkout whose sandbox `--compare` measures beside this one's. */
const compared = values.compare
  ? ((await import(resolve(values.compare, 'src/sandbox/create-sandbox.ts'))) as {
      createSandbox: typeof createSandbox;
    })
  : undefined;

async function openSandbox(isolation: string, root: string, warm: boolean, code = { createSandbox }): Promise<Sandbox> {
  return await code.createSandbox(
    loadSandboxConfig({
      PATH: process.env.PATH,
      SYNTHORG_SANDBOX_ROOT: root,
      SYNTHORG_SANDBOX_ISOLATION: isolation,
      ...(warm ? {} : { SYNTHORG_SANDBOX_WARM_RUNS: '0', SYNTHORG_SANDBOX_SPARE_WORKSPACES: '0' }),
    }),
  );
}

for (const isolation of isolations) {
  // Separate roots: a workspace user must be able to traverse every parent of its workspace.
  const roots = [
    await mkdtemp(join(tmpdir(), 'synthorg-bench-sandbox-')),
    await mkdtemp(join(tmpdir(), 'synthorg-bench-sandbox-')),
    await mkdtemp(join(tmpdir(), 'synthorg-bench-sandbox-')),
  ] as const;
  const removeRoots = async (): Promise<void> => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  };
  let cold: Sandbox;
  let warm: Sandbox;
  let other: Sandbox | undefined;
  try {
    cold = await openSandbox(isolation, roots[0], false);
    warm = await openSandbox(isolation, roots[1], true);
    other = compared && (await openSandbox(isolation, roots[2], true, compared));
  } catch (error) {
    if (!(error instanceof SandboxProtectionUnavailableError)) throw error;
    process.stdout.write(`\n${isolation}: not available here (${error.message})\n`);
    await removeRoots();
    continue;
  }
  try {
    const kept = 'bench:kept';
    await cold.prepareWorkspace(kept);
    await warm.prepareWorkspace(kept);
    const runOnly = (sandbox: Sandbox) => async (): Promise<void> =>
      void (await sandbox.run(kept, { language: 'bash', code: 'true' }));
    const series = {
      bare: [] as number[],
      coldFull: [] as number[],
      warmFull: [] as number[],
      coldRun: [] as number[],
      warmRun: [] as number[],
      comparedFull: [] as number[],
    };
    const phases: Phases[] = [];
    const loads = [loadAverage()];
    for (let index = 0; index < warmup + runs; index++) {
      const measured = index >= warmup;
      const sample = async (name: keyof typeof series, action: () => Promise<void>): Promise<void> => {
        const elapsed = await timed(action);
        if (measured) series[name].push(elapsed);
        await settle();
      };
      await sample('bare', bareSpawn);
      await sample('coldFull', () => startRunDestroy(cold, index));
      // The compared checkout goes before this one's every other round, so neither always follows the other.
      const ours = (): Promise<void> =>
        sample('warmFull', () => startRunDestroy(warm, index, measured ? phases : undefined));
      const theirs = async (): Promise<void> => {
        if (other) await sample('comparedFull', () => startRunDestroy(other, index));
      };
      if (index % 2 === 0) {
        await ours();
        await theirs();
      } else {
        await theirs();
        await ours();
      }
      await sample('coldRun', runOnly(cold));
      await sample('warmRun', runOnly(warm));
      if ((index + 1) % 50 === 0) loads.push(loadAverage());
    }
    const { active, missing } = warm.protections;
    process.stdout.write(`\n${warm.protections.isolation} (active: ${active.join(', ')})\n`);
    if (missing.length > 0) process.stdout.write(`  missing: ${missing.map((entry) => entry.protection).join(', ')}\n`);
    process.stdout.write(`${row('bare child_process.spawn', series.bare)}\n`);
    process.stdout.write(`${row('start-run-destroy, cold', series.coldFull, series.bare)}\n`);
    process.stdout.write(`${row('start-run-destroy, warm starts', series.warmFull, series.bare)}\n`);
    for (const phase of ['prepare', 'run', 'process', 'destroy'] as const) {
      const label = phase === 'process' ? '  of which the process' : `  ${phase}`;
      process.stdout.write(
        `${row(
          label,
          phases.map((entry) => entry[phase]),
        )}\n`,
      );
    }
    if (other) {
      process.stdout.write(`${row(`same, ${values.compare ?? ''}`.slice(0, 34), series.comparedFull, series.bare)}\n`);
    }
    process.stdout.write(`${row('run in a kept workspace, cold', series.coldRun, series.bare)}\n`);
    process.stdout.write(`${row('run in a kept workspace, warm', series.warmRun, series.bare)}\n`);
    process.stdout.write(`  load average (1 min) during the series: ${loads.join(', ')}\n`);
    if (warm.protections.isolation !== 'bubblewrap') {
      process.stdout.write('  (warm starts need bubblewrap: with this isolation both series are cold)\n');
    }
    await cold.destroyWorkspace(kept);
    await warm.destroyWorkspace(kept);
  } finally {
    await cold.close();
    await warm.close();
    await other?.close();
    await removeRoots();
  }
}
