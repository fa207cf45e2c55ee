/**
 * Records the shift histories the replay test replays: `node test/replay/record-shift-histories.ts`.
 * A company with a roster (routing, a handoff of a task waiting for approval, a call-in, a swap) and a
 * shift workflow that continues as new. Re-record only for an intended, versioned change (docs/shifts.md).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createSandbox, loadSandboxConfig } from '../../src/sandbox/index.ts';
import { createActivities } from '../../activities/index.ts';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { emptyRoster } from '../../src/domain/shifts/roster.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { shiftTeamTemplate } from '../shifts/shift-templates.ts';

const output = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const directory = await mkdtemp(join(tmpdir(), 'synthorg-record-shifts-'));
const cliPath = await findTemporalCli({ install: true });
const server = await startDevServer({
  cliPath,
  dbFile: join(directory, 'temporal.sqlite'),
  port: await findFreePort(),
  headless: true,
});
const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
const pool = createPool(database.url);
await migrate(pool);
const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: database.url, taskQueue: 'record' };
const connection = await Connection.connect({ address: server.address });
const client = new SynthorgClient(connection, { config, ownsConnection: false });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let handedTaskId = '';
let renewingRunId = '';
try {
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'record',
    workflowsPath,
    activities: createActivities({ pool, config, sandbox: await createSandbox(loadSandboxConfig({})) }),
  });
  await worker.runUntil(async () => {
    const shifts = client.shifts();
    await client.startCompany({ id: 'replay-shifts', template: shiftTeamTemplate({ oversight: 'supervised' }) });
    while ((await shifts.now('replay-shifts')).onDuty.length < 3) await pause(100);
    const root = await client.submitGoal('replay-shifts', 'Deploy the new pricing page');
    let approvals = await client.listApprovals('replay-shifts');
    while (approvals.length === 0) {
      await pause(100);
      approvals = await client.listApprovals('replay-shifts');
    }
    const { taskId, agentId } = approvals[0]!;
    handedTaskId = taskId;
    const incoming = agentId === 'worker' ? 'second' : 'worker';
    await shifts.offDuty('replay-shifts', agentId);
    while ((await client.task('replay-shifts', taskId)).assignee !== incoming) await pause(100);
    await client.waitForTask('replay-shifts', root.id, {
      pollIntervalMs: 200,
      onApproval: (approval) => client.approve('replay-shifts', approval.taskId, 'recorded approval'),
    });
    await shifts.callIn('replay-shifts', agentId, 3_600_000);
    await shifts.swap('replay-shifts', { rotation: 'late', from: 'second', to: 'worker', date: '2099-01-01' });
    await client.stopCompany('replay-shifts');

    // A shift workflow on its own with a tiny history limit: roster changes make it continue as new.
    const renewing = await client.temporal.workflow.start('shiftWorkflow', {
      workflowId: shiftWorkflowId('replay-renewing'),
      taskQueue: 'record',
      args: [
        {
          company: {
            id: 'replay-renewing',
            agents: [
              { id: 'boss', role: 'lead', department: 'ops' },
              { id: 'worker', role: 'engineer', department: 'ops' },
              { id: 'second', role: 'engineer', department: 'ops' },
            ],
            departments: [{ name: 'ops', head: 'boss' }],
          },
          roster: emptyRoster(ShiftsSpec.parse(shiftTeamTemplate().shifts)),
          historyLimit: 30,
        },
      ],
    });
    renewingRunId = renewing.firstExecutionRunId;
    while (!(await shifts.now('replay-renewing')).onDuty.some((duty) => duty.agentId === 'worker')) await pause(100);
    await shifts.offDuty('replay-renewing', 'worker');
    while ((await shifts.now('replay-renewing')).generation === 0) {
      await shifts.callIn('replay-renewing', 'second', 60_000);
    }
    await renewing.signal('stopShifts');
  });
  const save = async (name: string, workflowId: string, runId?: string) => {
    const run = runId ? ['--run-id', runId] : [];
    const { stdout } = await promisify(execFile)(
      cliPath,
      ['workflow', 'show', '--workflow-id', workflowId, ...run, '--output', 'json', '--address', server.address],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    await writeFile(join(output, `shifts-${name}.json`), stdout);
    process.stdout.write(`recorded ${name} (${(JSON.parse(stdout) as { events: unknown[] }).events.length} events)\n`);
  };
  await save('company', companyWorkflowId('replay-shifts'));
  await save('task-root', taskWorkflowId('replay-shifts', 't1'));
  if (handedTaskId !== 't1') await save('task-handed-over', taskWorkflowId('replay-shifts', handedTaskId));
  await save('shift-workflow', shiftWorkflowId('replay-shifts'));
  await save('shift-workflow-continued', shiftWorkflowId('replay-renewing'), renewingRunId);
} finally {
  await nativeConnection.close();
  await connection.close();
  await pool.end();
  await database.stop();
  await server.stop('SIGINT');
  await rm(directory, { recursive: true, force: true });
}
