import type { V1ConfigMap, V1Job, V1NetworkPolicy, V1SecurityContext } from '@kubernetes/client-node';
import { interpreterArguments } from '../local/command-line.ts';
import type { SandboxLanguage, SandboxLimits } from '../types.ts';

/** Label on every sandbox pod; the deny-all NetworkPolicy selects it. */
export const sandboxLabel = 'synthorg.io/sandbox';
export const runIdLabel = 'synthorg.io/run-id';
export const networkPolicyName = 'synthorg-sandbox-deny-all';
export const runContainerName = 'run';
export const deliveryContainerName = 'deliver-files';

/** The unprivileged `nobody` user of Debian-based images. */
const sandboxUser = 65534;
const workspaceMount = '/workspace';
const inputMount = '/input';

/** A workspace file delivered through the run's ConfigMap under a generated key (paths may contain `/`). */
export interface DeliveredFile {
  key: string;
  path: string;
  executable: boolean;
}

export interface RunManifestInput {
  runId: string;
  workspaceId: string;
  namespace: string;
  image: string;
  language: SandboxLanguage;
  code: string;
  args: readonly string[];
  hasStdin: boolean;
  files: readonly DeliveredFile[];
  limits: SandboxLimits;
  cpuLimit: string;
  runtimeClassName: string | undefined;
  ttlSecondsAfterFinished: number;
  /** Kubernetes kills the Job after this long even if the worker that started it has died. */
  activeDeadlineSeconds: number;
}

export function jobName(runId: string): string {
  return `synthorg-sandbox-${runId}`;
}

/** The ConfigMap of inputs is needed only when there are files or stdin to deliver. */
export function needsInput(input: Pick<RunManifestInput, 'files' | 'hasStdin'>): boolean {
  return input.files.length > 0 || input.hasStdin;
}

function labels(runId: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'synthorg', [sandboxLabel]: 'true', [runIdLabel]: runId };
}

/** Nothing to escalate to: non-root, no capabilities, no privilege escalation, read-only root file system. */
export const containerSecurityContext: V1SecurityContext = {
  runAsNonRoot: true,
  runAsUser: sandboxUser,
  runAsGroup: sandboxUser,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** One Job per run: no retries, a deadline and a TTL so Kubernetes cleans up even when the worker is gone. */
export function buildJob(input: RunManifestInput): V1Job {
  const name = jobName(input.runId);
  const program = interpreterArguments(input.language, input.code, input.args);
  const command = input.hasStdin ? ['/bin/sh', '-c', `exec "$@" < ${inputMount}/stdin`, 'sh', ...program] : program;
  const volumeBytes = String(input.limits.maxFileBytes);
  const withInput = needsInput(input);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: input.namespace,
      labels: labels(input.runId),
      annotations: { 'synthorg.io/workspace-id': input.workspaceId },
    },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: input.ttlSecondsAfterFinished,
      activeDeadlineSeconds: input.activeDeadlineSeconds,
      template: {
        metadata: { labels: labels(input.runId) },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          hostNetwork: false,
          hostPID: false,
          hostIPC: false,
          ...(input.runtimeClassName ? { runtimeClassName: input.runtimeClassName } : {}),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: sandboxUser,
            runAsGroup: sandboxUser,
            fsGroup: sandboxUser,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          ...(input.files.length > 0
            ? {
                initContainers: [
                  {
                    name: deliveryContainerName,
                    image: input.image,
                    command: ['/bin/sh', '-c', deliveryScript(input.files)],
                    securityContext: containerSecurityContext,
                    resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '16Mi' } },
                    volumeMounts: [
                      { name: 'input', mountPath: inputMount, readOnly: true },
                      { name: 'workspace', mountPath: workspaceMount },
                    ],
                  },
                ],
              }
            : {}),
          containers: [
            {
              name: runContainerName,
              image: input.image,
              command,
              workingDir: workspaceMount,
              env: [
                { name: 'HOME', value: workspaceMount },
                { name: 'TMPDIR', value: '/tmp' },
                { name: 'LANG', value: 'C.UTF-8' },
              ],
              securityContext: containerSecurityContext,
              resources: {
                limits: {
                  cpu: input.cpuLimit,
                  memory: String(input.limits.memoryBytes),
                  'ephemeral-storage': volumeBytes,
                },
                requests: { cpu: '100m', memory: String(input.limits.memoryBytes) },
              },
              volumeMounts: [
                { name: 'workspace', mountPath: workspaceMount },
                { name: 'tmp', mountPath: '/tmp' },
                ...(withInput ? [{ name: 'input', mountPath: inputMount, readOnly: true }] : []),
              ],
            },
          ],
          volumes: [
            { name: 'workspace', emptyDir: { sizeLimit: volumeBytes } },
            { name: 'tmp', emptyDir: { sizeLimit: volumeBytes } },
            ...(withInput ? [{ name: 'input', configMap: { name, optional: false } }] : []),
          ],
        },
      },
    },
  };
}

/**
 * Files and stdin of one run. Owned by the Job, so deleting the Job (or its TTL) deletes the ConfigMap.
 * Keys are generated (`file-0`, …) because ConfigMap keys cannot hold `/`.
 */
export function buildConfigMap(input: {
  runId: string;
  namespace: string;
  files: readonly (DeliveredFile & { content: Buffer })[];
  stdin: string | undefined;
  owner: { name: string; uid: string };
}): V1ConfigMap {
  const binaryData: Record<string, string> = {};
  for (const file of input.files) binaryData[file.key] = file.content.toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: jobName(input.runId),
      namespace: input.namespace,
      labels: labels(input.runId),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: input.owner.name, uid: input.owner.uid }],
    },
    ...(input.stdin === undefined ? {} : { data: { stdin: input.stdin } }),
    binaryData,
  };
}

/** Denies all ingress and egress of sandbox pods (enforced by CNI plugins that implement NetworkPolicy). */
export function buildNetworkPolicy(namespace: string): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: networkPolicyName, namespace, labels: { 'app.kubernetes.io/managed-by': 'synthorg' } },
    spec: {
      podSelector: { matchLabels: { [sandboxLabel]: 'true' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    },
  };
}

/** Copies each delivered file from the read-only ConfigMap mount to its path in the writable workspace. */
export function deliveryScript(files: readonly DeliveredFile[]): string {
  const lines = ['set -eu'];
  for (const file of files) {
    const target = `${workspaceMount}/${file.path}`;
    const directory = target.slice(0, target.lastIndexOf('/'));
    lines.push(`mkdir -p ${quote(directory)}`);
    lines.push(`cp ${quote(`${inputMount}/${file.key}`)} ${quote(target)}`);
    if (file.executable) lines.push(`chmod 755 ${quote(target)}`);
  }
  return lines.join('\n');
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}
