import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import type { SandboxConfig } from '../../src/sandbox/config.ts';
import { createSandbox } from '../../src/sandbox/create-sandbox.ts';
import { SandboxImagePullError } from '../../src/sandbox/errors.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';

/**
 * Opt-in: runs the Kubernetes backend against the cluster of the current kubeconfig context.
 * `SYNTHORG_K8S_TEST=1 npx vitest run test/sandbox/kubernetes-cluster.test.ts` (see docs/sandbox.md).
 */
const enabled = process.env.SYNTHORG_K8S_TEST === '1';

describe.skipIf(!enabled)('Kubernetes backend on a real cluster', () => {
  let sandbox: Sandbox;
  let config: SandboxConfig;
  let root = '';
  const workspaceId = `k8s-test-${Date.now()}`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'synthorg-k8s-cluster-'));
    config = loadSandboxConfig({ ...process.env, SYNTHORG_SANDBOX_BACKEND: 'kubernetes', SYNTHORG_SANDBOX_ROOT: root });
    sandbox = await createSandbox(config);
    await sandbox.prepareWorkspace(workspaceId);
  });
  afterAll(async () => {
    await sandbox?.destroyWorkspace(workspaceId);
    await sandbox?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('delivers files and stdin, runs as nobody on a read-only root, and returns the log', async () => {
    await sandbox.writeFiles(workspaceId, [
      { path: 'lib/greet.py', content: 'def greet(name):\n    return f"hello {name}"\n' },
    ]);
    const result = await sandbox.run(workspaceId, {
      language: 'python',
      code: [
        'import os, sys',
        'sys.path.insert(0, "lib")',
        'from greet import greet',
        'print(greet(sys.stdin.read().strip()), os.getuid())',
        'try:',
        '    open("/etc/pwned", "w")',
        'except OSError as error:',
        '    print("root fs:", type(error).__name__)',
        'print("token:", os.path.exists("/var/run/secrets/kubernetes.io/serviceaccount/token"))',
      ].join('\n'),
      stdin: 'cluster',
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.text).toContain('hello cluster 65534');
    expect(result.stdout.text).toMatch(/root fs: (PermissionError|OSError)/);
    expect(result.stdout.text).toContain('token: False');
  });

  it('kills a run at the wall time and deletes its Job', async () => {
    const result = await sandbox.run(workspaceId, {
      language: 'bash',
      code: 'sleep 600',
      limits: { wallTimeMs: 3000 },
    });
    expect(result.limitsHit).toEqual(['wallTime']);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    const jobs = await kubeConfig.makeApiClient(BatchV1Api).listNamespacedJob({
      namespace: config.kubernetes.namespace,
      labelSelector: `synthorg.io/run-id=${result.runId}`,
    });
    expect(jobs.items.every((job) => job.metadata?.deletionTimestamp !== undefined)).toBe(true);
  });

  it('fails with SandboxImagePullError for an image that does not exist', async () => {
    const broken = await createSandbox(
      loadSandboxConfig({
        ...process.env,
        SYNTHORG_SANDBOX_BACKEND: 'kubernetes',
        SYNTHORG_SANDBOX_ROOT: root,
        SYNTHORG_K8S_IMAGE_BASH: 'registry.invalid/synthorg/no-such-image:1',
      }),
    );
    await broken.prepareWorkspace('k8s-image-test');
    await expect(broken.run('k8s-image-test', { language: 'bash', code: 'true' })).rejects.toThrow(
      SandboxImagePullError,
    );
    await broken.destroyWorkspace('k8s-image-test');
  });
});
