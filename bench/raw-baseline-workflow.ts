import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(step: number): Promise<number> }>({ startToCloseTimeout: '30 seconds' });

/** The raw-Temporal baseline: one workflow calling K no-op activities in sequence. */
export async function rawBaselineWorkflow(steps: number): Promise<number> {
  let total = 0;
  for (let step = 0; step < steps; step++) total += await noop(step);
  return total;
}
