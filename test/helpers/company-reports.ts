import type { Client } from '@temporalio/client';
import { companyWorkflowId } from '../../src/domain/ids.ts';

/** A task as its report to the company carried it (the `taskUpdate` signal's payload). */
export type ReportedTask = Record<string, unknown> & { id: string; status: string; version?: number };

/**
 * Every report of one task the company's workflow received, in history order, read from the signals in the
 * company's history (what the company heard, not what the task meant to send).
 */
export async function reportsHeardByCompany(
  temporal: Client,
  companyId: string,
  taskId: string,
): Promise<ReportedTask[]> {
  const { events } = await temporal.workflow.getHandle(companyWorkflowId(companyId)).fetchHistory();
  return (events ?? []).flatMap((event) => {
    const signal = event.workflowExecutionSignaledEventAttributes;
    const data = signal?.signalName === 'taskUpdate' ? signal.input?.payloads?.[0]?.data : undefined;
    if (!data) return [];
    const { task } = JSON.parse(Buffer.from(data).toString('utf8')) as { task: ReportedTask };
    return task.id === taskId ? [task] : [];
  });
}

/** A history event, as far as a marker or a sent signal shows in it. */
interface TaskHistoryEvent {
  markerRecordedEventAttributes?: unknown;
  signalExternalWorkflowExecutionInitiatedEventAttributes?: unknown;
}

/** The activity type of a local activity's marker, read from its details; undefined for any other event. */
export function localActivityType(event: TaskHistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes as
    | { markerName?: string | null; details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> }
    | undefined;
  const data = marker?.markerName === 'core_local_activity' ? marker.details?.['data']?.payloads?.[0]?.data : undefined;
  if (!data) return undefined;
  return (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type;
}

/**
 * How many reports a task's history shows it sent itself, on either path: workflow signals, or the local activity
 * `reportToCompany` (patch task-reports-from-activities). The start's and the ending's reports ride in their own
 * local activities and are not counted.
 */
export function reportsSentByTask(events: TaskHistoryEvent[]): number {
  return (
    events.filter((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes).length +
    events.filter((event) => localActivityType(event) === 'reportToCompany').length
  );
}
