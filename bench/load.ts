/**
 * `npm run bench -- load [--tasks 1000] [--admission direct|company] [--admit-concurrency 32]`: issue 15's
 * load run. One company on real PostgreSQL and one `synthorg worker` process takes `--tasks` goals, each one
 * agent task (no decomposition), admitted `--admit-concurrency` at a time and then in flight together.
 * `direct` (the default) starts each goal's task from the client (docs/faults-and-load-rounds.md, "Direct
 * admission"); `company` sends each goal through the company workflow's update, two at a time. It reports throughput and
 * task latency (created → ended, from the tasks projection), the worker's RSS over the run, the company
 * workflow's runs and history length (continue-as-new keeps each run bounded), and whether the Temporal
 * Web UI's list query by search attribute finds every task. Offline model (a deterministic simulator): the
 * numbers measure orchestration, not an LLM.
 *
 * The company under a burst (docs/faults-and-load-rounds.md, "Sixth round"): `--company-history-limit N` starts the
 * company with that limit instead of the deployed one (2,000), so a few hundred tasks make it continue as
 * new several times; `--worker-checkout DIR` runs the worker from another checkout (e.g. the code before a
 * change, `git archive main | tar -x -C DIR` with node_modules linked), so old and new run the same bench.
 * `--company-priority N` starts it at that Temporal task priority (1 first; with the history limit only).
 * The report gives each company run's events, the workflow tasks the server failed (by cause), the longest
 * a company workflow task waited to be picked up and the most events that arrived between two of them.
 * `--company-histories DIR` also writes each company run's history there as JSON (`run-<n>.json`, the
 * Temporal Web UI's download format), to read where a long wait or a failed workflow task happened.
 * Every 2 s it also reads whether the company has a workflow task waiting 5 s or more and, if so, its queue's
 * backlog (bench/company-task-probe.ts): a wait with backlog 0 was not in matching.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { companyWorkflowId } from '../src/domain/ids.ts';
import { companyWorkflowTaskTimeout } from '../src/client/company-run-limits.ts';
import { CompanyTemplate } from '../src/config/schemas.ts';
import { snapshotFromTemplate } from '../src/domain/company.ts';
import { companyIdKey } from '../src/domain/search-attributes.ts';
import type { CompanyWorkflowInput } from '../workflows/contracts/company.ts';
import { readyUpdate, viewQuery } from '../workflows/contracts/company.ts';
import { runChain } from '../test/helpers/company-runs.ts';
import { startBenchStack } from './postgres-stack.ts';
import { installRuntime } from '../src/temporal/runtime.ts';
import { duoTemplate } from '../test/helpers/templates.ts';
import { percentile } from './stats.ts';
import { describeWaits, readWaitingTask } from './company-task-probe.ts';
import type { WaitingTaskReading } from './company-task-probe.ts';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string' },
    admission: { type: 'string', default: 'direct' },
    'admit-concurrency': { type: 'string' },
    // Stop here and report what happened so far (the run exits 1 when not every task ended).
    'max-minutes': { type: 'string' },
    'company-history-limit': { type: 'string' },
    'worker-checkout': { type: 'string' },
    'company-priority': { type: 'string' },
    'company-histories': { type: 'string' },
  },
});
const tasks = Number(values.tasks ?? 1000);
if (!Number.isInteger(tasks) || tasks < 1) {
  process.stderr.write(`bench load: --tasks must be a positive integer, got ${values.tasks}\n`);
  process.exit(2);
}
const direct = values.admission === 'direct';
if (!direct && values.admission !== 'company') {
  process.stderr.write(`bench load: --admission must be "direct" or "company", got ${values.admission}\n`);
  process.exit(2);
}
// Through the company more than two in flight only queue at the server (docs/faults-and-load.md).
const admitConcurrency = Number(values['admit-concurrency'] ?? (direct ? 32 : 2));
if (!Number.isInteger(admitConcurrency) || admitConcurrency < 1) {
  process.stderr.write(`bench load: --admit-concurrency must be a positive integer\n`);
  process.exit(2);
}
const companyHistoryLimit = values['company-history-limit'] ? Number(values['company-history-limit']) : undefined;
if (companyHistoryLimit !== undefined && (!Number.isInteger(companyHistoryLimit) || companyHistoryLimit < 50)) {
  process.stderr.write(`bench load: --company-history-limit must be an integer of at least 50\n`);
  process.exit(2);
}
const workerCheckout = values['worker-checkout'];
const deadline = values['max-minutes'] ? Date.now() + Number(values['max-minutes']) * 60_000 : Infinity;
const pastDeadline = () => Date.now() > deadline;
const companyId = 'load';
const terminal = ['COMPLETED', 'FAILED', 'CANCELLED', 'BLOCKED'];

// SYNTHORG_WORKER_* (src/config/env.ts) reach the worker with the rest of the environment.
const workerTuning = Object.entries(process.env)
  .filter(([name]) => name.startsWith('SYNTHORG_WORKER_'))
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');

installRuntime('ERROR');
const stack = await startBenchStack('load');
const { postgres, server, pool, connection } = stack;
const taskQueue = 'bench-load';
/**
 * The worker, restarted when it dies as a deployment's supervisor would (on this machine Node has aborted
 * a loaded worker with "async hook stack has become corrupted", sdk-typescript#939); each restart is counted.
 */
