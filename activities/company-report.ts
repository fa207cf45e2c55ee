import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { companyWorkflowId } from '../src/domain/ids.ts';
import type { TaskUpdate } from '../workflows/contracts/company.ts';
import { taskUpdateSignal } from '../workflows/contracts/company.ts';

/**
 * Tells the company a task's report from an activity, with the worker's client: the `taskUpdate` signal the task's
 * own signal carries. The server keeps `requestId` with the company's run and drops a second signal that carries it,
 * so an activity run again (a retry, or a workflow task that runs its local activity again after a worker died) is
 * heard once. A company that stopped no longer listens: logged and skipped, as the task's own signal is.
 */
export async function signalCompany(companyId: string, report: TaskUpdate, requestId: string): Promise<void> {
  const { client } = Context.current();
  try {
    await client.workflowService.signalWorkflowExecution({
      namespace: client.options.namespace,
      workflowExecution: { workflowId: companyWorkflowId(companyId) },
      signalName: taskUpdateSignal.name,
      input: { payloads: await encodeToPayloads(client.options.loadedDataConverter, report) },
      identity: client.options.identity,
      requestId,
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    log.warn('company did not take the task update', { error: String(error) });
  }
}

/** The raw service call rejects with the gRPC status NOT_FOUND (5) when no run of the company is open. */
function isNotFound(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 5;
}

/** A task's report to its company, as a task workflow hands it to `reportToCompany`. */
export interface CompanyReport {
  companyId: string;
  report: TaskUpdate;
  /** Derived from the task's run and the report's version (workflows/task-reporting.ts): a second send is dropped. */
  requestId: string;
}

/** A task's reports between its start and its ending (docs/faults-and-load-rounds.md, "Twenty-eighth round"). */
export function createCompanyReportActivities() {
  return {
    /**
     * Tells the company one report of a task with the worker's client, so the frontend writes it to the company's
     * history: a task workflow's own signal is delivered by the server's transfer queue, which under load falls
     * minutes behind. Safe to run twice: the request id is the report's, which the company's run accepts once.
     */
    async reportToCompany({ companyId, report, requestId }: CompanyReport): Promise<void> {
      await signalCompany(companyId, report, requestId);
    },
  };
}
