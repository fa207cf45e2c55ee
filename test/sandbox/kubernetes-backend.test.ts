import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSandboxConfig } from '../../src/sandbox/config.ts';
import { createSandbox } from '../../src/sandbox/create-sandbox.ts';
import { SandboxBackendError, SandboxImagePullError } from '../../src/sandbox/errors.ts';
import { KubernetesExecutor } from '../../src/sandbox/kubernetes/kubernetes-executor.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { fakeToken, podStatuses, startFakeKubernetes } from './fake-kubernetes.ts';
import type { FakeKubernetes, PodScript } from './fake-kubernetes.ts';

const namespace = 'agents';
const mebibyte = 1024 * 1024;

interface Harness {
  cluster: FakeKubernetes;
  sandbox: Sandbox;
  workspaceId: string;
}

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

async function harness(script: PodScript, environment: Record<string, string> = {}): Promise<Harness> {
  const cluster = await startFakeKubernetes(script);
  const root = await mkdtemp(join(tmpdir(), 'synthorg-k8s-test-'));
  const config = loadSandboxConfig({
    SYNTHORG_SANDBOX_BACKEND: 'kubernetes',
    SYNTHORG_SANDBOX_ROOT: root,
    SYNTHORG_SANDBOX_MEMORY_MB: '256',
    SYNTHORG_SANDBOX_MAX_FILE_MB: '16',
    SYNTHORG_SANDBOX_MAX_OUTPUT_BYTES: '4096',
    SYNTHORG_K8S_NAMESPACE: namespace,
    SYNTHORG_K8S_POLL_MS: '20',
    SYNTHORG_K8S_TTL_SECONDS: '300',
    SYNTHORG_K8S_IMAGE_PYTHON: 'registry.example/python:3.12',
    ...environment,
  });
  const executor = await KubernetesExecutor.create(config.kubernetes, {
    previewBytes: 1024,
    kubeConfig: cluster.kubeConfig(),
    startTimeoutMs: 1000,
    logDrainMs: 500,
  });
  const sandbox = await createSandbox(config, { executor });
  const workspaceId = 'company:acme:task:7';
  await sandbox.prepareWorkspace(workspaceId);
  disposers.push(async () => {
    await sandbox.close();
    await cluster.close();
    await rm(root, { recursive: true, force: true });
  });
  return { cluster, sandbox, workspaceId };
}

function bodyOf(cluster: FakeKubernetes, method: string, pathEnd: string): unknown {
  return cluster.requests.find((request) => request.method === method && request.path.endsWith(pathEnd))?.body;
}

