import { continueAsNew, proxyLocalActivities } from '@temporalio/workflow';

/** Waits `ms` in the worker: a run's lifetime without a server timer (the server fires one under ~1 s late). */
const { holdFor } = proxyLocalActivities<{ holdFor(ms: number): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/**
 * A chain of `remaining + 1` runs: each lives about `lifetimeMs` (0: it continues in its first workflow task), then
 * continues as new, until the last completes. What the continue-as-new gap bench and its test run.
 */
export async function continueAsNewChainWorkflow(remaining: number, lifetimeMs: number): Promise<number> {
  if (lifetimeMs > 0) await holdFor(lifetimeMs);
  if (remaining > 0) return continueAsNew<typeof continueAsNewChainWorkflow>(remaining - 1, lifetimeMs);
  return 0;
}
