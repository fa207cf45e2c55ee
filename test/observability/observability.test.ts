import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import type { SynthorgConfig } from '../../src/config/env.ts';
import { activeTracing } from '../../src/observability/tracing.ts';
import { tracingWorkflowInterceptorModules } from '../../src/observability/worker-observability.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { createSynthorgWorker, workflowsPath } from '../../workers/worker.ts';
import type { SynthorgWorker } from '../../workers/worker.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { startOtlpReceiver } from '../helpers/otlp-receiver.ts';
import type { OtlpReceiver, ReceivedSpan } from '../helpers/otlp-receiver.ts';
import { parsePrometheusText, total } from '../helpers/prometheus-text.ts';
import type { Sample } from '../helpers/prometheus-text.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';

/**
 * A real worker (createSynthorgWorker, as `synthorg worker` runs it) with SYNTHORG_METRICS_PORT and
 * OTEL_EXPORTER_OTLP_ENDPOINT set, a goal through the client, then: the spans a small OTLP/HTTP
 * receiver got form one trace from the client's update to the model call, and `/metrics` agrees
 * with the ledger and the tasks table.
 */
let receiver: OtlpReceiver;
let database: TestDatabase;
let worker: SynthorgWorker;
let running: Promise<void>;
let connection: Connection;
let client: SynthorgClient;
let config: SynthorgConfig;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  database = await startTestDatabase();
  const temporalAddress = inject('temporalAddress');
  config = {
    ...loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'synthorg-test',
      SYNTHORG_METRICS_PORT: '0',
      SYNTHORG_LOG_LEVEL: 'ERROR',
    }),
    taskQueue: `test-${randomUUID()}`,
    temporalAddress,
    databaseUrl: database.url,
  };
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: tracingWorkflowInterceptorModules(),
    logger: silentLogger,
  });
  worker = await createSynthorgWorker({ config, temporalAddress, databaseUrl: database.url, workflowBundle });
  running = worker.run();
  connection = await Connection.connect({ address: temporalAddress });
  client = new SynthorgClient(connection, { config, ownsConnection: false });
});

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await worker?.close();
  await connection?.close();
  await database?.stop();
  await receiver?.close();
});

let lastScrape = '';

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${worker.metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  lastScrape = await response.text();
  return parsePrometheusText(lastScrape);
}

