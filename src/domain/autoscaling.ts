/**
 * Worker autoscaling (docs/scaling.md): how many workers a pool should have, from its task queue's
 * backlog. Pure, so the autoscaler workflow replays it and the rules are unit-tested.
 */

export interface PoolScalingPolicy {
  pool: string;
  /** The pool's task queue (src/domain/placement.ts poolTaskQueue). */
  taskQueue: string;
  minWorkers: number;
  maxWorkers: number;
  /** Backlog one worker is expected to keep up with; more per worker means add workers. */
  backlogPerWorker: number;
  /** Removing workers waits until the backlog would fit this fraction of the smaller fleet: no flapping at the edge. */
  hysteresis: number;
  /** A backlog older than this adds a worker even when it is short (work waits too long). */
  maxBacklogAgeMs: number;
  scaleUpCooldownMs: number;
  scaleDownCooldownMs: number;
}

/** What describeTaskQueue with reportStats says of one queue. */
export interface BacklogReading {
  backlogCount: number;
  backlogAgeMs: number;
  tasksAddRate: number;
  tasksDispatchRate: number;
}

export interface PoolScalingState {
  /** Workers the scaler reports. */
  current: number;
  /** When the autoscaler last changed this pool (workflow time, ms); undefined: never. */
  lastChangeAtMs?: number;
}

export interface ScalingDecision {
  target: number;
  reason: string;
}

export const defaultPoolScaling = {
  minWorkers: 0,
  maxWorkers: 4,
  backlogPerWorker: 5,
  hysteresis: 0.5,
  maxBacklogAgeMs: 60_000,
  scaleUpCooldownMs: 15_000,
  scaleDownCooldownMs: 120_000,
} as const;

/** The worker count a pool should have now; `target === state.current` means leave it. */
export function decideWorkers(
  policy: PoolScalingPolicy,
  reading: BacklogReading,
  state: PoolScalingState,
  nowMs: number,
): ScalingDecision {
  const clamp = (count: number) => Math.min(policy.maxWorkers, Math.max(policy.minWorkers, count));
  const current = state.current;
  if (current < policy.minWorkers || current > policy.maxWorkers) {
    // Bounds win over cooldowns: they are the operator's word.
    return { target: clamp(current), reason: `outside bounds ${policy.minWorkers}..${policy.maxWorkers}` };
  }
  const sinceChange = state.lastChangeAtMs === undefined ? Infinity : nowMs - state.lastChangeAtMs;
  const backlog = reading.backlogCount;
  const needed = Math.ceil(backlog / policy.backlogPerWorker);
  let wanted = needed;
  // Work waits too long for the workers there are (or there are none): one more, even for a short backlog.
  if (backlog > 0 && (current === 0 || reading.backlogAgeMs > policy.maxBacklogAgeMs))
    wanted = Math.max(wanted, current + 1);
  if (wanted > current) {
    const target = clamp(wanted);
    if (target === current) return { target, reason: `backlog ${backlog} but already at max ${policy.maxWorkers}` };
    if (sinceChange < policy.scaleUpCooldownMs) return { target: current, reason: 'scale-up cooldown' };
    return { target, reason: `backlog ${backlog} (age ${Math.round(reading.backlogAgeMs)} ms) needs ${target}` };
  }
  // Tasks still arriving and being dispatched: the fleet keeps up, which is not a reason to shrink it.
  if (backlog === 0 && reading.tasksDispatchRate > 0 && current > 0) {
    return { target: current, reason: 'keeping up with arriving work' };
  }
  const smaller = current - 1;
  const fitsSmaller = backlog <= smaller * policy.backlogPerWorker * (1 - policy.hysteresis);
  if (current > policy.minWorkers && fitsSmaller) {
    if (sinceChange < policy.scaleDownCooldownMs) return { target: current, reason: 'scale-down cooldown' };
    const target = clamp(Math.max(needed, backlog > 0 ? 1 : 0));
    return { target, reason: `backlog ${backlog} fits ${target}` };
  }
  return { target: current, reason: 'steady' };
}
