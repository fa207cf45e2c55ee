import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ProtectionName, SandboxLanguage, SandboxLimits } from './types.ts';
import { defaultHomeFolder, defaultNamespace } from '../config/stack-defaults.ts';

const protectionNames = [
  'private-workspace',
  'scrubbed-environment',
  'wall-timeout',
  'output-cap',
  'process-group-kill',
  'cpu-limit',
  'memory-limit',
  'process-limit',
  'file-size-limit',
  'dedicated-user',
  'no-new-privileges',
  'capabilities-dropped',
  'pid-namespace',
  'network-off',
  'filesystem-confined',
  'read-only-root',
  'no-service-account-token',
] as const satisfies readonly ProtectionName[];

const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z.string().min(1).optional();

const SandboxEnvSchema = z.object({
  SYNTHORG_SANDBOX_BACKEND: z.enum(['local', 'kubernetes']).default('local'),
  SYNTHORG_SANDBOX_ROOT: optionalText,
  SYNTHORG_SANDBOX_STACK: optionalText,
  // The stack's identity by default (see defaultStack); src/config/env.ts passes them resolved.
  SYNTHORG_HOME: optionalText,
  TEMPORAL_NAMESPACE: optionalText,
  SYNTHORG_SANDBOX_ISOLATION: z.enum(['auto', 'bubblewrap', 'unshare', 'none']).default('auto'),
  SYNTHORG_SANDBOX_REQUIRE: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((name) => name.trim()))
    .transform((names) => names.filter((name) => name.length > 0))
    .pipe(z.array(z.enum(protectionNames))),
  SYNTHORG_SANDBOX_WALL_TIMEOUT_MS: positiveInteger(30_000),
  SYNTHORG_SANDBOX_CPU_SECONDS: positiveInteger(10),
  SYNTHORG_SANDBOX_MEMORY_MB: positiveInteger(512),
  SYNTHORG_SANDBOX_MAX_PROCESSES: positiveInteger(64),
  SYNTHORG_SANDBOX_MAX_OUTPUT_BYTES: positiveInteger(1024 * 1024),
  SYNTHORG_SANDBOX_MAX_FILE_MB: positiveInteger(64),
  SYNTHORG_SANDBOX_PREVIEW_BYTES: positiveInteger(4096),
  SYNTHORG_SANDBOX_WARM_RUNS: z.coerce.number().int().min(0).max(1000).default(8),
  SYNTHORG_SANDBOX_SPARE_WORKSPACES: z.coerce.number().int().min(0).max(100).default(2),
  SYNTHORG_SANDBOX_FIRST_UID: positiveInteger(200_000),
  SYNTHORG_SANDBOX_UID_COUNT: positiveInteger(100_000),
  SYNTHORG_K8S_NAMESPACE: z.string().min(1).default('synthorg-sandbox'),
  SYNTHORG_K8S_KUBECONFIG: optionalText,
  SYNTHORG_K8S_CONTEXT: optionalText,
  SYNTHORG_K8S_IMAGE_BASH: z.string().min(1).default('debian:bookworm-slim'),
  SYNTHORG_K8S_IMAGE_NODE: z.string().min(1).default('node:22-bookworm-slim'),
  SYNTHORG_K8S_IMAGE_PYTHON: z.string().min(1).default('python:3.12-slim-bookworm'),
  SYNTHORG_K8S_CPU_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?m?$/, 'a Kubernetes CPU quantity such as 1 or 500m')
    .default('1'),
  SYNTHORG_K8S_RUNTIME_CLASS: optionalText,
  SYNTHORG_K8S_TTL_SECONDS: positiveInteger(600),
  SYNTHORG_K8S_POLL_MS: positiveInteger(1000),
  TMPDIR: z.string().min(1).default('/tmp'),
  PATH: z.string().default('/usr/local/bin:/usr/bin:/bin'),
});

export type SandboxIsolationSetting = 'auto' | 'bubblewrap' | 'unshare' | 'none';

export interface LocalSandboxConfig {
  /** `auto` picks the strongest isolation the host offers: bubblewrap, then unshare, then none. */
  isolation: SandboxIsolationSetting;
  /** The worker's PATH, used to find bwrap, unshare, prlimit and setpriv. */
  searchPath: string;
  /** Dedicated users for workspaces are picked from `[first, first + count)` when the worker runs as root. */
  uidRange: { first: number; count: number };
}

export interface KubernetesSandboxConfig {
  namespace: string;
  /** Unset: `KUBECONFIG`, `~/.kube/config` or the in-cluster service account, as kubectl finds them. */
  kubeconfigPath: string | undefined;
  context: string | undefined;
  images: Record<SandboxLanguage, string>;
  cpuLimit: string;
  /** e.g. `gvisor` or `kata` for a kernel boundary beyond the container. */
  runtimeClassName: string | undefined;
  /** Finished Jobs (and their pods and ConfigMaps) are deleted by Kubernetes after this long, even if the worker died. */
  ttlSecondsAfterFinished: number;
  pollIntervalMs: number;
}

