import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import type { SandboxConfig } from '../../src/sandbox/config.ts';
import { createSandbox } from '../../src/sandbox/create-sandbox.ts';
import { SandboxProtectionUnavailableError } from '../../src/sandbox/errors.ts';
import type { LocalIsolation } from '../../src/sandbox/local/command-line.ts';
import { LocalExecutor } from '../../src/sandbox/local/local-executor.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { SandboxProtections } from '../../src/sandbox/types.ts';

export interface TestSandbox {
  sandbox: Sandbox;
  config: SandboxConfig;
  root: string;
  /** A fresh, prepared workspace id. */
  workspace(): Promise<string>;
  dispose(): Promise<void>;
}

/** Small limits, so every attack ends in seconds and stays far below what the machine can take. */
export const attackEnvironment = {
  SYNTHORG_SANDBOX_WALL_TIMEOUT_MS: '5000',
  SYNTHORG_SANDBOX_CPU_SECONDS: '2',
  SYNTHORG_SANDBOX_MEMORY_MB: '256',
  SYNTHORG_SANDBOX_MAX_PROCESSES: '32',
  SYNTHORG_SANDBOX_MAX_OUTPUT_BYTES: String(64 * 1024),
  SYNTHORG_SANDBOX_MAX_FILE_MB: '1',
  SYNTHORG_SANDBOX_PREVIEW_BYTES: '2048',
};

export async function createTestSandbox(
  isolation: LocalIsolation,
  environment: Record<string, string> = {},
): Promise<TestSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'synthorg-sandbox-test-'));
  const config = loadSandboxConfig({
    PATH: process.env.PATH,
    SYNTHORG_SANDBOX_ROOT: root,
    SYNTHORG_SANDBOX_ISOLATION: isolation,
    ...attackEnvironment,
    ...environment,
  });
  const sandbox = await createSandbox(config).catch(async (error: unknown) => {
    await rm(root, { recursive: true, force: true });
    throw error;
  });
  const created: string[] = [];
  return {
    sandbox,
    config,
    root,
    async workspace() {
      const id = `test:${randomUUID()}`;
      await sandbox.prepareWorkspace(id);
      created.push(id);
      return id;
    },
    async dispose() {
      for (const id of created) await sandbox.destroyWorkspace(id);
      await sandbox.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The local isolations this host can run, with what each protects; the others are reported, not silently skipped. */
export async function availableIsolations(): Promise<{
  available: LocalIsolation[];
  unavailable: string[];
  protections: Map<LocalIsolation, SandboxProtections>;
}> {
  const available: LocalIsolation[] = [];
  const unavailable: string[] = [];
  const protections = new Map<LocalIsolation, SandboxProtections>();
  const base = loadSandboxConfig({ PATH: process.env.PATH });
  for (const isolation of ['bubblewrap', 'unshare', 'none'] as const) {
    try {
      const executor = await LocalExecutor.create({ config: { ...base.local, isolation }, previewBytes: 1024 });
      available.push(isolation);
      protections.set(isolation, executor.protections);
    } catch (error) {
      if (!(error instanceof SandboxProtectionUnavailableError)) throw error;
      unavailable.push(`${isolation}: ${error.message}`);
    }
  }
  return { available, unavailable, protections };
}

/**
 * Host processes whose command line contains `marker` — how tests find what sandboxed code started. `notRoot`
 * keeps only those whose real user is not root: the processes a workspace user's process limit covers, without the
 * isolation's own launcher (unshare or bwrap, run by the worker as root with the code in its command line).
 */
export async function processesWithMarker(marker: string, options: { notRoot?: boolean } = {}): Promise<number[]> {
  const found: number[] = [];
  // Newest first: what a test looks for was just started, and a scan on a loaded machine can take longer than the
  // processes live. The status file is read only for a match (half the reads).
  const pids = (await readdir('/proc'))
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .sort((a, b) => b - a);
  for (const pid of pids) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!commandLine.includes(marker)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    if (/^State:\s+Z/m.test(status)) continue;
    if (options.notRoot && /^Uid:\s+0\s/m.test(status)) continue;
    found.push(pid);
  }
  return found;
}

export interface MarkerScans {
  /** Starts a scan unless one is still running: for progress and heartbeat callbacks. */
  scan(): void;
  /** The most processes any scan saw, once the running scan ends. */
  peak(): Promise<number>;
}

/**
 * Scans for the marker's processes one at a time. Callbacks every 50–100 ms used to start a scan each: on a loaded
 * machine the scans outlasted the interval, piled up, starved one another of the file-system threads, and none saw
 * the processes before they were gone (round 35's CI, two sandbox tests in a shared test process).
 */
export function markerScans(
  marker: string,
  options: { notRoot?: boolean; onCount?: (count: number) => void } = {},
): MarkerScans {
  let running: Promise<void> | undefined;
  let most = 0;
  return {
    scan() {
      if (running) return;
      running = processesWithMarker(marker, options)
        .then((pids) => {
          most = Math.max(most, pids.length);
          options.onCount?.(pids.length);
        })
        .finally(() => {
          running = undefined;
        });
    },
    async peak() {
      await running;
      return most;
    },
  };
}

export function uniqueMarker(): string {
  return `synthorg-marker-${randomUUID().slice(0, 8)}`;
}
