import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's own Prometheus metrics, one registry per process. Counters count what this process did
 * (Prometheus sums them over workers); the gauges read from the database are in database-gauges.ts.
 */
export const metricsRegistry = new Registry();

// Process metrics (RSS, heap, event-loop lag) under our prefix, beside the Temporal SDK's `temporal_*`.
collectDefaultMetrics({ register: metricsRegistry, prefix: 'synthorg_' });

const modelCalls = new Counter({
  name: 'synthorg_model_calls_total',
  help: 'Model calls paid for (one per ledger row this worker wrote; a retried step that reused its answer is not counted).',
  labelNames: ['company', 'agent', 'model'] as const,
  registers: [metricsRegistry],
});

const modelTokens = new Counter({
  name: 'synthorg_model_tokens_total',
  help: 'Tokens of model calls, by direction (input or output).',
  labelNames: ['company', 'agent', 'model', 'direction'] as const,
  registers: [metricsRegistry],
});

const modelCost = new Counter({
  name: 'synthorg_model_cost_usd_total',
  help: 'Cost of model calls in USD, as the ledger charged it (the offline model has simulated prices).',
  labelNames: ['company', 'agent', 'model'] as const,
  registers: [metricsRegistry],
});

const sandboxRuns = new Counter({
  name: 'synthorg_sandbox_runs_total',
  help: 'Sandboxed code runs, by language and outcome (ok: exit 0 within every limit).',
  labelNames: ['company', 'language', 'outcome'] as const,
  registers: [metricsRegistry],
});

const sandboxLimitsHit = new Counter({
  name: 'synthorg_sandbox_limits_hit_total',
  help: 'Sandbox limits a run hit (time, memory, output, processes ...).',
  labelNames: ['company', 'limit'] as const,
  registers: [metricsRegistry],
});

const memoryRecall = new Histogram({
  name: 'synthorg_memory_recall_seconds',
  help: 'Latency of hybrid memory recall, by caller (agent step or operator search).',
  labelNames: ['caller'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** One model call that was paid for and written to the ledger. */
export function countModelCall(call: {
  companyId: string;
  agentId: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}): void {
  const labels = { company: call.companyId, agent: call.agentId, model: call.model };
  modelCalls.inc(labels);
  modelTokens.inc({ ...labels, direction: 'input' }, call.inputTokens);
  modelTokens.inc({ ...labels, direction: 'output' }, call.outputTokens);
  modelCost.inc(labels, call.costUsd);
}

/** One sandbox run and the limits it hit. */
export function countSandboxRun(run: { companyId: string; language: string; ok: boolean; limitsHit: string[] }): void {
  sandboxRuns.inc({ company: run.companyId, language: run.language, outcome: run.ok ? 'ok' : 'failed' });
  for (const limit of run.limitsHit) sandboxLimitsHit.inc({ company: run.companyId, limit });
}

/** Times a recall (failed ones too: a slow failure is still latency an agent waited for). */
export async function timeRecall<T>(caller: 'agent_step' | 'search', recall: () => Promise<T>): Promise<T> {
  const stop = memoryRecall.startTimer({ caller });
  try {
    return await recall();
  } finally {
    stop();
  }
}
