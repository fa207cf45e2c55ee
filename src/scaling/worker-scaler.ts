/**
 * What the autoscaler changes (docs/scaling.md): the number of workers serving one pool. Local starts
 * and drains `synthorg worker` processes on this machine; Kubernetes patches a Deployment's replicas.
 */
export interface WorkerScaler {
  readonly kind: 'local' | 'kubernetes';
  /** Workers of the pool that run now (draining ones excluded). */
  current(pool: string): Promise<number>;
  /** Starts or drains workers until the pool has `count`; returns once the change is under way. */
  scaleTo(pool: string, count: number): Promise<void>;
  /** Stops what this scaler started (local); nothing for Kubernetes. */
  close(): Promise<void>;
}

export class ScalerError extends Error {
  override readonly name = 'ScalerError';
}
