import { ApiException, AppsV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ScalerError } from './worker-scaler.ts';
import type { WorkerScaler } from './worker-scaler.ts';

export interface KubernetesScalerOptions {
  namespace: string;
  /** The Deployment of each pool's workers (deploy/worker-deployment.yaml), by pool. */
  deployments: Record<string, string>;
  /** A loaded KubeConfig (tests); otherwise kubeconfigPath, else in-cluster or ~/.kube/config. */
  kubeConfig?: KubeConfig;
  kubeconfigPath?: string;
}

/**
 * Sets a pool's worker count by patching its Deployment's scale subresource (a JSON merge patch of
 * `spec.replicas`), so nothing else in the Deployment is touched and a GitOps tool sees one field move.
 */
export class KubernetesScaler implements WorkerScaler {
  readonly kind = 'kubernetes';
  private readonly apps: AppsV1Api;
  private readonly options: KubernetesScalerOptions;

  constructor(options: KubernetesScalerOptions) {
    this.options = options;
    const kubeConfig = options.kubeConfig ?? new KubeConfig();
    if (!options.kubeConfig) {
      if (options.kubeconfigPath) kubeConfig.loadFromFile(options.kubeconfigPath);
      else kubeConfig.loadFromDefault();
    }
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
  }

  async current(pool: string): Promise<number> {
    const name = this.deployment(pool);
    const scale = await this.call(`read the scale of deployment ${name}`, () =>
      this.apps.readNamespacedDeploymentScale({ name, namespace: this.options.namespace }),
    );
    return scale.spec?.replicas ?? 0;
  }

  async scaleTo(pool: string, count: number): Promise<void> {
    const name = this.deployment(pool);
    await this.call(`scale deployment ${name} to ${count}`, () =>
      this.apps.patchNamespacedDeploymentScale(
        {
          name,
          namespace: this.options.namespace,
          body: { spec: { replicas: count } },
          fieldManager: 'synthorg-autoscaler',
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
  }

  async close(): Promise<void> {}

  private deployment(pool: string): string {
    const name = this.options.deployments[pool];
    if (name === undefined) {
      throw new ScalerError(
        `no Deployment configured for pool "${pool}" (synthorg autoscale --deployment <pool>=<name>)`,
      );
    }
    return name;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const detail = error instanceof ApiException ? `HTTP ${error.code}: ${String(error.body)}` : String(error);
      throw new ScalerError(`cannot ${what} in namespace ${this.options.namespace}: ${detail}`, { cause: error });
    }
  }
}