describe('traces and metrics', () => {
  it('exports one trace per goal, client to model call, and /metrics agrees with the ledger', async () => {
    const companyId = 'observed';
    await client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'semi' }) });
    const root = await client.submitGoal(companyId, 'Deploy the new pricing page');
    let waitingAtApproval = -1;
    const done = await client.waitForTask(companyId, root.id, {
      pollIntervalMs: 200,
      onApproval: async (approval) => {
        waitingAtApproval = total(await scrape(), 'synthorg_approvals_waiting', { company: companyId });
        await client.approve(companyId, approval.taskId, 'looks safe');
      },
    });
    expect(done.status).toBe('COMPLETED');
    expect(waitingAtApproval).toBe(1);

    // --- metrics: the counters match what the database says happened
    const samples = await scrape();
    const ledger = await database.pool.query<{ calls: number; cost: string; input: string; output: string }>(
      `SELECT count(*)::int AS calls, sum(cost_usd) AS cost, sum(input_tokens) AS input, sum(output_tokens) AS output
         FROM ledger WHERE company_id = $1`,
      [companyId],
    );
    const row = ledger.rows[0];
    expect(row?.calls).toBeGreaterThan(2);
    expect(total(samples, 'synthorg_model_calls_total', { company: companyId, model: 'offline' })).toBe(row?.calls);
    expect(total(samples, 'synthorg_model_cost_usd_total', { company: companyId })).toBeCloseTo(Number(row?.cost), 6);
    expect(total(samples, 'synthorg_model_tokens_total', { company: companyId, direction: 'input' })).toBe(
      Number(row?.input),
    );
    expect(total(samples, 'synthorg_model_tokens_total', { company: companyId, direction: 'output' })).toBe(
      Number(row?.output),
    );
    // Both agents worked, each under its own label.
    for (const agent of ['boss', 'worker']) {
      expect(total(samples, 'synthorg_model_calls_total', { company: companyId, agent })).toBeGreaterThan(0);
    }
    const tasks = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks WHERE company_id = $1 AND status = 'COMPLETED'`,
      [companyId],
    );
    expect(total(samples, 'synthorg_tasks', { company: companyId, status: 'COMPLETED' })).toBe(tasks.rows[0]?.n);
    expect(total(samples, 'synthorg_approvals_waiting', { company: companyId })).toBe(0);
    expect(total(samples, 'synthorg_budget_left_usd', { company: companyId })).toBeCloseTo(10 - Number(row?.cost), 6);
    const runs = await database.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM code_runs WHERE company_id = $1',
      [companyId],
    );
    expect(total(samples, 'synthorg_sandbox_runs_total', { company: companyId })).toBe(runs.rows[0]?.n);
    expect(samples.some((sample) => sample.name === 'synthorg_process_resident_memory_bytes')).toBe(true);
    // The Temporal SDK's own metrics, forwarded from its exporter.
    expect(total(samples, 'temporal_workflow_completed_total')).toBeGreaterThan(0);
    expect(total(samples, 'temporal_activity_execution_latency_count')).toBeGreaterThanOrEqual(row?.calls ?? 1);

    // The Grafana dashboard asks only for metrics the worker exposes.
    const dashboard = await readFile(
      fileURLToPath(new URL('../../deploy/grafana/synthorg-dashboard.json', import.meta.url)),
      'utf8',
    );
    const wanted = new Set(
      [...dashboard.matchAll(/\b((?:synthorg|temporal)_[a-z_]+)/g)].map(([, name]) =>
        (name as string).replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    expect(wanted.size).toBeGreaterThan(10);
    const exposed = new Set([...lastScrape.matchAll(/^# TYPE (\S+)/gm)].map(([, name]) => name));
    for (const sample of samples) exposed.add(sample.name.replace(/_(bucket|count|sum)$/, ''));
    // The SDK's exporter shows a counter only once it counted something: no workflow failed here.
    const notYetCounted = new Set(['temporal_workflow_failed_total']);
    expect([...wanted].filter((name) => !exposed.has(name) && !notYetCounted.has(name))).toEqual([]);

    // --- traces: one trace from the client's submitGoal update down to the model calls
    await activeTracing()?.flush();
    const submit = await eventually(() =>
      receiver.spans.find((span) => span.name === 'StartWorkflowUpdate:submitGoal'),
    );
    const trace = await eventually(() => {
      const spans = receiver.spans.filter((span) => span.traceId === submit.traceId);
      const modelCalls = spans.filter((span) => span.name === 'model call');
      return modelCalls.length >= (row?.calls ?? 1) ? spans : undefined;
    });
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    // Every parent is in the trace: one root, the client's call.
    const roots = trace.filter((span) => span.parentSpanId === undefined);
    expect(roots.map((span) => span.name)).toEqual(['StartWorkflowUpdate:submitGoal']);
    for (const span of trace) if (span.parentSpanId) expect(byId.has(span.parentSpanId), span.name).toBe(true);
    const chain = (span: ReceivedSpan): string[] => {
      const names: string[] = [];
      for (let at: ReceivedSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
        names.push(at.name);
      }
      return names;
    };
    const rootTask = trace.find(
      (span) =>
        span.name === 'RunWorkflow:agentTaskWorkflow' &&
        span.attributes['temporalWorkflowId'] === `company:${companyId}:task:${root.id}`,
    );
    const modelCall = trace.find((span) => span.name === 'model call');
    expect(modelCall && chain(modelCall).slice(0, 2)).toEqual(['model call', 'RunActivity:agentStep']);
    // client update → company's update handler → start of the task → the task → its activity → the model
    expect(chain(modelCall as ReceivedSpan)).toEqual(
      expect.arrayContaining([
        'RunActivity:agentStep',
        'StartActivity:agentStep',
        'RunWorkflow:agentTaskWorkflow',
        'StartChildWorkflow:agentTaskWorkflow',
        'HandleUpdate:submitGoal',
        'StartWorkflowUpdate:submitGoal',
      ]),
    );
    expect(rootTask ?? trace.find((span) => span.name === 'RunWorkflow:agentTaskWorkflow')).toBeDefined();
    // The ledger write inside the step is a database span under the activity.
    const queries = trace.filter(
      (span) => span.name.startsWith('db.query') && chain(span)[1] === 'RunActivity:agentStep',
    );
    expect(queries.length).toBeGreaterThan(0);
    // A sandbox run is a span under its activity.
    if ((runs.rows[0]?.n ?? 0) > 0) {
      const sandboxRun = trace.find((span) => span.name === 'sandbox run');
      expect(sandboxRun && chain(sandboxRun)[1]).toBe('RunActivity:runTaskCode');
    }
    // Workflow spans come from the worker's sink, activity spans from the activity: both name the service.
    expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['synthorg-test']));
    // Each model call of the goal is in this trace, none in another.
    expect(trace.filter((span) => span.name === 'model call')).toHaveLength(row?.calls ?? -1);
  });
});

/** The spans received so far, one line per trace, for a timeout message. */
function receivedTraces(): string {
  const traces = new Map<string, string[]>();
  for (const span of receiver.spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span.name]);
  const seen = [...traces.values()].map((names) => names.join(', ')).join('\n');
  return `received ${receiver.spans.length}:\n${seen}`;
}

/** Waits for spans; each probe first sends what the exporter still buffers. */
function eventually<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  return until('spans', read, { timeoutMs, describe: receivedTraces, between: () => activeTracing()?.flush() });
}
