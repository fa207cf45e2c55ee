import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import type { AgentRetired } from '../../workflows/contracts/headcount.ts';
import { tasksQuery } from '../../workflows/contracts/company.ts';
import {
  reportPastTheLimit,
  reportWorkingAsRetired,
  retiredAgent,
  startCompanyAfterRetirement,
  startReceivingTask,
  successorAgent,
} from '../helpers/retirement-probes.ts';
import { decodePayload, until } from '../helpers/shift-desk-probes.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';

/**
 * A retirement the headcount desk tells a task in the workflow task in which the company continues as new. The
 * server drops a workflow's signal whose sender has closed before its transfer task ran (shift-continue-sends.test.ts
 * says where), and the desk tells each task of a retirement once (its `told`, carried to the next run), so a lost
 * tell left the task working as the retired agent for good. The test is the task (raw-client reports,
 * test/helpers/retirement-probes.ts): with the worker stopped, its first report naming the retired agent and enough
 * ignored reports to pass the company's history limit arrive together, so one workflow task tells it and continues
 * as new. The task's workflow id is held by a run nobody works, whose history keeps what it was told.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const historyLimit = 300;

describe('a retirement told as the company continues as new (dev server)', () => {
  it('reaches the task before the run closes, once', async () => {
    const companyId = `retire-sends-${randomUUID().slice(0, 8)}`;
    const company = env.client.temporal.workflow.getHandle(companyWorkflowId(companyId));
    const task = env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, 'a'));
    await startReceivingTask(env.client.temporal, companyId, 'a');
    let firstRun = '';
    try {
      await env.withWorker(async () => {
        await startCompanyAfterRetirement(env.client.temporal, { companyId, taskQueue: env.taskQueue, historyLimit });
        firstRun = (await company.describe()).runId;
      });
      // No worker: the task's report and the reports after it reach the company in one workflow task.
      const historyLength = await reportPastTheLimit(env.client.temporal, companyId, 'a', historyLimit);
      expect(historyLength + 40).toBeLessThan(historyLimit);
      await env.withWorker(async () => {
        await until(
          'the company to continue as new',
          async () => (await company.describe()).runId !== firstRun,
          60_000,
        );
        // The tell came from the workflow task that took the burst, after which the run was due to continue as new.
        const first =
          (await env.client.temporal.workflow.getHandle(company.workflowId, firstRun).fetchHistory()).events ?? [];
        const burstTask = first.find(
          (event) => event.workflowTaskCompletedEventAttributes && Number(event.eventId) > historyLength,
        );
        const tell = first.find(
          (event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'agentRetired',
        );
        expect(
          String(tell?.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowTaskCompletedEventId),
        ).toBe(String(burstTask?.eventId));
        expect(first.some((event) => event.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
        // The task reports again, still as the retired agent: the new run counts it told and does not tell it again.
        await reportWorkingAsRetired(env.client.temporal, companyId, 'a', 2);
        await until('the new run to take the second report', async () =>
          (await company.query(tasksQuery)).some((known) => known.id === 'a' && known.version === 2),
        );
        const tells = async () =>
          ((await task.fetchHistory()).events ?? []).flatMap((event) => {
            const signal = event.workflowExecutionSignaledEventAttributes;
            return signal?.signalName === 'agentRetired'
              ? [decodePayload(signal.input?.payloads?.[0]?.data) as AgentRetired]
              : [];
          });
        await until('the task to hear of the retirement', async () => (await tells()).length > 0, 15_000);
        expect(await tells()).toEqual([
          {
            agentId: retiredAgent,
            successor: successorAgent,
            reason: `${retiredAgent} retired by the headcount rules`,
          },
        ]);
      });
    } finally {
      await company.terminate('test over').catch(() => undefined);
      await task.terminate('test over').catch(() => undefined);
    }
  }, 180_000);
});