export interface SandboxConfig {
  backend: 'local' | 'kubernetes';
  /** Host directory holding one directory per workspace. */
  workspaceRoot: string;
  /**
   * The stack this worker serves (SYNTHORG_SANDBOX_STACK; default `<namespace>@<SYNTHORG_HOME>`). Workspace
   * ids are workflow ids, unique only within a stack's namespace; workspaces are named by stack and id, so
   * stacks sharing a host (and the workspace root) never share a workspace (workspace-names.ts).
   */
  stack: string;
  /** Defaults of every run and ceilings that callers cannot raise. */
  limits: SandboxLimits;
  /** Bytes of stdout and of stderr returned inline; the full output stays in the workspace. */
  previewBytes: number;
  /** Protections that must be active; the backend refuses to start without them. */
  requiredProtections: ProtectionName[];
  /**
   * Warm starts (local backend with bubblewrap): how many workspaces may hold their next run built
   * ahead, and how many empty workspaces are kept prepared for new tasks. 0 turns each off.
   */
  warmRuns: number;
  spareWorkspaces: number;
  local: LocalSandboxConfig;
  kubernetes: KubernetesSandboxConfig;
}

export class SandboxConfigError extends Error {
  override readonly name = 'SandboxConfigError';
}

const mebibyte = 1024 * 1024;

/** Reads the sandbox configuration from an environment object, failing fast with the names of bad variables. */
export function loadSandboxConfig(environment: Record<string, string | undefined>, cwd = process.cwd()): SandboxConfig {
  const parsed = SandboxEnvSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new SandboxConfigError(`bad sandbox environment: ${problems}`);
  }
  const env = parsed.data;
  return {
    backend: env.SYNTHORG_SANDBOX_BACKEND,
    workspaceRoot: resolve(cwd, env.SYNTHORG_SANDBOX_ROOT ?? defaultWorkspaceRoot(env.TMPDIR)),
    stack:
      env.SYNTHORG_SANDBOX_STACK ??
      defaultStack(env.TEMPORAL_NAMESPACE, resolve(cwd, env.SYNTHORG_HOME ?? defaultHomeFolder)),
    limits: {
      wallTimeMs: env.SYNTHORG_SANDBOX_WALL_TIMEOUT_MS,
      cpuTimeSeconds: env.SYNTHORG_SANDBOX_CPU_SECONDS,
      memoryBytes: env.SYNTHORG_SANDBOX_MEMORY_MB * mebibyte,
      maxProcesses: env.SYNTHORG_SANDBOX_MAX_PROCESSES,
      maxOutputBytes: env.SYNTHORG_SANDBOX_MAX_OUTPUT_BYTES,
      maxFileBytes: env.SYNTHORG_SANDBOX_MAX_FILE_MB * mebibyte,
    },
    previewBytes: env.SYNTHORG_SANDBOX_PREVIEW_BYTES,
    requiredProtections: env.SYNTHORG_SANDBOX_REQUIRE,
    warmRuns: env.SYNTHORG_SANDBOX_WARM_RUNS,
    spareWorkspaces: env.SYNTHORG_SANDBOX_SPARE_WORKSPACES,
    local: {
      isolation: env.SYNTHORG_SANDBOX_ISOLATION,
      searchPath: env.PATH,
      uidRange: { first: env.SYNTHORG_SANDBOX_FIRST_UID, count: env.SYNTHORG_SANDBOX_UID_COUNT },
    },
    kubernetes: {
      namespace: env.SYNTHORG_K8S_NAMESPACE,
      kubeconfigPath: env.SYNTHORG_K8S_KUBECONFIG,
      context: env.SYNTHORG_K8S_CONTEXT,
      images: {
        bash: env.SYNTHORG_K8S_IMAGE_BASH,
        node: env.SYNTHORG_K8S_IMAGE_NODE,
        python: env.SYNTHORG_K8S_IMAGE_PYTHON,
      },
      cpuLimit: env.SYNTHORG_K8S_CPU_LIMIT,
      runtimeClassName: env.SYNTHORG_K8S_RUNTIME_CLASS,
      ttlSecondsAfterFinished: env.SYNTHORG_K8S_TTL_SECONDS,
      pollIntervalMs: env.SYNTHORG_K8S_POLL_MS,
    },
  };
}

/**
 * Outside the checkout on purpose: with a dedicated user, every parent directory must be traversable by
 * that user, and home directories (`/root`) usually are not.
 */
function defaultWorkspaceRoot(temporaryDirectory: string): string {
  return join(temporaryDirectory, 'synthorg-sandbox');
}

/**
 * A stack is its home and its Temporal namespace. The home holds the embedded Temporal server's state, one
 * stack at a time owns it (src/supervisor), and every worker of a stack on this host shares it (`synthorg
 * dev`'s own, `synthorg worker`s beside it, the autoscaler's), so a task's steps find its workspace on any
 * of them. The namespace, because workflow ids are unique only per namespace. Not the Temporal address: an
 * embedded stack may restart on another port (`synthorg dev --port`) with its tasks still running, and a
 * worker joining it names the address the stack's own worker leaves unset.
 */
function defaultStack(namespace: string | undefined, home: string): string {
  return `${namespace ?? defaultNamespace}@${home}`;
}
