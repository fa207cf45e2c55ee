import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
type EventTime = temporal.api.history.v1.IHistoryEvent['eventTime'];

function millis(time: EventTime): number {
  return Number(time?.seconds ?? 0) * 1_000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

/**
 * How long each workflow task of `history` that timed out before any worker started it waited, in ms. Only a
 * task sent to a worker's sticky queue has such a timeout (the worker's stickyQueueScheduleToStartTimeout); it
 * fires when that worker is gone, and the task then goes to the normal queue. A kill test whose killed workers run
 * with `killedWorkerEnvironment` (test/helpers/status-once-answered.ts) expects each wait near its 2 s.
 */
export function stickyWaitsMs(history: History): number[] {
  const events = history.events ?? [];
  const scheduledAt = new Map<string, number>();
  const waits: number[] = [];
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) scheduledAt.set(String(event.eventId), millis(event.eventTime));
    const timedOut = event.workflowTaskTimedOutEventAttributes;
    if (timedOut?.timeoutType !== proto.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) continue;
    const scheduled = scheduledAt.get(String(timedOut.scheduledEventId));
    if (scheduled !== undefined) waits.push(millis(event.eventTime) - scheduled);
  }
  return waits;
}
