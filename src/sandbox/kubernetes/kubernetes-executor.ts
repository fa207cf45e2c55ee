import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiException, BatchV1Api, CoreV1Api, KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import type { V1ContainerStateTerminated, V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import type { KubernetesSandboxConfig } from '../config.ts';
import { SandboxBackendError, SandboxImagePullError } from '../errors.ts';
import { inferLimitsHit } from '../limit-inference.ts';
import { OutputBudget, OutputCapture } from '../output-capture.ts';
import type {
  ExecuteOutcome,
  ExecuteRequest,
  LimitName,
  SandboxExecutor,
  SandboxProtections,
  WorkspaceLocation,
} from '../types.ts';
import {
  buildConfigMap,
  buildJob,
  buildNetworkPolicy,
  jobName,
  needsInput,
  runContainerName,
  runIdLabel,
} from './manifests.ts';
import { LogFollower } from './log-follower.ts';
import { imagePullFailure, podFailedBeforeRun, runContainerState } from './pod-status.ts';
import { collectWorkspaceFiles } from './workspace-files.ts';

export interface KubernetesExecutorOptions {
  previewBytes: number;
  /** Built from configuration when absent (kubeconfig file, `KUBECONFIG`, or in-cluster). */
  kubeConfig?: KubeConfig;
  /** Scheduling and image pulls must finish within this; default two minutes. */
  startTimeoutMs?: number;
  /** How long to wait for the log stream to drain after the container ended. */
  logDrainMs?: number;
}

type StopReason = 'wallTime' | 'output' | 'cancelled';

const kubernetesProtections: SandboxProtections = {
  backend: 'kubernetes',
  isolation: 'kubernetes',
  active: [
    'private-workspace',
    'scrubbed-environment',
    'wall-timeout',
    'output-cap',
    'process-group-kill',
    'cpu-limit',
    'memory-limit',
    'file-size-limit',
    'dedicated-user',
    'no-new-privileges',
    'capabilities-dropped',
    'pid-namespace',
    'network-off',
    'filesystem-confined',
    'read-only-root',
    'no-service-account-token',
  ],
  missing: [
    {
      protection: 'process-limit',
      reason:
        'Kubernetes has no per-pod process limit in the pod spec; set the kubelet’s podPidsLimit on sandbox nodes',
    },
  ],
};

/**
 * Runs each command as a Kubernetes Job: files and stdin delivered through a ConfigMap owned by the Job,
 * the pod log streamed into the run's artifacts, and the Job deleted when the run ends, times out or is
 * cancelled (its TTL and deadline clean up after a worker that died).
 */
export class KubernetesExecutor implements SandboxExecutor {
  readonly protections = kubernetesProtections;
  readonly #config: KubernetesSandboxConfig;
  readonly #kubeConfig: KubeConfig;
  readonly #core: CoreV1Api;
  readonly #batch: BatchV1Api;
  readonly #networking: NetworkingV1Api;
  readonly #previewBytes: number;
  readonly #startTimeoutMs: number;
  readonly #logDrainMs: number;
  #networkPolicy: Promise<void> | undefined;

  private constructor(config: KubernetesSandboxConfig, kubeConfig: KubeConfig, options: KubernetesExecutorOptions) {
    this.#config = config;
    this.#kubeConfig = kubeConfig;
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
    this.#batch = kubeConfig.makeApiClient(BatchV1Api);
    this.#networking = kubeConfig.makeApiClient(NetworkingV1Api);
    this.#previewBytes = options.previewBytes;
    this.#startTimeoutMs = options.startTimeoutMs ?? 120_000;
    this.#logDrainMs = options.logDrainMs ?? 2000;
  }

  static async create(
    config: KubernetesSandboxConfig,
    options: KubernetesExecutorOptions,
  ): Promise<KubernetesExecutor> {
    const kubeConfig = options.kubeConfig ?? loadKubeConfig(config);
    return new KubernetesExecutor(config, kubeConfig, options);
  }

  async execute(workspace: WorkspaceLocation, request: ExecuteRequest): Promise<ExecuteOutcome> {
    const namespace = this.#config.namespace;
    const name = jobName(request.runId);
    const files = await collectWorkspaceFiles(workspace.filesDir);
    await this.#ensureNetworkPolicy();
    const startSeconds = Math.ceil(this.#startTimeoutMs / 1000);
    const job = buildJob({
      runId: request.runId,
      workspaceId: workspace.id,
      namespace,
      image: this.#config.images[request.language],
      language: request.language,
      code: request.code,
      args: request.args,
      hasStdin: request.stdin !== undefined,
      files,
      limits: request.limits,
      cpuLimit: this.#config.cpuLimit,
      runtimeClassName: this.#config.runtimeClassName,
      ttlSecondsAfterFinished: this.#config.ttlSecondsAfterFinished,
      activeDeadlineSeconds: startSeconds + Math.ceil(request.limits.wallTimeMs / 1000) + 30,
    });
    const created = await kubernetesCall(`create Job ${name}`, () =>
      this.#batch.createNamespacedJob({ namespace, body: job }),
    );
    try {
      if (needsInput({ files, hasStdin: request.stdin !== undefined })) {
        const owner = { name, uid: created.metadata?.uid ?? '' };
        const body = buildConfigMap({ runId: request.runId, namespace, files, stdin: request.stdin, owner });
        await kubernetesCall(`create ConfigMap ${name}`, () =>
          this.#core.createNamespacedConfigMap({ namespace, body }),
        );
      }
      return await this.#follow(name, workspace, request);
    } finally {
      await this.#deleteJob(name);
    }
  }

  async close(): Promise<void> {
    // Every run deletes its own Job; the API clients hold no connections worth closing.
  }

  /** Polls the Job's pod until its program ends, streaming the log from the moment it runs. */
  async #follow(name: string, workspace: WorkspaceLocation, request: ExecuteRequest): Promise<ExecuteOutcome> {
    const { limits } = request;
    const started = performance.now();
    const stopper = new AbortController();
    let stopReason: StopReason | undefined;
    const stop = (reason: StopReason): void => {
      stopReason ??= reason;
      stopper.abort();
    };
    const budget = new OutputBudget(limits.maxOutputBytes, () => stop('output'));
    const stdout = new OutputCapture(join(workspace.runDir, 'stdout'), budget, this.#previewBytes);
    const stderr = new OutputCapture(join(workspace.runDir, 'stderr'), budget, this.#previewBytes);
    const onAbort = (): void => stop('cancelled');
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const progress = setInterval(
      () =>
        request.onProgress?.({
          runId: request.runId,
          elapsedMs: performance.now() - started,
          outputBytes: stdout.totalBytes,
        }),
      request.progressIntervalMs,
    );
    let wallTimer: NodeJS.Timeout | undefined;
    let runningSince: number | undefined;
    let log: LogFollower | undefined;
    let podName = '';
    let terminated: V1ContainerStateTerminated | undefined;
    try {
      while (!stopper.signal.aborted) {
        const pod = await untilAborted(this.#findPod(request.runId), stopper.signal);
        if (pod) {
          const pullFailure = imagePullFailure(pod);
          if (pullFailure) throw new SandboxImagePullError(`sandbox image could not be pulled: ${pullFailure}`);
          const failure = podFailedBeforeRun(pod);
          if (failure) throw new SandboxBackendError(`sandbox pod ${pod.metadata?.name} failed: ${failure}`);
          const state = runContainerState(pod);
          if (state?.running) log?.observeRunning();
          if ((state?.running || state?.terminated) && runningSince === undefined) {
            runningSince = performance.now();
            wallTimer = setTimeout(() => stop('wallTime'), limits.wallTimeMs);
            podName = pod.metadata?.name ?? '';
            log = LogFollower.start(
              this.#kubeConfig,
              {
                namespace: this.#config.namespace,
                podName,
                container: runContainerName,
                limitBytes: limits.maxOutputBytes + 1,
              },
              stdout,
            );
          }
          if (state?.terminated) {
            terminated = state.terminated;
            break;
          }
        }
        if (runningSince === undefined && performance.now() - started > this.#startTimeoutMs) {
          throw new SandboxBackendError(`sandbox pod of Job ${name} did not start within ${this.#startTimeoutMs} ms`);
        }
        // A stop ends the pause early and the loop's condition sees it: the timer's AbortError is no failure.
        await sleep(this.#config.pollIntervalMs, undefined, { signal: stopper.signal }).catch((error: unknown) => {
          if (!stopper.signal.aborted) throw error;
        });
      }
      const endedAt = performance.now();
      if (terminated && log && !stopReason && (await log.missingTail(this.#logDrainMs))) {
        await this.#appendLogTail(podName, log.received, stdout, limits.maxOutputBytes);
      }
      log?.abort();
      // Stopped runs end by deleting the Job, which kills the container.
      const signal = stopReason ? 'SIGKILL' : null;
      const exitCode = stopReason ? null : (terminated?.exitCode ?? null);
      const stdoutPreview = await stdout.finish(`runs/${request.runId}/stdout`);
      const measured: LimitName[] = stopReason === 'wallTime' || stopReason === 'output' ? [stopReason] : [];
      if (terminated?.reason === 'OOMKilled') measured.push('memory');
      return {
        exitCode,
        signal,
        stdout: stdoutPreview,
        stderr: await stderr.finish(`runs/${request.runId}/stderr`),
        durationMs: Math.round(endedAt - (runningSince ?? endedAt)),
        limitsHit:
          stopReason === 'cancelled'
            ? []
            : inferLimitsHit(measured, { exitCode, signal, errorText: stdoutPreview.text }),
        cancelled: stopReason === 'cancelled',
        streamsMerged: true,
      };
    } catch (error) {
      log?.abort();
      await stdout.finish(`runs/${request.runId}/stdout`).catch(() => undefined);
      await stderr.finish(`runs/${request.runId}/stderr`).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(progress);
      clearTimeout(wallTimer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  async #findPod(runId: string): Promise<V1Pod | undefined> {
    const pods = await kubernetesCall(`list pods of Job ${jobName(runId)}`, () =>
      this.#core.listNamespacedPod({ namespace: this.#config.namespace, labelSelector: `${runIdLabel}=${runId}` }),
    );
    return pods.items[0];
  }

  /** Reads the whole log once more and keeps what the followed stream did not deliver. */
  async #appendLogTail(
    podName: string,
    received: number,
    capture: OutputCapture,
    maxOutputBytes: number,
  ): Promise<void> {
    const whole = await kubernetesCall(`read the log of pod ${podName}`, () =>
      this.#core.readNamespacedPodLog({
        namespace: this.#config.namespace,
        name: podName,
        container: runContainerName,
        limitBytes: maxOutputBytes + 1,
      }),
    );
    const bytes = Buffer.from(whole, 'utf8');
    if (bytes.length > received) capture.write(bytes.subarray(received));
  }

  /** Creates the namespace's deny-all policy once per executor; an existing one is kept. */
  async #ensureNetworkPolicy(): Promise<void> {
    this.#networkPolicy ??= (async () => {
      const namespace = this.#config.namespace;
      try {
        await this.#networking.createNamespacedNetworkPolicy({ namespace, body: buildNetworkPolicy(namespace) });
      } catch (error) {
        if (error instanceof ApiException && error.code === 409) return;
        throw asBackendError('create the sandbox NetworkPolicy', error);
      }
    })();
    try {
      await this.#networkPolicy;
    } catch (error) {
      this.#networkPolicy = undefined;
      throw error;
    }
  }

  /** Deletes the Job with its pod and ConfigMap now; kills a running program. Missing is fine. */
  async #deleteJob(name: string): Promise<void> {
    try {
      await this.#batch.deleteNamespacedJob({
        name,
        namespace: this.#config.namespace,
        propagationPolicy: 'Background',
        gracePeriodSeconds: 0,
      });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return;
      // The Job's TTL and deadline remove it even if this delete never arrives.
    }
  }
}

function loadKubeConfig(config: KubernetesSandboxConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (config.kubeconfigPath) kubeConfig.loadFromFile(config.kubeconfigPath);
  else kubeConfig.loadFromDefault();
  if (config.context) kubeConfig.setCurrentContext(config.context);
  return kubeConfig;
}

async function kubernetesCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asBackendError(what, error);
  }
}

function asBackendError(what: string, error: unknown): SandboxBackendError {
  const detail = error instanceof ApiException ? `HTTP ${error.code}: ${describeBody(error.body)}` : String(error);
  return new SandboxBackendError(`Kubernetes API: could not ${what}: ${detail}`, error);
}

const StatusSchema = z.object({ message: z.string() });

/** The `message` of a Kubernetes Status body (as an object or as JSON text), else the start of the body. */
function describeBody(body: unknown): string {
  const status = StatusSchema.safeParse(typeof body === 'string' ? parseJson(body) : body);
  if (status.success) return status.data.message;
  return (typeof body === 'string' ? body : (JSON.stringify(body) ?? 'no body')).slice(0, 300);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Resolves with undefined once `signal` aborts, so a hanging API call cannot hold up a kill. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return undefined;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
