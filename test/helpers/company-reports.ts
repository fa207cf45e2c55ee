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
