import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBenchTemporal } from '../../bench/bench-temporal.ts';
import { metricsGrowth, metricsTables, parseMetrics, scrapeMetrics } from '../../bench/server-metrics.ts';
import { serverPart } from '../../bench/server-perf.ts';
import { until } from '../helpers/until.ts';

// A slice of the dev server's /metrics page (temporal CLI 1.8.2), two task queues of one operation among them.
const page = `# HELP persistence_requests persistence_requests counter
# TYPE persistence_requests counter
persistence_requests{namespace="default",operation="UpdateWorkflowExecution",service_name="history",taskqueue="a"} 3
persistence_requests{namespace="default",operation="UpdateWorkflowExecution",service_name="history",taskqueue="b"} 4
persistence_requests{namespace="default",operation="CreateTasks",service_name="matching",taskqueue="a"} 2
# HELP service_latency service_latency histogram
# TYPE service_latency histogram
service_latency_bucket{operation="PollWorkflowTaskQueue",service_name="frontend",le="0.001"} 1
service_latency_sum{operation="PollWorkflowTaskQueue",service_name="frontend"} 0.25
service_latency_count{operation="PollWorkflowTaskQueue",service_name="frontend"} 5
# HELP num_goroutines num_goroutines gauge
# TYPE num_goroutines gauge
num_goroutines{service_name="history"} 812
`;

describe('the dev server metrics of the step benches', () => {
  it('keeps counters and histogram sums and counts, summed over the labels it does not tell by', () => {
    const sample = parseMetrics(page);
    expect(sample.get('persistence_requests{operation="UpdateWorkflowExecution",service_name="history"}')).toBe(7);
    expect(sample.get('persistence_requests{operation="CreateTasks",service_name="matching"}')).toBe(2);
    expect(sample.get('service_latency_sum{operation="PollWorkflowTaskQueue",service_name="frontend"}')).toBe(0.25);
    expect(sample.get('service_latency_count{operation="PollWorkflowTaskQueue",service_name="frontend"}')).toBe(5);
    // A gauge cannot be subtracted into a per-step figure, nor can a bucket be told as one.
    expect([...sample.keys()].some((key) => key.startsWith('num_goroutines'))).toBe(false);
    expect([...sample.keys()].some((key) => key.includes('_bucket'))).toBe(false);
    expect(sample.size).toBe(4);
  });

  it('tells what grew between two scrapes, a series first seen counting from zero', () => {
    const before = parseMetrics(page);
    const after = parseMetrics(
      page
        .replace('taskqueue="a"} 3', 'taskqueue="a"} 10')
        .concat('persistence_requests{operation="GetTimerTasks",service_name="history"} 6\n'),
    );
    const grown = metricsGrowth(after, before);
    expect(Object.fromEntries(grown)).toEqual({
      'persistence_requests{operation="UpdateWorkflowExecution",service_name="history"}': 7,
      'persistence_requests{operation="GetTimerTasks",service_name="history"}': 6,
    });
  });

  it('prints each family in full, latencies in milliseconds', () => {
    const table = metricsTables(['raw', 'SynthOrg'], [parseMetrics(page), parseMetrics(page)], 10);
    expect(table).toMatch(/7\.000\s+7\.000\s+persistence_requests\{operation="UpdateWorkflowExecution"/);
    expect(table).toMatch(/250\.000\s+250\.000\s+service_latency_sum\{operation="PollWorkflowTaskQueue"/);
  });

  it('counts a perf sample in the part of the server its stack names, garbage collection first', () => {
    expect(serverPart(['runtime.memmove', 'modernc.org/sqlite/lib._sqlite3VdbeExec', 'runtime.goexit'])).toBe(
      'SQLite (modernc, pure Go)',
    );
    expect(serverPart(['runtime.scanObject', 'runtime.gcDrain', 'runtime.gcBgMarkWorker'])).toBe(
      'Go: garbage collection (background marking)',
    );
    expect(serverPart(['kernel:finish_task_switch.isra.0', 'runtime.futex', 'runtime.findRunnable'])).toBe(
      'Go: scheduler (finding work, idle, spinning)',
    );
    expect(
      serverPart(['kernel:do_syscall_64', 'syscall.Syscall', 'go.temporal.io/server/service/history.(*x).y']),
    ).toBe('syscalls (in the kernel)');
  });

  it('reads a dev server started with its metrics port, whose frontend counted the bench connecting', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'synthorg-server-metrics-'));
    try {
      const temporal = await startBenchTemporal(directory, { metrics: true });
      try {
        expect(temporal.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
        // The readiness check asked the frontend for its system info and the namespace before the bench connected.
        // The server reports its counters on an interval, so under load the first scrape can come before the count.
        let frontend: [string, number][] = [];
        await until(
          "the frontend's count of GetSystemInfo requests on /metrics",
          async () => {
            const sample = await scrapeMetrics(temporal.metricsUrl ?? '');
            frontend = [...sample].filter(
              ([key]) => key.startsWith('service_requests{') && key.includes('service_name="frontend"'),
            );
            return frontend.some(([key, value]) => key.includes('operation="GetSystemInfo"') && value >= 1);
          },
          {
            timeoutMs: 30_000,
            describe: () => `frontend requests counted: ${frontend.map(([key]) => key).join(', ') || 'none'}`,
          },
        );
      } finally {
        await temporal.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
