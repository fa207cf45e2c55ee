/**
 * `npm run bench -- shifts [--days=30]`: a company of 20 agents in 3 rotations (a lead in none) on
 * Temporal's time-skipping server for N simulated days, two goals a day, engineers' risky actions
 * waiting for approvals across shift ends (so work is handed over). Prints wall time, handoffs,
 * history events of the shift workflow per simulated day, the runs (continue-as-new) and the largest
 * run of the shift and company workflows, and model calls by off-duty agents (must be 0). The model
 * is the offline simulator.
 */
import { Context } from '@temporalio/activity';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection.js';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createActivities } from '../activities/index.ts';
import type { AgentStepInput } from '../src/domain/agent-action.ts';
import { companyHistoryLimit, companyWorkflowTaskTimeout } from '../src/client/company-run-limits.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { CompanyTemplate } from '../src/config/schemas.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { snapshotFromTemplate } from '../src/domain/company.ts';
import { shiftIntervals } from '../src/domain/shifts/calendar.ts';
import { shiftWorkflowId } from '../src/domain/shifts/ids.ts';
import { emptyRoster, onDutyAt } from '../src/domain/shifts/roster.ts';
import { zoneOffsetAt } from '../src/domain/shifts/zone-offset.ts';
import { companyIdKey, customSearchAttributes } from '../src/domain/search-attributes.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { findTimeSkippingServer } from '../src/temporal/test-server-binary.ts';
import { installRuntime, silentLogger } from '../src/temporal/runtime.ts';
import { OrphanedChildLocks } from '../test/helpers/orphaned-child-locks.ts';
import { workflowsPath } from '../workers/worker.ts';
import { readyUpdate, viewQuery } from '../workflows/contracts/company.ts';

const days = Number(process.argv.find((arg) => arg.startsWith('--days='))?.slice(7) ?? 30);
const goalsPerDay = 2;
const historyLimit = Number(
  process.argv.find((arg) => arg.startsWith('--company-history-limit='))?.slice(24) ?? companyHistoryLimit,
);
const dayMs = 86_400_000;
const engineers = Array.from({ length: 19 }, (_, index) => `eng-${index + 1}`);
const rotations = [
  { name: 'morning', start: '00:00', end: '08:00', agents: engineers.slice(0, 6) },
  { name: 'day', start: '08:00', end: '16:00', agents: engineers.slice(6, 12) },
  { name: 'night', start: '16:00', end: '00:00', agents: engineers.slice(12) },
];
const template = CompanyTemplate.parse({
  name: 'shift-bench',
  version: '1.0.0',
  company: { monthlyBudgetUsd: 1_000, oversight: 'supervised' },
  departments: [{ name: 'ops', head: 'lead', budgetShare: 1 }],
  agents: [
    { id: 'lead', name: 'Lee', role: 'Operations Lead', department: 'ops', seniority: 'lead', model: 'offline' },
    ...engineers.map((id) => ({
      id,
      name: id,
      role: 'Operations Engineer',
      department: 'ops',
      seniority: 'mid',
      model: 'offline',
      reportsTo: 'lead',
    })),
  ],
  policies: {
    maxDecompositionDepth: 1,
    maxChildrenPerTask: 3,
    maxTasksPerGoal: 5,
    approvalTimeout: '5h',
    approvalDefault: 'approve',
  },
  shifts: { timezone: 'UTC', rotations },
});
const roster = emptyRoster(template.shifts!);

installRuntime('ERROR');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const environment = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: await findTimeSkippingServer({ log, config: loadConfig() }) } },
});
const { temporal } = proto;
const types = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};
await environment.connection.operatorService.addSearchAttributes({
  namespace: 'default',
  searchAttributes: Object.fromEntries(
    Object.entries(customSearchAttributes).map(([name, type]) => [name, types[type]]),
  ),
});
const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
const pool = createPool(database.url);
await migrate(pool);
const config = { ...loadConfig({}), taskQueue: 'shift-bench', databaseUrl: database.url };
// The test server (Java gRPC) answers keepalive pings more often than every 5 minutes with GOAWAY
// (too_many_pings); a day-long time-skipping sleep in flight then never returned (seen: the bench hung on
// day 8). This connection pings every 6 minutes, and only during calls.
const connectionOptions: InternalConnectionOptions = {
  address: environment.address,
  channelArgs: { 'grpc.keepalive_time_ms': 360_000, 'grpc.keepalive_permit_without_calls': 0 },
  [InternalConnectionOptionsSymbol]: { supportsTestService: true },
};
const connection = await Connection.connect(connectionOptions);
const skip = async (ms: number) => {
  await connection.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
};
const client = new SynthorgClient(connection, { config, ownsConnection: false });
const orphans = new OrphanedChildLocks(connection);
const sandbox = await createSandbox(loadSandboxConfig({}));
const activities = createActivities({ pool, config, sandbox });
let offDutyCalls = 0;
let workCalls = 0;
const pagedAgents = new Set<string>();
const worker = await Worker.create({
  connection: environment.nativeConnection,
  taskQueue: 'shift-bench',
  workflowBundle: await bundleWorkflowCode({ workflowsPath, logger: silentLogger }),
  activities: {
    ...activities,
    // Checks each model call against the roster at the simulated time it was scheduled.
    agentStep: async (input: AgentStepInput) => {
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      const intervals = shiftIntervals(roster.shifts, at - dayMs, at + dayMs, zoneOffsetAt('UTC'));
      const onDuty = onDutyAt(roster, intervals, at, ['lead', ...engineers]).map((duty) => duty.agentId);
      workCalls++;
      if (!onDuty.includes(input.agent.id) && !pagedAgents.has(input.agent.id)) offDutyCalls++;
      return activities.agentStep(input);
    },
  },
});