const restrictedContainer = {
  runAsNonRoot: true,
  runAsUser: 65534,
  runAsGroup: 65534,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

describe('Kubernetes backend against a fake API server', () => {
  it('creates the exact NetworkPolicy, Job and ConfigMap, streams the log and deletes the Job', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.creating(), podStatuses.running(), podStatuses.running(), podStatuses.terminated(0)],
      logChunks: ['hello ', 'from the pod\n'],
    });
    await sandbox.writeFiles(workspaceId, [
      { path: 'lib/helper.py', content: 'NAME = "pod"\n' },
      { path: "it's run.sh", content: 'echo hi\n', executable: true },
    ]);
    const result = await sandbox.run(workspaceId, {
      language: 'python',
      code: 'import sys; print(sys.stdin.read())',
      args: ['--flag'],
      stdin: 'the input',
      limits: { wallTimeMs: 5000 },
    });
    const name = `synthorg-sandbox-${result.runId}`;
    const labels = {
      'app.kubernetes.io/managed-by': 'synthorg',
      'synthorg.io/sandbox': 'true',
      'synthorg.io/run-id': result.runId,
    };

    expect(result).toMatchObject({
      exitCode: 0,
      signal: null,
      cancelled: false,
      limitsHit: [],
      streamsMerged: true,
      stdout: { text: 'hello from the pod\n', truncated: false },
      stderr: { text: '', totalBytes: 0 },
      isolation: 'kubernetes',
    });
    expect((await sandbox.readArtifact(workspaceId, result.artifacts.stdout)).toString()).toBe('hello from the pod\n');
    expect(cluster.callSequence()).toEqual([
      `POST /apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
      `POST /apis/batch/v1/namespaces/${namespace}/jobs`,
      `POST /api/v1/namespaces/${namespace}/configmaps`,
      `GET /api/v1/namespaces/${namespace}/pods`,
      `GET /api/v1/namespaces/${namespace}/pods/${name}-abcde/log?follow`,
      `GET /api/v1/namespaces/${namespace}/pods`,
      `DELETE /apis/batch/v1/namespaces/${namespace}/jobs/${name}`,
    ]);
    expect(cluster.requests.every((request) => request.authorization === `Bearer ${fakeToken}`)).toBe(true);

    expect(bodyOf(cluster, 'POST', '/networkpolicies')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'synthorg-sandbox-deny-all',
        namespace,
        labels: { 'app.kubernetes.io/managed-by': 'synthorg' },
      },
      spec: {
        podSelector: { matchLabels: { 'synthorg.io/sandbox': 'true' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [],
      },
    });

    expect(bodyOf(cluster, 'POST', '/jobs')).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace, labels, annotations: { 'synthorg.io/workspace-id': workspaceId } },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 300,
        activeDeadlineSeconds: 1 + 5 + 30,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            hostNetwork: false,
            hostPID: false,
            hostIPC: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65534,
              runAsGroup: 65534,
              fsGroup: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            initContainers: [
              {
                name: 'deliver-files',
                image: 'registry.example/python:3.12',
                command: [
                  '/bin/sh',
                  '-c',
                  [
                    'set -eu',
                    "mkdir -p '/workspace'",
                    `cp '/input/file-0' '/workspace/it'"'"'s run.sh'`,
                    `chmod 755 '/workspace/it'"'"'s run.sh'`,
                    "mkdir -p '/workspace/lib'",
                    "cp '/input/file-1' '/workspace/lib/helper.py'",
                  ].join('\n'),
                ],
                securityContext: restrictedContainer,
                resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '16Mi' } },
                volumeMounts: [
                  { name: 'input', mountPath: '/input', readOnly: true },
                  { name: 'workspace', mountPath: '/workspace' },
                ],
              },
            ],
            containers: [
              {
                name: 'run',
                image: 'registry.example/python:3.12',
                command: [
                  '/bin/sh',
                  '-c',
                  'exec "$@" < /input/stdin',
                  'sh',
                  'python3',
                  '-c',
                  'import sys; print(sys.stdin.read())',
                  '--flag',
                ],
                workingDir: '/workspace',
                env: [
                  { name: 'HOME', value: '/workspace' },
                  { name: 'TMPDIR', value: '/tmp' },
                  { name: 'LANG', value: 'C.UTF-8' },
                ],
                securityContext: restrictedContainer,
                resources: {
                  limits: { cpu: '1', memory: String(256 * mebibyte), 'ephemeral-storage': String(16 * mebibyte) },
                  requests: { cpu: '100m', memory: String(256 * mebibyte) },
                },
                volumeMounts: [
                  { name: 'workspace', mountPath: '/workspace' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'input', mountPath: '/input', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'workspace', emptyDir: { sizeLimit: String(16 * mebibyte) } },
              { name: 'tmp', emptyDir: { sizeLimit: String(16 * mebibyte) } },
              { name: 'input', configMap: { name, optional: false } },
            ],
          },
        },
      },
    });

    expect(bodyOf(cluster, 'POST', '/configmaps')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace,
        labels,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: 'job-uid-1' }],
      },
      data: { stdin: 'the input' },
      binaryData: {
        'file-0': Buffer.from('echo hi\n').toString('base64'),
        'file-1': Buffer.from('NAME = "pod"\n').toString('base64'),
      },
    });

    const podListing = cluster.requests.find((request) => request.path.endsWith('/pods'));
    expect(podListing?.query).toEqual({ labelSelector: `synthorg.io/run-id=${result.runId}` });
    const logRequest = cluster.requests.find((request) => request.path.endsWith('/log'));
    expect(logRequest?.query).toMatchObject({ container: 'run', follow: 'true', limitBytes: '4097' });
    const deletion = cluster.requests.find((request) => request.method === 'DELETE');
    expect(deletion?.query).toMatchObject({ propagationPolicy: 'Background', gracePeriodSeconds: '0' });
  });

  it('needs no ConfigMap and no init container without files or stdin', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.running(), podStatuses.terminated(3)],
      logChunks: ['Traceback: boom\n'],
    });
    const result = await sandbox.run(workspaceId, { language: 'python', code: 'raise SystemExit(3)' });
    expect(result).toMatchObject({ exitCode: 3, stdout: { text: 'Traceback: boom\n' } });
    expect(cluster.callSequence().some((call) => call.includes('configmaps'))).toBe(false);
    const job = bodyOf(cluster, 'POST', '/jobs') as { spec: { template: { spec: Record<string, unknown> } } };
    expect(job.spec.template.spec.initContainers).toBeUndefined();
    expect(job.spec.template.spec.volumes).toEqual([
      { name: 'workspace', emptyDir: { sizeLimit: String(16 * mebibyte) } },
      { name: 'tmp', emptyDir: { sizeLimit: String(16 * mebibyte) } },
    ]);
  });

  it('reports an OOM-killed container as the memory limit', async () => {
    const { sandbox, workspaceId } = await harness({
      statuses: [podStatuses.running(), podStatuses.terminated(137, 'OOMKilled')],
      logChunks: [],
    });
    const result = await sandbox.run(workspaceId, { language: 'python', code: 'x = bytearray(2**34)' });
    expect(result).toMatchObject({ exitCode: 137, limitsHit: ['memory'] });
  });

  it('fails with a permanent SandboxImagePullError on an image pull error and deletes the Job', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.creating(), podStatuses.imagePullError()],
      logChunks: [],
    });
    const failure = await sandbox
      .run(workspaceId, { language: 'python', code: 'print(1)' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxImagePullError);
    expect(failure).toMatchObject({
      type: 'SandboxImagePullFailed',
      permanent: true,
      message: expect.stringContaining('ErrImagePull for image no-such-image: pull access denied'),
    });
    expect(cluster.callSequence().slice(-2)).toEqual([
      `GET /api/v1/namespaces/${namespace}/pods`,
      expect.stringMatching(new RegExp(`^DELETE /apis/batch/v1/namespaces/${namespace}/jobs/synthorg-sandbox-`)),
    ]);
  });

  it('kills a run at the wall time by deleting its Job, closing the log stream', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.running()],
      logChunks: ['tick\n', 'tick\n'],
    });
    const result = await sandbox.run(workspaceId, {
      language: 'python',
      code: 'while True: pass',
      limits: { wallTimeMs: 400 },
    });
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGKILL', limitsHit: ['wallTime'], cancelled: false });
    expect(result.stdout.text).toBe('tick\ntick\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(400);
    expect(result.durationMs).toBeLessThan(2000);
    expect(cluster.callSequence().at(-1)).toMatch(/^DELETE .*\/jobs\/synthorg-sandbox-/);
    await expect.poll(() => cluster.abortedLogStreams).toBe(1);
  });

  it('deletes the Job when the caller cancels', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.running()],
      logChunks: ['working\n'],
    });
    const controller = new AbortController();
    const result = await sandbox.run(workspaceId, {
      language: 'python',
      code: 'import time; time.sleep(3600)',
      signal: controller.signal,
      progressIntervalMs: 20,
      onProgress: (progress) => {
        if (progress.outputBytes > 0) controller.abort();
      },
    });
    expect(result).toMatchObject({ cancelled: true, exitCode: null, signal: 'SIGKILL', limitsHit: [] });
    const deletions = cluster.requests.filter((request) => request.method === 'DELETE');
    expect(deletions).toHaveLength(1);
    expect(deletions[0]?.path).toBe(`/apis/batch/v1/namespaces/${namespace}/jobs/synthorg-sandbox-${result.runId}`);
  });

  it('stops at the output cap', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.running()],
      logChunks: ['x'.repeat(3000), 'y'.repeat(3000)],
    });
    const result = await sandbox.run(workspaceId, { language: 'bash', code: 'yes' });
    expect(result.limitsHit).toEqual(['output']);
    expect((await sandbox.readArtifact(workspaceId, result.artifacts.stdout)).length).toBe(4096);
    expect(cluster.callSequence().at(-1)).toMatch(/^DELETE /);
  });

  it('reads the rest of a log the API server closed early', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [podStatuses.running(), podStatuses.running(), podStatuses.running(), podStatuses.terminated(0)],
      logChunks: ['first half, '],
      closeLogEarly: true,
      wholeLog: 'first half, second half\n',
    });
    const result = await sandbox.run(workspaceId, { language: 'bash', code: 'echo' });
    expect(result.stdout.text).toBe('first half, second half\n');
    const logReads = cluster.requests.filter((request) => request.path.endsWith('/log'));
    expect(logReads.map((request) => request.query.follow)).toEqual(['true', undefined]);
  });

  it('gives up on a pod that never starts, as a retryable backend error, and deletes the Job', async () => {
    const { cluster, sandbox, workspaceId } = await harness({ statuses: [podStatuses.creating()], logChunks: [] });
    const failure = await sandbox.run(workspaceId, { language: 'bash', code: 'true' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxBackendError);
    expect(failure).toMatchObject({
      permanent: false,
      message: expect.stringContaining('did not start within 1000 ms'),
    });
    expect(cluster.callSequence().at(-1)).toMatch(/^DELETE /);
  });

  it('reports API server failures as retryable, and tolerates an existing NetworkPolicy', async () => {
    const { cluster, sandbox, workspaceId } = await harness({
      statuses: [],
      logChunks: [],
      jobCreationStatus: 500,
      networkPolicyExists: true,
    });
    const failure = await sandbox.run(workspaceId, { language: 'bash', code: 'true' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxBackendError);
    expect(failure).toMatchObject({
      permanent: false,
      message: expect.stringContaining('HTTP 500: etcdserver: request timed out'),
    });
    expect(cluster.callSequence()).toEqual([
      `POST /apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
      `POST /apis/batch/v1/namespaces/${namespace}/jobs`,
    ]);
  });

  it('reports which protections the pod spec provides', async () => {
    const { sandbox } = await harness({ statuses: [], logChunks: [] });
    expect(sandbox.protections.active).toEqual(
      expect.arrayContaining([
        'network-off',
        'read-only-root',
        'no-service-account-token',
        'capabilities-dropped',
        'dedicated-user',
      ]),
    );
    expect(sandbox.protections.missing.map((entry) => entry.protection)).toEqual(['process-limit']);
  });
});
