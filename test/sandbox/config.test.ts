import { describe, expect, it } from 'vitest';
import { loadSandboxConfig, SandboxConfigError } from '../../src/sandbox/config.ts';
import { SandboxInputError } from '../../src/sandbox/errors.ts';
import { resolveLimits } from '../../src/sandbox/limits.ts';

describe('loadSandboxConfig', () => {
  it('defaults to the local backend with bounded limits under the temporary directory', () => {
    const config = loadSandboxConfig({ TMPDIR: '/var/tmp' });
    expect(config.backend).toBe('local');
    expect(config.workspaceRoot).toBe('/var/tmp/synthorg-sandbox');
    expect(config.local.isolation).toBe('auto');
    expect(config.limits).toEqual({
      wallTimeMs: 30_000,
      cpuTimeSeconds: 10,
      memoryBytes: 512 * 1024 * 1024,
      maxProcesses: 64,
      maxOutputBytes: 1024 * 1024,
      maxFileBytes: 64 * 1024 * 1024,
    });
    expect(config.requiredProtections).toEqual([]);
    expect(config.kubernetes.namespace).toBe('synthorg-sandbox');
    expect(config.kubernetes.images.python).toBe('python:3.12-slim-bookworm');
  });

  it('reads every variable', () => {
    const config = loadSandboxConfig(
      {
        SYNTHORG_SANDBOX_BACKEND: 'kubernetes',
        SYNTHORG_SANDBOX_ROOT: 'relative/root',
        SYNTHORG_SANDBOX_ISOLATION: 'bubblewrap',
        SYNTHORG_SANDBOX_REQUIRE: 'network-off, filesystem-confined',
        SYNTHORG_SANDBOX_WALL_TIMEOUT_MS: '1500',
        SYNTHORG_SANDBOX_MEMORY_MB: '128',
        SYNTHORG_K8S_NAMESPACE: 'agents',
        SYNTHORG_K8S_IMAGE_NODE: 'registry.local/node:22',
        SYNTHORG_K8S_CPU_LIMIT: '500m',
        SYNTHORG_K8S_RUNTIME_CLASS: 'gvisor',
        SYNTHORG_K8S_TTL_SECONDS: '60',
      },
      '/srv',
    );
    expect(config.backend).toBe('kubernetes');
    expect(config.workspaceRoot).toBe('/srv/relative/root');
    expect(config.local.isolation).toBe('bubblewrap');
    expect(config.requiredProtections).toEqual(['network-off', 'filesystem-confined']);
    expect(config.limits.wallTimeMs).toBe(1500);
    expect(config.limits.memoryBytes).toBe(128 * 1024 * 1024);
    expect(config.kubernetes).toMatchObject({
      namespace: 'agents',
      cpuLimit: '500m',
      runtimeClassName: 'gvisor',
      ttlSecondsAfterFinished: 60,
      images: { node: 'registry.local/node:22' },
    });
  });

  it('names every bad variable', () => {
    const environment = {
      SYNTHORG_SANDBOX_BACKEND: 'docker',
      SYNTHORG_SANDBOX_MAX_PROCESSES: '-1',
      SYNTHORG_SANDBOX_REQUIRE: 'network-off,magic',
      SYNTHORG_K8S_CPU_LIMIT: 'lots',
    };
    expect(() => loadSandboxConfig(environment)).toThrow(SandboxConfigError);
    const message = captureMessage(() => loadSandboxConfig(environment));
    for (const name of Object.keys(environment)) expect(message).toContain(name);
  });
});

describe('resolveLimits', () => {
  const ceiling = loadSandboxConfig({}).limits;

  it('lets callers ask for less but never more than the ceiling', () => {
    const limits = resolveLimits(ceiling, { wallTimeMs: 1000, memoryBytes: ceiling.memoryBytes * 4 });
    expect(limits.wallTimeMs).toBe(1000);
    expect(limits.memoryBytes).toBe(ceiling.memoryBytes);
    expect(limits.maxProcesses).toBe(ceiling.maxProcesses);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => resolveLimits(ceiling, { cpuTimeSeconds: 0 })).toThrow(SandboxInputError);
    expect(() => resolveLimits(ceiling, { maxOutputBytes: Number.NaN })).toThrow(SandboxInputError);
  });
});

function captureMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
