import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { companyWorkflowId, taskWorkflowId } from '../src/domain/ids.ts';
import { submitGoalUpdate } from '../workflows/contracts/company.ts';
import type { AgentTaskResult } from '../workflows/contracts/task.ts';

/** How often a wait for a company task reports that its worker is alive. */
const heartbeatEveryMs = 5_000;

/**
 * Activities of a Nexus delegation's seller side. They use the worker's own Temporal client (the
 * activity context's), so they act in the namespace the Nexus endpoint targets.
 */
export function createNexusDelegationActivities() {
  return {
    /** Submits the goal to the company; the same `updateId` twice is one task. */
    async submitDelegatedGoal(input: {
      companyId: string;
      goal: string;
      acceptanceCriteria?: string;
      updateId: string;
    }): Promise<string> {
      const task = await Context.current()
        .client.workflow.getHandle(companyWorkflowId(input.companyId))
        .executeUpdate(submitGoalUpdate, {
          args: [
            { goal: input.goal, ...(input.acceptanceCriteria ? { acceptanceCriteria: input.acceptanceCriteria } : {}) },
          ],
          updateId: input.updateId,
        });
      return task.id;
    },

    /** Waits for the company task's workflow to end, heartbeating so a dead worker is noticed in seconds. */
    async awaitCompanyTask(input: { companyId: string; taskId: string }): Promise<AgentTaskResult> {
      const context = Context.current();
      const ended = context.client.workflow
        .getHandle(taskWorkflowId(input.companyId, input.taskId))
        .result() as Promise<AgentTaskResult>;
      let timer: NodeJS.Timeout | undefined;
      const beat = new Promise<never>((_resolve, reject) => {
        const tick = () => {
          heartbeat();
          timer = setTimeout(tick, heartbeatEveryMs);
        };
        tick();
        context.cancellationSignal.addEventListener('abort', () => reject(context.cancellationSignal.reason), {
          once: true,
        });
      });
      try {
        return await Promise.race([ended, beat]);
      } finally {
        clearTimeout(timer);
        ended.catch(() => undefined);
      }
    },

    /** Cancels the company task (its delegation was cancelled); a task already ended is left as it is. */
    async cancelCompanyTask(input: { companyId: string; taskId: string }): Promise<void> {
      const handle = Context.current().client.workflow.getHandle(taskWorkflowId(input.companyId, input.taskId));
      try {
        const description = await handle.describe();
        if (description.status.name === 'RUNNING') await handle.cancel();
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
