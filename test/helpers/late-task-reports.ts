/**
 * A workflow interceptor for tests (test/workflows/task-end.test.ts): every task report to the company leaves
 * five seconds late, as the server's transfer queue delivered some under load (a report sent during a step
 * reached the company minutes after the task's ending, at 1,000 tasks). Deterministic: a workflow timer. A report
 * sent by the local activity `reportToCompany` (patch task-reports-from-activities) leaves as late.
 */
import { sleep } from '@temporalio/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { taskUpdateSignal } from '../../workflows/contracts/company.ts';

export const lateReportMs = 5_000;

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async signalWorkflow(input, next) {
        if (input.signalName === taskUpdateSignal.name) await sleep(lateReportMs);
        return next(input);
      },
      async scheduleLocalActivity(input, next) {
        if (input.activityType === 'reportToCompany') await sleep(lateReportMs);
        return next(input);
      },
    },
  ],
});
