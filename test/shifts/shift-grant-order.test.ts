import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import type { RouteReply } from '../../workflows/contracts/shifts.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { goalTask } from '../../workflows/contracts/goal-task.ts';
import { until, untilTaskAsks } from '../helpers/shift-desk-probes.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { teamTemplate } from '../helpers/templates.ts';
import { shiftTeamTemplate } from './shift-templates.ts';

/**
 * The two answers the shift desk can give one route request — "wait", then the grant — are two signals, each
 * delivered by a transfer task of its own on the server, so a task may receive them in the other order, both in
 * one activation (the desk sends both in one workflow task when the request and a release reach it together).
 * Here the task is a real goal task of a shift company; the company it asks is one without a desk (its route
 * requests stay unanswered), and the test is the desk: with the worker stopped it signals the grant and then
 * the stale "wait", so the task's next activation holds both in that order. Round 25's shift-capacity failure
 * showed this signature: the lead's goal WAITING_FOR_SHIFT for a slot nobody worked in.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
/** temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED */
const workflowTaskStarted = 6;

async function events(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

describe('a grant followed by the stale "wait" of the same request (dev server)', () => {
  it('the task takes the grant and works; the "wait" does not undo it', async () => {
    const companyId = `order-${randomUUID().slice(0, 8)}`;
    const handle = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, 't1'));
    await env.withWorker(async () => {
      // The company row and a workflow that takes the task's reports; it has no roster, so no desk answers.
      await env.client.startCompany({ id: companyId, template: teamTemplate('full') });
      const shiftCompany = snapshotFromTemplate(companyId, CompanyTemplate.parse(shiftTeamTemplate()));
      const { input } = goalTask(shiftCompany, 't1', { goal: 'Audit the backups' }, false);
      await env.client.temporal.workflow.start('agentTaskWorkflow', {
        workflowId: handle.workflowId,
        taskQueue: env.taskQueue,
        args: [input],
      });
      await untilTaskAsks(handle);
    });
    // No worker now: both answers wait for the task's next workflow task, in the order they arrived.
    const granted: RouteReply = { requestId: 'route-1', agentId: 'boss' };
    const stale: RouteReply = {
      requestId: 'route-1',
      waiting: 'every Operations Lead on duty is at maxConcurrentTasks',
    };
    await handle.signal('routeReply', granted);
    await handle.signal('routeReply', stale);
    await env.withWorker(async () => {
      await until(
        't1 to work after its grant',
        async () =>
          (await events(handle)).some(
            (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'agentStep',
          ),
        30_000,
      ).catch(async (error: unknown) => {
        const state = await handle.query(stateQuery);
        throw new Error(`${String(error)}; t1 is ${state.status}`);
      });
      // Both answers reached the task in one activation, grant first: the order this test is about.
      const history = await events(handle);
      const replies = history.flatMap((event, index) =>
        event.workflowExecutionSignaledEventAttributes?.signalName === 'routeReply' ? [index] : [],
      );
      expect(replies).toHaveLength(2);
      const between = history
        .slice(replies[0], replies[1])
        .filter((event) => Number(event.eventType) === workflowTaskStarted);
      expect(between).toHaveLength(0);
      expect((await handle.query(stateQuery)).status).not.toBe('WAITING_FOR_SHIFT');
      await handle.terminate('test done');
      await env.client.temporal.workflow.getHandle(companyWorkflowId(companyId)).terminate('test done');
    });
  }, 120_000);
});
