/**
 * The wait between runs of a continue-as-new chain, read from the runs' histories (server timestamps): from a run's
 * close (its WorkflowExecutionContinuedAsNew event) to the next run's first WorkflowTaskScheduled and
 * WorkflowTaskStarted, and the first-task backoff the server wrote into the next run's WorkflowExecutionStarted
 * (docs/faults-and-load-rounds.md, "Twenty-third round: the wait before a continued run's first workflow task").
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** One continue-as-new: the run that closed and the run it started. */
export interface ContinuationGap {
  /** The closed run's lifetime: its first WorkflowTaskScheduled → its close (ms). */
  lifetimeMs: number;
  /** The first-task backoff the server recorded in the new run's started event (ms; 0 when none). */
  backoffMs: number;
  /** The closed run's close → the new run's first WorkflowTaskScheduled (ms). */
  toScheduledMs: number;
  /** The closed run's close → the new run's first WorkflowTaskStarted (ms): what a signal sent meanwhile waits. */
  toStartedMs: number;
}

function eventMs(event: HistoryEvent | undefined): number {
  return Number(event?.eventTime?.seconds ?? 0) * 1000 + (event?.eventTime?.nanos ?? 0) / 1e6;
}

function durationMs(duration: proto.google.protobuf.IDuration | null | undefined): number {
  return Number(duration?.seconds ?? 0) * 1000 + (duration?.nanos ?? 0) / 1e6;
}

const first = (events: HistoryEvent[], type: number) => events.find((event) => event.eventType === type);

/** Every continue-as-new of the chain that began with `firstRunId`, in order (one fewer than its runs). */
export async function continuationGaps(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<ContinuationGap[]> {
  const gaps: ContinuationGap[] = [];
  let events = (await client.workflow.getHandle(workflowId, firstRunId).fetchHistory()).events ?? [];
  for (;;) {
    const close = events.at(-1);
    const nextRunId = close?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!nextRunId) return gaps;
    const next = (await client.workflow.getHandle(workflowId, nextRunId).fetchHistory()).events ?? [];
    const closedAt = eventMs(close);
    gaps.push({
      lifetimeMs: closedAt - eventMs(first(events, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)),
      backoffMs: durationMs(next[0]?.workflowExecutionStartedEventAttributes?.firstWorkflowTaskBackoff),
      toScheduledMs: eventMs(first(next, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)) - closedAt,
      toStartedMs: eventMs(first(next, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)) - closedAt,
    });
    events = next;
  }
}
