import type { BundleOptions, NativeConnectionOptions, WorkerOptions } from '@temporalio/worker';

/**
 * Levers in the worker's own options rather than in our code: `bench/trunk.ts --compare=<lever>` runs SynthOrg with
 * the SDK's defaults and with the lever, and raw Temporal the same two ways, alternating (docs/faults-and-load-rounds.md,
 * "Thirteenth round").
 */
export interface WorkerLever {
  /** Bundler options with the lever on, given the path of the workflows the bundle is built from. */
  bundle?: (workflowsPath: string) => Partial<BundleOptions>;
  /** Worker options with the lever on. */
  worker?: Partial<WorkerOptions>;
  /** The worker's connection to the server with the lever on (a connection of its own, over the bench's address). */
  connection?: Partial<NativeConnectionOptions>;
}

export const workerLevers: Record<string, WorkerLever> = {
  // Every module the workflows import, evaluated once in the reused V8 context and shared (deep-frozen) by every
  // workflow, instead of once per workflow at its first activation (`importWorkflows`).
  'preload-modules': { bundle: (workflowsPath) => ({ preloadModules: [workflowsPath] }) },
  // Two workflow threads (each its own reused context) instead of the default one with a reused context.
  'thread-pool': { worker: { workflowThreadPoolSize: 2 } },
  // The worker's requests and the server's answers uncompressed: the SDK's core gzips every request body and asks for
  // gzipped answers by default, which on one machine costs both sides CPU and saves nothing (docs/faults-and-load-rounds.md,
  // "Nineteenth round").
  'no-grpc-compression': { connection: { grpcCompression: { codec: 'none' } } },
  // The SDK's default (gzip) for both arms: SynthOrg's worker as it connected before it dropped compression to a
  // loopback server (src/temporal/worker-connection.ts); raw unchanged.
  'grpc-gzip': { connection: { grpcCompression: { codec: 'gzip' } } },
  // The worker asks for no eager activity (the SDK asks for up to 3 a workflow task by default): each activity is
  // queued in matching and waits for a poll, as on a server that does not grant eager dispatch (the dev server's
  // default before the embedded stack turned it on: src/temporal/dev-server.ts, docs/faults-and-load-rounds.md, "Twentieth
  // round").
  'no-eager-activities': { worker: { maxEagerActivityReservationsPerWorkflowTask: 0 } },
};
