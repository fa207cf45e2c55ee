import type { SandboxConfig } from './config.ts';
import { SandboxProtectionUnavailableError } from './errors.ts';
import { LocalExecutor } from './local/local-executor.ts';
import { Sandbox } from './sandbox.ts';
import type { SandboxExecutor } from './types.ts';
import { WorkspaceStore } from './workspace-store.ts';
import { isProcessAlive } from '../supervisor/process-alive.ts';

export interface CreateSandboxOptions {
  /** Replaces the executor configuration picks; tests and the Kubernetes backend's own factory use it. */
  executor?: SandboxExecutor & { dedicatedUsers?: boolean };
}

/**
 * Builds the configured sandbox and fails fast when a protection listed in `SYNTHORG_SANDBOX_REQUIRE`
 * is not active on this host.
 */
export async function createSandbox(config: SandboxConfig, options: CreateSandboxOptions = {}): Promise<Sandbox> {
  const executor = options.executor ?? (await createExecutor(config));
  const absent = config.requiredProtections.filter((name) => !executor.protections.active.includes(name));
  if (absent.length > 0) {
    await executor.close();
    const reasons = absent.map(
      (name) =>
        `${name}: ${executor.protections.missing.find((entry) => entry.protection === name)?.reason ?? 'not offered by this backend'}`,
    );
    throw new SandboxProtectionUnavailableError(`required sandbox protections are not active: ${reasons.join('; ')}`);
  }
  const dedicatedUsers = executor.dedicatedUsers ? config.local.uidRange : undefined;
  const store = await WorkspaceStore.open({ root: config.workspaceRoot, stack: config.stack, dedicatedUsers });
  // Spares left by a worker that died are nobody's: delete them before making new ones.
  await store.removeOrphanedSpares(isProcessAlive);
  const sandbox = new Sandbox(config, store, executor);
  void sandbox.refillSpares();
  return sandbox;
}

async function createExecutor(config: SandboxConfig): Promise<SandboxExecutor & { dedicatedUsers?: boolean }> {
  if (config.backend === 'kubernetes') {
    // Loaded only when configured: local workers never pay for the Kubernetes client.
    const { KubernetesExecutor } = await import('./kubernetes/kubernetes-executor.ts');
    return await KubernetesExecutor.create(config.kubernetes, { previewBytes: config.previewBytes });
  }
  return await LocalExecutor.create({
    config: config.local,
    previewBytes: config.previewBytes,
    warmProcesses: config.warmRuns,
  });
}
