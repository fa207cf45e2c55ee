/**
 * Sandbox overhead, measured side by side in one run.
 *
 *   node bench/sandbox.ts [--runs N] [--isolation auto|bubblewrap|unshare|none|all]
 *
 * For each isolation: N iterations of `bash -c true`, alternating between a bare child_process.spawn
 * and the local sandbox backend's start-run-destroy (prepare a workspace, run, delete the workspace),
 * so both see the same machine load. Also reports the run alone in a kept (per-task) workspace.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSandboxConfig } from '../src/sandbox/config.ts';
import { createSandbox } from '../src/sandbox/create-sandbox.ts';
import { SandboxProtectionUnavailableError } from '../src/sandbox/errors.ts';
import type { Sandbox } from '../src/sandbox/sandbox.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, isolation: { type: 'string', default: 'all' } },
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

async function startRunDestroy(sandbox: Sandbox, index: number): Promise<void> {
  const id = `bench:${index}`;
  await sandbox.prepareWorkspace(id);
  const result = await sandbox.run(id, { language: 'bash', code: 'true' });
  await sandbox.destroyWorkspace(id);
  if (result.exitCode !== 0) throw new Error(`sandboxed run exited ${result.exitCode}: ${result.stderr.text}`);
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
for (const isolation of isolations) {
  const root = await mkdtemp(join(tmpdir(), 'synthorg-bench-sandbox-'));
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox(
      loadSandboxConfig({ PATH: process.env.PATH, SYNTHORG_SANDBOX_ROOT: root, SYNTHORG_SANDBOX_ISOLATION: isolation }),
    );
  } catch (error) {
    if (!(error instanceof SandboxProtectionUnavailableError)) throw error;
    process.stdout.write(`\n${isolation}: not available here (${error.message})\n`);
    await rm(root, { recursive: true, force: true });
    continue;
  }
  try {
    const kept = 'bench:kept';
    await sandbox.prepareWorkspace(kept);
    const runOnly = async (): Promise<void> => void (await sandbox.run(kept, { language: 'bash', code: 'true' }));
    for (let index = 0; index < warmup; index++) {
      await bareSpawn();
      await startRunDestroy(sandbox, index);
      await runOnly();
    }
    const bare: number[] = [];
    const full: number[] = [];
    const run: number[] = [];
    for (let index = 0; index < runs; index++) {
      bare.push(await timed(bareSpawn));
      full.push(await timed(() => startRunDestroy(sandbox, index)));
      run.push(await timed(runOnly));
    }
    const { active, missing } = sandbox.protections;
    process.stdout.write(`\n${sandbox.protections.isolation} (active: ${active.join(', ')})\n`);
    if (missing.length > 0) process.stdout.write(`  missing: ${missing.map((entry) => entry.protection).join(', ')}\n`);
    process.stdout.write(`${row('bare child_process.spawn', bare)}\n`);
    process.stdout.write(`${row('sandbox start-run-destroy', full, bare)}\n`);
    process.stdout.write(`${row('sandbox run (kept task workspace)', run, bare)}\n`);
    await sandbox.destroyWorkspace(kept);
  } finally {
    await sandbox.close();
    await rm(root, { recursive: true, force: true });
  }
}
