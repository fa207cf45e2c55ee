import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import type { RouteReply } from '../../workflows/contracts/shifts.ts';
import { shiftDeskQuery } from '../../workflows/contracts/shifts.ts';
import { decodePayload, startCappedShiftCompany, until } from '../helpers/shift-desk-probes.ts';
import type { ShiftDeskProbe } from '../helpers/shift-desk-probes.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';

/**
 * A route grant the shift desk sends in the workflow task in which the company continues as new. The server
 * delivers a workflow's signal to another by a transfer task that first checks the sender is still running, and
 * drops the signal when it is not (transferQueueActiveTaskExecutor.processSignalExecution: ErrWorkflowCompleted),
 * so the grant would never reach its task while the next run carries the slot as the task's.
 * The test is the tasks (raw-client reports and requests, test/helpers/shift-desk-probes.ts): `a` holds the lead's
 * one slot, `b` waits for it. With the worker stopped, `a`'s ending and enough ignored reports to pass the
 * company's history limit arrive together, so one workflow task frees the slot, grants it to `b` and continues as
 * new. `b`'s answers go to a workflow that runs (the company's shift workflow, which keeps signals it has no
 * handler for), where the test reads whether the grant arrived.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const historyLimit = 300;

describe('a route grant sent as the company continues as new (dev server)', () => {
  it('reaches its task before the run closes; the next run carries the slot it granted', async () => {
    const companyId = `sends-${randomUUID().slice(0, 8)}`;
    const company = env.client.temporal.workflow.getHandle(companyWorkflowId(companyId));
    const receiver = env.client.temporal.workflow.getHandle(shiftWorkflowId(companyId));
    let desk: ShiftDeskProbe | undefined;
    let firstRun = '';
    await env.withWorker(async () => {
      desk = await startCappedShiftCompany(env.client.temporal, { companyId, taskQueue: env.taskQueue, historyLimit });
      await desk.slotHeldAndOneWaiting(receiver.workflowId);
      firstRun = (await company.describe()).runId;
    });
    // No worker: a's ending and the reports after it reach the company in one workflow task.
    const historyLength = await desk!.endingPastTheLimit(historyLimit);
    expect(historyLength + 40).toBeLessThan(historyLimit);
    await env.withWorker(async () => {
      await until('the company to continue as new', async () => (await company.describe()).runId !== firstRun, 60_000);
      // The grant came from the workflow task that took the burst, after which the run was due to continue as new.
      const first =
        (await env.client.temporal.workflow.getHandle(company.workflowId, firstRun).fetchHistory()).events ?? [];
      const burstTask = first.find(
        (event) => event.workflowTaskCompletedEventAttributes && Number(event.eventId) > historyLength,
      );
      const grant = first.find((event) => {
        const signal = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
        const reply =
          signal?.signalName === 'routeReply'
            ? (decodePayload(signal.input?.payloads?.[0]?.data) as RouteReply)
            : undefined;
        return reply?.requestId === 'b-1' && 'agentId' in reply;
      });
      expect(String(grant?.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowTaskCompletedEventId)).toBe(
        String(burstTask?.eventId),
      );
      expect(first.some((event) => event.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
      const replies = async () =>
        ((await receiver.fetchHistory()).events ?? []).flatMap((event) => {
          const signal = event.workflowExecutionSignaledEventAttributes;
          return signal?.signalName === 'routeReply'
            ? [decodePayload(signal.input?.payloads?.[0]?.data) as RouteReply]
            : [];
        });
      const grants = async () => (await replies()).filter((reply) => 'agentId' in reply);
      // The receiver works: it got the desk's earlier answer to b.
      expect((await replies()).some((reply) => 'waiting' in reply)).toBe(true);
      // The new run holds the lead's slot for b: b must have been told.
      expect((await company.query(shiftDeskQuery)).slots).toEqual({ b: 'boss' });
      await until('b to receive its grant', async () => (await grants()).length > 0, 15_000);
      expect(await grants()).toEqual([{ requestId: 'b-1', agentId: 'boss' }]);
      await env.client.stopCompany(companyId);
    });
  }, 180_000);
});
