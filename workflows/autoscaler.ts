import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { AutoscalingActivities } from '../activities/autoscaling.ts';
import type { BacklogReading } from '../src/domain/autoscaling.ts';
import { decideWorkers } from '../src/domain/autoscaling.ts';
import type { AutoscalerInput, AutoscalerState } from './contracts/autoscaler.ts';
import { autoscalerStateQuery } from './contracts/autoscaler.ts';

const scaling = proxyActivities<AutoscalingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

const keptDecisions = 50;

/**
 * Keeps each pool's worker count in step with its task queue's backlog (docs/scaling.md): reads the
 * backlog on a timer, decides with the pure rules of src/domain/autoscaling.ts (bounds, hysteresis,
 * cooldowns) and tells the scaler. Continues as new every `ticksPerRun` readings.
 */
export async function autoscalerWorkflow(input: AutoscalerInput): Promise<void> {
  const state: AutoscalerState = input.state ?? { pools: {}, decisions: [] };
  const readings: Record<string, BacklogReading> = {};
  setHandler(autoscalerStateQuery, () => ({ ...state, policies: input.pools, readings }));

  const ticks = input.ticksPerRun ?? 200;
  for (let tick = 0; tick < ticks; tick++) {
    for (const policy of input.pools) {
      const [reading, current] = await Promise.all([
        scaling.readBacklog({ taskQueue: policy.taskQueue }),
        scaling.currentWorkers({ pool: policy.pool }),
      ]);
      readings[policy.pool] = reading;
      const poolState = { ...state.pools[policy.pool], current };
      const decision = decideWorkers(policy, reading, poolState, Date.now());
      if (decision.target !== current) {
        await scaling.scaleWorkers({ pool: policy.pool, count: decision.target });
        poolState.current = decision.target;
        poolState.lastChangeAtMs = Date.now();
        state.decisions = [
          ...state.decisions,
          {
            pool: policy.pool,
            at: new Date().toISOString(),
            from: current,
            to: decision.target,
            reason: decision.reason,
            backlog: reading.backlogCount,
          },
        ].slice(-keptDecisions);
      }
      state.pools[policy.pool] = poolState;
    }
    await sleep(input.intervalMs);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof autoscalerWorkflow>({ ...input, state });
}
