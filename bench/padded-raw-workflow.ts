import { proxyActivities } from '@temporalio/workflow';

const { echo } = proxyActivities<{ echo(step: number, padding: string, resultBytes: number): Promise<string> }>({
  startToCloseTimeout: '30 seconds',
});

/**
 * Raw Temporal with payloads of a given size (bench/payload-cost.ts): K activities in sequence, each taking
 * `inputBytes` of padding and returning `resultBytes`, so only the bytes differ from the raw baseline.
 */
export async function paddedRawWorkflow(steps: number, inputBytes: number, resultBytes: number): Promise<number> {
  let total = 0;
  for (let step = 0; step < steps; step++) total += (await echo(step, 'x'.repeat(inputBytes), resultBytes)).length;
  return total;
}