const workerExits: string[] = [];
let stopping = false;
const startWorker = () => {
  const child = stack.spawnWorker(taskQueue, workerCheckout ? join(workerCheckout, 'workers/main.ts') : undefined);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    workerExits.push(`${signal ?? `exit ${code}`} after ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
    process.stderr.write(`bench load: worker ${signal ?? `exit ${code}`}; starting another\n`);
    worker = startWorker();
  });
  return child;
};
const startedAt = performance.now();
let worker = startWorker();
const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: postgres.url, taskQueue };
const client = new SynthorgClient(connection, {
  config,
  ownsConnection: false,
  // A worker running a thousand tasks on a starved machine answers the company's queries late, not never.
  queryTimeoutMs: 900_000,
});

/** The worker's resident set in MiB, from /proc (Linux). */
async function workerRssMiB(): Promise<number | undefined> {
  const status = await readFile(`/proc/${worker.pid}/status`, 'utf8').catch(() => '');
  const kib = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) / 1024;
}

const samples: { atS: number; ended: number; rssMiB: number }[] = [];
let sampler: NodeJS.Timeout | undefined;
try {
  const template = duoTemplate({ oversight: 'full', budgetUsd: 100_000, policies: { maxDecompositionDepth: 0 } });
  if (companyHistoryLimit === undefined) await client.startCompany({ id: companyId, template });
  else {
    // As startCompany does, with the limit given (no memory schedule: the bench does not consolidate).
    const handle = await client.temporal.workflow.start('companyWorkflow', {
      workflowId: companyWorkflowId(companyId),
      taskQueue,
      args: [
        {
          company: snapshotFromTemplate(companyId, CompanyTemplate.parse(template)),
          historyLimit: companyHistoryLimit,
        } satisfies CompanyWorkflowInput,
      ],
      workflowTaskTimeout: companyWorkflowTaskTimeout,
      typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
      // Temporal task priority (1 first, 3 the default): its workflow tasks ahead of the tasks' in a backlog.
      ...(values['company-priority'] ? { priority: { priorityKey: Number(values['company-priority']) } } : {}),
    });
    await handle.executeUpdate(readyUpdate);
  }
  // The worker has bundled its workflows once the company answers; timing starts here.
  for (;;) {
    const answered = await client.status(companyId).then(
      () => true,
      () => false,
    );
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const started = performance.now();
  let ended = 0;
  let open = 0;
  let peakInFlight = 0;
  let reported = 0;
  let lastLineS = 0;
  const loads: number[] = [];
  const waits: WaitingTaskReading[] = [];
  const sample = async (): Promise<void> => {
    const { rows } = await pool.query<{ ended: number; open: number }>(
      `SELECT count(*) FILTER (WHERE status = ANY($2))::int AS ended, count(*) FILTER (WHERE NOT status = ANY($2))::int AS open
         FROM tasks WHERE company_id = $1`,
      [companyId, terminal],
    );
    ended = rows[0]?.ended ?? 0;
    open = rows[0]?.open ?? 0;
    const waiting = await readWaitingTask(client.temporal, companyWorkflowId(companyId)).catch(() => undefined);
    if (waiting) waits.push(waiting);
    peakInFlight = Math.max(peakInFlight, open);
    const rssMiB = await workerRssMiB();
    const atS = (performance.now() - started) / 1000;
    if (rssMiB !== undefined) samples.push({ atS, ended, rssMiB });
    // The machine is shared: a figure is only as good as the load it was measured under.
    loads.push(loadavg()[0] ?? Number.NaN);
    // A line every 100 ended or every minute, so a run cut short still shows its progress and memory.
    if (Math.floor(ended / 100) > reported || atS - lastLineS >= 60) {
      reported = Math.floor(ended / 100);
      lastLineS = atS;
      process.stderr.write(
        `bench load: ${atS.toFixed(0)} s: ${ended} ended, ${open} open, worker RSS ${rssMiB?.toFixed(0)} MiB, load ${loads.at(-1)?.toFixed(1)}\n`,
      );
    }
  };
  let sampling = false;
  sampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void sample().finally(() => (sampling = false));
  }, 2_000);

  let next = 0;
  let retriedSubmissions = 0;
  const submitOne = async (): Promise<void> => {
    while (next < tasks && !pastDeadline()) {
      const number = next++;
      const submit = () =>
        client.submitGoal(companyId, `Sort inbox batch ${number + 1}`, direct ? { goalId: `load-${number + 1}` } : {});
      // With a goal id a retry is the same goal (docs/faults-and-load-rounds.md, "Direct admission"), so a
      // submission that timed out at a busy server is sent again, as a client would.
      for (let attempt = 1; ; attempt++) {
        try {
          await submit();
          break;
        } catch (error) {
          if (!direct || attempt >= 5 || pastDeadline()) throw error;
          retriedSubmissions++;
          process.stderr.write(`bench load: goal ${number + 1} again after: ${String(error)}\n`);
          await new Promise((resolve) => setTimeout(resolve, 5_000));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: admitConcurrency }, submitOne));
  const admitted = next;
  const admittedS = (performance.now() - started) / 1000;
  process.stderr.write(
    `bench load: ${admitted} goals admitted in ${admittedS.toFixed(1)} s (${direct ? 'direct' : 'through the company'}, ${admitConcurrency} at a time, ${retriedSubmissions} submissions sent again)\n`,
  );
  // Delegated subtasks count too: done when every task row has ended.
  while ((ended < tasks || open > 0) && !pastDeadline()) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await sample();
  }
  clearInterval(sampler);
  const totalS = (performance.now() - started) / 1000;
  // How far the company's own view lags its tasks: until it has heard every ending (docs/faults-and-load-rounds.md,
  // "Sixth round"). Its runs are read after this, when it has settled.
  let companyLagS = Number.NaN;
  while (!pastDeadline()) {
    // A company busy with its backlog answers late; a query that times out is asked again.
    const view = await client.temporal.workflow
      .getHandle(companyWorkflowId(companyId))
      .query(viewQuery)
      .catch(() => undefined);
    if (view?.tasks.every((task) => terminal.includes(task.status))) {
      companyLagS = (performance.now() - started) / 1000 - totalS;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }

  const { rows: latency } = await pool.query<{ seconds: number }>(
    `SELECT extract(epoch FROM updated_at - created_at)::float8 AS seconds FROM tasks
      WHERE company_id = $1 AND status = ANY($2)`,
    [companyId, terminal],
  );
  const { rows: statuses } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM tasks WHERE company_id = $1 GROUP BY status ORDER BY status',
    [companyId],
  );
  const seconds = latency.map((row) => row.seconds).sort((a, b) => a - b);
  let firstRun: { runId: string; startTime: Date } | undefined;
  for await (const run of client.temporal.workflow.list({ query: `WorkflowId = '${companyWorkflowId(companyId)}'` })) {
    if (!firstRun || run.startTime < firstRun.startTime) firstRun = run;
  }
  const companyRuns = firstRun ? await runChain(client.temporal, companyWorkflowId(companyId), firstRun.runId) : [];
  if (values['company-histories']) {
    const dir = values['company-histories'];
    await mkdir(dir, { recursive: true });
    for (const [index, run] of companyRuns.entries()) {
      const history = await client.temporal.workflow.getHandle(companyWorkflowId(companyId), run.runId).fetchHistory();
      await writeFile(join(dir, `run-${index + 1}.json`), historyToJSON(history));
    }
    process.stderr.write(`bench load: ${companyRuns.length} company histories written to ${dir}\n`);
  }
  const companyEvents = companyRuns.reduce((sum, run) => sum + run.events, 0);
  const failedTasks: Record<string, number> = {};
  for (const run of companyRuns) {
    for (const [cause, count] of Object.entries(run.failedWorkflowTasks))
      failedTasks[cause] = (failedTasks[cause] ?? 0) + count;
  }
  // The Web UI lists a company's tasks with this visibility query.
  const listed = await client.temporal.workflow.count(
    `SynthorgCompanyId = '${companyId}' AND WorkflowType = 'agentTaskWorkflow'`,
  );
  const rss = samples.map((each) => each.rssMiB);
  // About a dozen evenly spaced samples show whether memory grows with the run.
  const rssOverRun = () => {
    const every = Math.max(1, Math.ceil(samples.length / 12));
    return samples
      .filter((_, index) => index % every === 0 || index === samples.length - 1)
      .map((each) => `${each.atS.toFixed(0)}: ${each.rssMiB.toFixed(0)}, ${each.ended}`);
  };
  const at = (fraction: number) => samples.find((each) => each.ended >= tasks * fraction)?.rssMiB ?? Number.NaN;

  const lines = [
    ...(pastDeadline()
      ? [`STOPPED at --max-minutes=${values['max-minutes']}: ${admitted} of ${tasks} goals admitted`]
      : []),
    `admission: ${direct ? 'direct (client starts the task)' : 'through the company workflow'}, ${admitConcurrency} at a time`,
    `worker tuning: ${workerTuning || 'SDK defaults'}; submissions sent again after an error: ${retriedSubmissions}`,
    `${tasks} goals, ${ended} tasks ended (${statuses.map((row) => `${row.n} ${row.status}`).join(', ')}) in ${totalS.toFixed(1)} s: ${((ended / totalS) * 60).toFixed(1)} tasks/min ended; admission ${admittedS.toFixed(1)} s; peak in flight ${peakInFlight}`,
    `task latency created → ended: p50 ${percentile(seconds, 50).toFixed(1)} s, p95 ${percentile(seconds, 95).toFixed(1)} s, max ${(seconds.at(-1) ?? 0).toFixed(1)} s`,
    `worker processes that died and were replaced: ${workerExits.length}${workerExits.length > 0 ? ` (${workerExits.join('; ')})` : ''}`,
    `worker RSS over the run (s: MiB, ended): ${rssOverRun().join('  ')}`,
    `worker RSS MiB: min ${Math.min(...rss).toFixed(0)}, max ${Math.max(...rss).toFixed(0)}; at 10% ended ${at(0.1).toFixed(0)}, 50% ${at(0.5).toFixed(0)}, 100% ${at(1).toFixed(0)} (${rss.length} samples)`,
    `company workflow (history limit ${companyHistoryLimit ?? 'as deployed'}): ${companyRuns.length} runs (continue-as-new), largest ${Math.max(0, ...companyRuns.map((run) => run.events))} events, ${companyEvents} events in all runs; workflow tasks failed: ${
      Object.entries(failedTasks)
        .map(([cause, count]) => `${cause} ${count}`)
        .join(', ') || 'none'
    }; longest workflow task ${Math.max(0, ...companyRuns.map((run) => run.longestWorkflowTaskMs))} ms, longest wait for one ${Math.max(0, ...companyRuns.map((run) => run.longestScheduleToStartMs))} ms, largest step between two ${Math.max(0, ...companyRuns.map((run) => run.largestStep))} events`,
    `while it ran, ${describeWaits(waits)}`,
    `company runs (events): ${companyRuns.map((run) => run.events).join(' ')}; its view heard the last ending ${companyLagS.toFixed(1)} s after the tasks table`,
    `load average (1 min) over the run: min ${Math.min(...loads).toFixed(1)}, median ${percentile(
      [...loads].sort((a, b) => a - b),
      50,
    ).toFixed(1)}, max ${Math.max(...loads).toFixed(1)}`,
    `Web UI list by SynthorgCompanyId: ${listed.count} task workflows (of ${tasks})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (listed.count < tasks || ended < tasks) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`bench load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  clearInterval(sampler);
  stopping = true;
  worker.kill('SIGKILL');
  await stack.stop();
}
