import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import type { AgentTaskResult } from '../../workflows/contracts/task.ts';
import { goalTask } from '../../workflows/contracts/goal-task.ts';
import { routeRequestRetryMs, routeRequestSends } from '../../workflows/route-request.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { shiftTeamTemplate } from './shift-templates.ts';

/**
 * A task's route request that finds no company run. On the time-skipping server a request that meets the company
 * as it continues as new fails that way (workflows/route-request.ts); here, on the dev server, the company has
 * stopped, so every send fails and the task still fails — after the request was sent three times, a second apart.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('a route request the company is not found for (dev server)', () => {
  it('is sent again a second later, up to three sends, then the task fails with the reason', async () => {
    await env.withWorker(async () => {
      const companyId = `gone-${randomUUID().slice(0, 8)}`;
      const template = CompanyTemplate.parse(shiftTeamTemplate());
      await env.client.startCompany({ id: companyId, template });
      await env.client.stopCompany(companyId);
      const { input } = goalTask(snapshotFromTemplate(companyId, template), 't1', { goal: 'Renew a domain' }, false);
      const handle = await env.client.temporal.workflow.start('agentTaskWorkflow', {
        workflowId: taskWorkflowId(companyId, 't1'),
        taskQueue: env.taskQueue,
        args: [input],
      });
      const result = (await handle.result()) as AgentTaskResult;
      expect(result.status).toBe('FAILED');
      expect(result.failureReason).toContain('Unable to signal external workflow because it was not found');

      const events = (await handle.fetchHistory()).events ?? [];
      const routeSends = events.filter(
        (event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'routeRequest',
      );
      const failedSends = events.filter((event) => event.signalExternalWorkflowExecutionFailedEventAttributes);
      const waits = events.flatMap((event) => {
        const timeout = event.timerStartedEventAttributes?.startToFireTimeout;
        return timeout ? [Number(timeout.seconds ?? 0) * 1000 + Math.round((timeout.nanos ?? 0) / 1e6)] : [];
      });
      expect(routeSends).toHaveLength(routeRequestSends);
      expect(failedSends).toHaveLength(routeRequestSends);
      expect(waits).toEqual(Array(routeRequestSends - 1).fill(routeRequestRetryMs));
      // One request: the same id each send, so a company that did take an earlier one would answer it once.
      const ids = new Set(
        routeSends.map((event) => {
          const payload = event.signalExternalWorkflowExecutionInitiatedEventAttributes!.input!.payloads![0]!;
          return (JSON.parse(Buffer.from(payload.data!).toString()) as { requestId: string }).requestId;
        }),
      );
      expect(ids.size).toBe(1);
    });
  }, 120_000);
});
