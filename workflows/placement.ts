import {
  ActivityCancellationType,
  ActivityFailure,
  TimeoutFailure,
  log,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { durationToMs } from '../src/domain/duration.ts';
import type { PoolFailover } from '../src/domain/placement.ts';
import { agentPlacement, poolTaskQueue } from '../src/domain/placement.ts';
import { stepHeartbeatTimeout } from '../src/domain/step-heartbeat.ts';
import type { CompanySnapshot } from '../src/domain/types.ts';

/** Versioning: placed agents' activities go to their pool's task queue (docs/scaling.md). */
export const poolPlacementPatch = 'pool-placement';

/** The activities a placement moves: an agent's model calls (with its memory work) and its sandbox. */
type PlacedActivity = 'agentStep' | 'runTaskCode' | 'destroyWorkspace';

/**
 * The model-call step's options, on the company's own queue (agent-task.ts) and on a pool's. A local model on
 * a slow CPU can take minutes for one reply and its repair; heartbeats still notice a dead worker within the
 * company's step heartbeat timeout (30 s unless set, src/domain/step-heartbeat.ts), so the long ceiling only
 * spares slow live calls.
 */
export function stepActivityOptions(company: Pick<CompanySnapshot, 'stepHeartbeatSeconds'>): ActivityOptions {
  return {
    startToCloseTimeout: '20 minutes',
    heartbeatTimeout: stepHeartbeatTimeout(company),
    retry: {
      initialInterval: '1 second',
      maximumInterval: '30 seconds',
      nonRetryableErrorTypes: Object.values(FailureType),
    },
  };
}

// The same options agent-task.ts gives these activities on the company's own queue.
const presets: Record<Exclude<PlacedActivity, 'agentStep'>, ActivityOptions> = {
  runTaskCode: {
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '30 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
  },
  destroyWorkspace: {
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '30 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
  },
};

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Routes one task's placed activities to their agents' pools, and moves them to the fallback pool
 * when no worker of a pool picks one up within the company's `failoverAfter` (a schedule-to-start
 * timeout, which the server never retries). A pool once failed over stays failed over for the rest of
 * the task, so later steps do not wait out the timeout again. Each failover is kept here (the task's
 * state query shows it) and written to the audit log.
 */
export class TaskPlacement {
  readonly failovers: PoolFailover[] = [];
  private readonly movedTo = new Map<string, string>();
  private readonly company: CompanySnapshot;
  private readonly taskId: string;
  private readonly step: () => number;

  constructor(company: CompanySnapshot, taskId: string, step: () => number) {
    this.company = company;
    this.taskId = taskId;
    this.step = step;
  }

  /** `unplaced` itself for an agent without placement (today's single queue); otherwise its pool's. */
  activity<Name extends PlacedActivity>(agentId: string, name: Name, unplaced: Activities[Name]): Activities[Name] {
    const placement = agentPlacement(this.company, agentId);
    if (!placement || !patched(poolPlacementPatch)) return unplaced;
    const placed = async (...args: unknown[]): Promise<unknown> => {
      const pool = this.movedTo.get(placement.pool) ?? placement.pool;
      const onPool = (target: string, withFailover: boolean) =>
        (this.proxy(target, name, withFailover) as (...input: unknown[]) => Promise<unknown>)(...args);
      const fallback = pool === placement.pool ? placement.fallback : undefined;
      try {
        return await onPool(pool, fallback !== undefined);
      } catch (error) {
        if (fallback === undefined || !isScheduleToStartTimeout(error)) throw error;
        await this.recordFailover(agentId, name, pool, fallback);
        return await onPool(fallback, false);
      }
    };
    return placed as unknown as Activities[Name];
  }

  private proxy(pool: string, name: PlacedActivity, withFailover: boolean) {
    const failoverAfter = durationToMs(this.company.placement?.failoverAfter ?? '30s');
    const activities = proxyActivities<Activities>({
      ...(name === 'agentStep' ? stepActivityOptions(this.company) : presets[name]),
      taskQueue: poolTaskQueue(workflowInfo().taskQueue, pool),
      ...(withFailover ? { scheduleToStartTimeout: failoverAfter } : {}),
    });
    return activities[name];
  }

  private async recordFailover(agentId: string, activity: string, fromPool: string, toPool: string): Promise<void> {
    this.movedTo.set(fromPool, toPool);
    const failover: PoolFailover = {
      agentId,
      activity,
      fromPool,
      toPool,
      step: this.step(),
      at: new Date().toISOString(),
      reason: `no worker of pool "${fromPool}" started ${activity} within ${this.company.placement?.failoverAfter ?? '30s'}`,
    };
    this.failovers.push(failover);
    log.warn('work moved to the fallback pool', { ...failover });
    await records.recordPoolFailover({
      key: `${workflowInfo().workflowId}#failover-${this.failovers.length}`,
      companyId: this.company.id,
      taskId: this.taskId,
      failover,
    });
  }
}

function isScheduleToStartTimeout(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof TimeoutFailure &&
    error.cause.timeoutType === 'SCHEDULE_TO_START'
  );
}
