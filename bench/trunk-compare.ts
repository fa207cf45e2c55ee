import { bundleWorkflowCode } from '@temporalio/worker';
import type { NativeConnection, NativeConnectionOptions, WorkerOptions } from '@temporalio/worker';
import { silentLogger } from '../src/temporal/runtime.ts';
import { workflowsPath } from '../workers/worker.ts';
import { activityLevers } from './activity-levers.ts';
import type { ActivityLever } from './activity-levers.ts';
import type { BenchAdmission } from './admission-signals.ts';
import type { DispatchCount } from './eager-starts.ts';
import { bundleWithPatchGateOff, patchLevers } from './patch-gate-off.ts';
import type { QuietWait } from './quiet-waits.ts';
import { workerLevers } from './worker-levers.ts';
import type { WorkerLever } from './worker-levers.ts';

/** One round of one variant of bench/trunk.ts. */
export interface Sample {
  wallMs: number;
  /** Until the last goal's admission returned (SynthOrg only). */
  admitMs?: number;
  /** Admission signals and workflow tasks in the company's history (SynthOrg only). */
  company?: { signals: number; workflowTasks: number };
  calls: number;
  gaps: number[];
  /** CPU time of the bench process during the round (bench/trunk-rounds.ts adds it). */
  cpuMs?: number;
  /** CPU time of the dev server and of PostgreSQL during the round (bench/process-cpu.ts). */
  serverCpuMs?: number;
  databaseCpuMs?: number;
  /** CPU time of the worker's workflow threads from the first goal's start to the last one's end. */
  workflowCpuMs?: number;
  /** How the first goal's activities were dispatched (bench/eager-starts.ts). */
  dispatch?: DispatchCount;
}

/** A variant of bench/trunk.ts: runs one round on a fresh worker. */
export interface Variant {
  label: string;
  run(round: number): Promise<Sample>;
}

/** How a SynthOrg variant differs from the product's defaults. */
export interface SynthorgVariantOptions {
  /** `poll`: the wait queries the company view every poll, as it did before it slept on the task's result. */
  wait?: 'result' | 'poll';
  bundle?: { code: string };
  /** Which quiet wait `result` is (bench/quiet-waits.ts): the client's own, or the company read before it. */
  quiet?: QuietWait;
  /** How direct admission tells the company (bench/admission-signals.ts). */
  signalling?: BenchAdmission;
  /** The activities as they were before an activity lever (bench/activity-levers.ts). */
  before?: ActivityLever;
  /** Worker options over the bench's (bench/worker-levers.ts). */
  worker?: Partial<WorkerOptions>;
}

/** What bench/trunk.ts gives the comparisons: its variant factories over one dev server (bench/trunk-variants.ts). */
export interface TrunkVariants {
  rawVariant(lever?: { name: string } & WorkerLever): Promise<Variant>;
  synthorgVariant(
    label: string,
    url: string,
    admission: 'direct' | 'company',
    options?: SynthorgVariantOptions,
  ): Promise<Variant>;
  directDatabase(): Promise<{ url: string; database: 'PostgreSQL' | 'PGlite' }>;
  workflowBundle: { code: string };
  /** A worker connection of its own to the bench's server, closed with the bench. */
  connect(options: Partial<NativeConnectionOptions>): Promise<NativeConnection>;
}

/** Every lever `--compare` takes. */
export const compareLevers = [
  ...Object.keys(patchLevers),
  ...Object.keys(activityLevers),
  ...Object.keys(workerLevers),
];

/**
 * Raw Temporal, and SynthOrg (PostgreSQL direct, else PGlite) before the lever and with it. A lever behind a patch
 * gate runs the bundle with the gate fixed off; one in the activities, the activities as before it; one in the
 * worker's options, the SDK's defaults, and raw Temporal runs with the lever too.
 */
export async function compareVariants(lever: string, trunk: TrunkVariants): Promise<Variant[]> {
  if (!compareLevers.includes(lever)) throw new Error(`--compare: choose from ${compareLevers.join(', ')}`);
  const { url, database } = await trunk.directDatabase();
  const label = (state: string) => `${database}, direct, ${lever} ${state}`;
  const chosen = workerLevers[lever];
  const worker = chosen?.connection
    ? { ...chosen, worker: { ...chosen.worker, connection: await trunk.connect(chosen.connection) } }
    : chosen;
  if (worker) {
    // A bundler lever: off is the SDK's bundler defaults (not the product's bundle, which may have the lever on).
    const [off, on] = worker.bundle
      ? [
          await bundleWorkflowCode({ workflowsPath, logger: silentLogger }),
          await bundleWorkflowCode({ workflowsPath, logger: silentLogger, ...worker.bundle(workflowsPath) }),
        ]
      : [trunk.workflowBundle, trunk.workflowBundle];
    return [
      await trunk.rawVariant(),
      await trunk.rawVariant({ name: lever, ...worker }),
      await trunk.synthorgVariant(label('off'), url, 'direct', { bundle: off }),
      await trunk.synthorgVariant(label('on'), url, 'direct', {
        bundle: on,
        ...(worker.worker ? { worker: worker.worker } : {}),
      }),
    ];
  }
  const before = activityLevers[lever];
  return [
    await trunk.rawVariant(),
    await trunk.synthorgVariant(label('off'), url, 'direct', {
      bundle: before ? trunk.workflowBundle : await bundleWithPatchGateOff(lever),
      ...(before ? { before } : {}),
    }),
    await trunk.synthorgVariant(label('on'), url, 'direct'),
  ];
}
