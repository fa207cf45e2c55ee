import { describe, expect, it } from 'vitest';
import { decideWorkers, defaultPoolScaling } from '../../src/domain/autoscaling.ts';
import type { BacklogReading, PoolScalingPolicy } from '../../src/domain/autoscaling.ts';

const policy: PoolScalingPolicy = {
  ...defaultPoolScaling,
  pool: 'gpu',
  taskQueue: 'q@gpu',
  minWorkers: 1,
  maxWorkers: 4,
};
const idle: BacklogReading = { backlogCount: 0, backlogAgeMs: 0, tasksAddRate: 0, tasksDispatchRate: 0 };
const backlog = (count: number, ageMs = 1_000): BacklogReading => ({
  ...idle,
  backlogCount: count,
  backlogAgeMs: ageMs,
});

describe('decideWorkers', () => {
  it('adds workers in proportion to the backlog, up to the maximum', () => {
    expect(decideWorkers(policy, backlog(12), { current: 1 }, 0).target).toBe(3);
    expect(decideWorkers(policy, backlog(500), { current: 1 }, 0).target).toBe(4);
    expect(decideWorkers(policy, backlog(500), { current: 4 }, 0)).toMatchObject({ target: 4 });
  });

  it('starts a worker for any backlog when there is none, and adds one when work waits too long', () => {
    const scaleToZero = { ...policy, minWorkers: 0 };
    expect(decideWorkers(scaleToZero, backlog(1), { current: 0 }, 0).target).toBe(1);
    expect(decideWorkers(policy, backlog(2, 5_000), { current: 1 }, 0).target).toBe(1);
    expect(decideWorkers(policy, backlog(2, 120_000), { current: 1 }, 0).target).toBe(2);
  });

  it('waits out the cooldowns after a change', () => {
    const changed = { current: 2, lastChangeAtMs: 100_000 };
    expect(decideWorkers(policy, backlog(20), changed, 105_000)).toEqual({ target: 2, reason: 'scale-up cooldown' });
    expect(decideWorkers(policy, backlog(20), changed, 100_000 + policy.scaleUpCooldownMs).target).toBe(4);
    expect(decideWorkers(policy, idle, changed, 150_000)).toEqual({ target: 2, reason: 'scale-down cooldown' });
    expect(decideWorkers(policy, idle, changed, 100_000 + policy.scaleDownCooldownMs).target).toBe(1);
  });

  it('does not shrink at the edge (hysteresis) nor while the fleet keeps up with arriving work', () => {
    // 3 workers, backlog 9: two workers would hold 10, but only 5 with the 50 % margin.
    expect(decideWorkers(policy, backlog(9), { current: 3 }, 0)).toMatchObject({ target: 3, reason: 'steady' });
    expect(decideWorkers(policy, backlog(5), { current: 3 }, 0).target).toBe(1);
    expect(decideWorkers(policy, { ...idle, tasksDispatchRate: 3 }, { current: 3 }, 0).target).toBe(3);
  });

  it('never goes below the minimum nor above the maximum, whatever the scaler reports', () => {
    expect(decideWorkers(policy, idle, { current: 3 }, 0).target).toBe(1);
    expect(decideWorkers(policy, idle, { current: 0 }, 0).target).toBe(1);
    expect(decideWorkers(policy, idle, { current: 9 }, 0).target).toBe(4);
  });
});
