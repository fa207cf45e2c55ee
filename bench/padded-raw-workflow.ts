import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import { taskStatusKey } from '../src/domain/search-attributes.ts';

const { echo } = proxyActivities<{ echo(step: number, padding: string, resultBytes: number): Promise<string> }>({
  startToCloseTimeout: '30 seconds',
});

/**
 * Raw Temporal with payloads of a given size (bench/payload-cost.ts): K activities in sequence, each taking
 * `inputBytes` of padding and returning `resultBytes`, so only the bytes differ from the raw baseline; with
 * `upserts`, that many search-attribute upserts spread over the steps (a SynthOrg task upserts its status) or, with
 * `together`, all in the first workflow task (as the TemporalChangeVersion upserts of a run's patches are).
 */
export async function paddedRawWorkflow(
  steps: number,
  inputBytes: number,
  resultBytes: number,
  upserts = 0,
  together = false,
): Promise<number> {
  const every = upserts > 0 ? Math.max(1, Math.floor(steps / upserts)) : 0;
  let total = 0;
  for (let step = 0; step < steps; step++) {
    if (together && step === 0)
      for (let upsert = 0; upsert < upserts; upsert++)
        upsertSearchAttributes([{ key: taskStatusKey, value: `S${upsert}` }]);
    if (!together && every > 0 && step % every === 0 && step / every < upserts)
      upsertSearchAttributes([{ key: taskStatusKey, value: `S${step}` }]);
    total += (await echo(step, 'x'.repeat(inputBytes), resultBytes)).length;
  }
  return total;
}