const wallStart = performance.now();
await worker.runUntil(async () => {
  // Started with the limits startCompany uses (src/client/company-run-limits.ts; the history limit can be
  // set with --company-history-limit), without its memory-consolidation Schedule (this server has none).
  await client.temporal.workflow.start('companyWorkflow', {
    workflowId: 'company:bench',
    taskQueue: config.taskQueue,
    args: [{ company: snapshotFromTemplate('bench', template), historyLimit }],
    workflowTaskTimeout: companyWorkflowTaskTimeout,
    typedSearchAttributes: [{ key: companyIdKey, value: 'bench' }],
  });
  await client.temporal.workflow.getHandle('company:bench').executeUpdate(readyUpdate);
  // Goals outlive the company run that took them; the test server leaks a time-skipping lock for each that
  // closes after it (and for signals in flight at a continue-as-new), which stopped time: released here.
  await orphans.watch('company:bench');
  const shiftRun = (await client.temporal.workflow.getHandle(shiftWorkflowId('bench')).describe()).runId;
  const companyRun = (await client.temporal.workflow.getHandle('company:bench').describe()).runId;
  for (let day = 0; day < days; day++) {
    for (let goal = 0; goal < goalsPerDay; goal++) {
      await client.submitGoal('bench', `Deploy release ${day}.${goal} of the status page`);
    }
    await skip(dayMs);
    log(`day ${day + 1}/${days} after ${((performance.now() - wallStart) / 1000).toFixed(0)} s`);
  }
  // Let the last goals finish (approvals time out to approve after 5 simulated hours).
  await skip(dayMs);
  const view = await client.temporal.workflow.getHandle('company:bench').query(viewQuery);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const shiftRuns = await runsOf(shiftWorkflowId('bench'), shiftRun);
  const companyRuns = await runsOf('company:bench', companyRun);
  const events = shiftRuns.events;
  const handoffs = await pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM ledger WHERE company_id = 'bench' AND call_key LIKE '%#handoff-%'`,
  );
  // The tasks table, not the company view: a company keeps only its newest 200 finished tasks in its state.
  const taskRows = await pool.query<{ goals: number; tasks: number; completed: number }>(
    `SELECT count(*) FILTER (WHERE parent_id IS NULL)::int AS goals, count(*)::int AS tasks,
            count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed
       FROM tasks WHERE company_id = 'bench'`,
  );
  const { goals, tasks, completed } = taskRows.rows[0]!;
  process.stdout.write(
    [
      `simulated days: ${days}, rotations: ${rotations.length}, agents: ${template.agents.length} (offline model simulator)`,
      `wall time: ${wallSeconds.toFixed(1)} s (${(wallSeconds / days).toFixed(2)} s per simulated day)`,
      `goals: ${days * goalsPerDay} submitted, ${goals} recorded; tasks: ${tasks}, completed: ${completed}; company generation ${view.generation}`,
      `handoffs: ${handoffs.rows[0]?.count ?? 0}`,
      `shift workflow: ${events} history events in ${shiftRuns.runs} runs, ${(events / (days + 1)).toFixed(1)} per simulated day; largest run ${shiftRuns.largestEvents} events, ${(shiftRuns.largestBytes / 1024).toFixed(0)} KiB`,
      `company workflow (history limit ${historyLimit}): ${companyRuns.events} history events in ${companyRuns.runs} runs; largest run ${companyRuns.largestEvents} events, ${(companyRuns.largestBytes / 1024).toFixed(0)} KiB`,
      `test-server time-skipping locks released: ${orphans.released} (${orphans.orphanCloses} of them children closing after the company run that started them)`,
      `model calls: ${workCalls}, by off-duty agents: ${offDutyCalls} (must be 0)`,
    ].join('\n') + '\n',
  );
  if (offDutyCalls > 0) process.exitCode = 1;
});

/** Every run of a workflow from `firstRunId` on, following continue-as-new: events, and the largest run. */
async function runsOf(workflowId: string, firstRunId: string | undefined) {
  const result = { runs: 0, events: 0, largestEvents: 0, largestBytes: 0 };
  for (let runId: string | undefined = firstRunId; runId; result.runs++) {
    const history = await client.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    const length = history.events?.length ?? 0;
    result.events += length;
    result.largestEvents = Math.max(result.largestEvents, length);
    result.largestBytes = Math.max(
      result.largestBytes,
      temporal.api.history.v1.History.encode(history).finish().length,
    );
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return result;
}
await orphans.stop();
await sandbox.close();
await pool.end();
await database.stop();
await connection.close();
await environment.teardown();
