/**
 * How one workflow's activities were dispatched, read from its history (bench/trunk.ts, per round, for its first
 * goal): an activity the server started eagerly is recorded as started in the same transaction that completed the
 * workflow task which scheduled it, so its ActivityTaskStarted time is its ActivityTaskScheduled time plus the
 * handling of the task's later commands (0.03–0.05 ms for a step, the task's last command; up to 1.4 ms seen for
 * the first of three under load 25); one that went through matching waited for the commit, the transfer queue,
 * a poll and a second update (1.3 ms at the least seen, one goal; 100+ ms at 50 goals). A heuristic, not a proof:
 * the server's own count is its `activity_eager_execution` metric (test/infra/eager-activities.test.ts).
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** A start this close to its schedule came back with the workflow task's answer (no poll can be this quick). */
export const eagerGapMs = 1;

export interface DispatchCount {
  /** Activities (not local ones) that completed, and of them the ones started within `eagerGapMs` of scheduling. */
  activities: number;
  eager: number;
  workflowTasks: number;
  events: number;
  /** Each completed activity's ActivityTaskScheduled → ActivityTaskStarted, in ms (fractions kept). */
  scheduleToStartMs: number[];
}

function eventNs(event: HistoryEvent): bigint {
  return BigInt(Number(event.eventTime?.seconds ?? 0)) * 1_000_000_000n + BigInt(event.eventTime?.nanos ?? 0);
}

/** The workflow's completed activities (of `activityType` only, when given). */
export async function countDispatch(client: Client, workflowId: string, activityType?: string): Promise<DispatchCount> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, HistoryEvent>();
  const scheduleToStartMs: number[] = [];
  let workflowTasks = 0;
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduled.set(String(event.eventId), event);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) workflowTasks++;
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
      const schedule = scheduled.get(String(event.activityTaskStartedEventAttributes?.scheduledEventId));
      const type = schedule?.activityTaskScheduledEventAttributes?.activityType?.name;
      if (schedule && (activityType === undefined || type === activityType))
        scheduleToStartMs.push(Number(eventNs(event) - eventNs(schedule)) / 1e6);
    }
  }
  return {
    activities: scheduleToStartMs.length,
    eager: scheduleToStartMs.filter((gap) => gap < eagerGapMs).length,
    workflowTasks,
    events: history.events?.length ?? 0,
    scheduleToStartMs,
  };
}

/** `12/20 eager, 23 workflow tasks, 87 events, schedule→start 0.1–31.0 ms` for a round's log line. */
export function describeDispatch(count: DispatchCount): string {
  const gaps = count.scheduleToStartMs;
  const range = gaps.length ? `${Math.min(...gaps).toFixed(1)}–${Math.max(...gaps).toFixed(1)} ms` : '-';
  return `${count.eager}/${count.activities} eager, ${count.workflowTasks} workflow tasks, ${count.events} events, schedule→start ${range}`;
}
