import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { killTestEnvironment, killedWorkerEnvironment } from '../helpers/status-once-answered.ts';
import { stickyWaitsMs } from '../helpers/sticky-waits.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import type { ShiftNow } from '../../workflows/contracts/shifts.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { shiftTeamTemplate } from './shift-templates.ts';
import { untilMatches } from '../helpers/until.ts';

/**
 * Shifts through the real `synthorg` CLI and a real worker process on the shared dev server: a task
 * handed over at a shift change completes once, also when the worker is SIGKILLed in the handoff.
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));
const temporalAddress = inject('temporalAddress');
/**
 * The companies' step heartbeat (SYNTHORG_STEP_HEARTBEAT_SECONDS; its floor, where the kill tests' environment has
 * 10 s), which the handoff note's heartbeat timeout follows (workflows/task-handoff.ts): after the kill, the note is
 * retried this long after the dead worker's last heartbeat. Traced with 10 s: the note's retry started 11 s after
 * it was scheduled (16 s with the note's own 15 s). A live worker that missed it would write the same note again
 * under the same key, which the checks below count.
 */
const stepHeartbeatSeconds = 5;
let database: TestDatabase;
let directory: string;
let templateFile: string;

beforeAll(async () => {
  database = await startTestDatabase();
  directory = await mkdtemp(join(tmpdir(), 'synthorg-shift-cli-'));
  templateFile = join(directory, 'shift-team.json');
  await writeFile(templateFile, JSON.stringify(shiftTeamTemplate({ oversight: 'supervised' })));
});
afterAll(async () => {
  await database?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

function environment(taskQueue: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: database.url,
    SYNTHORG_TASK_QUEUE: taskQueue,
    ...killTestEnvironment,
    SYNTHORG_STEP_HEARTBEAT_SECONDS: `${stepHeartbeatSeconds}`,
    ...extra,
  };
}

function startWorker(taskQueue: string, extra: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [workerEntry], {
    env: environment(taskQueue, extra),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await exited;
}

async function cli(
  taskQueue: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runNode(synthorgBin, args, environment(taskQueue));
}

async function withClient<T>(taskQueue: string, use: (client: SynthorgClient) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const config = { ...loadConfig(killTestEnvironment), temporalAddress, taskQueue };
    return await use(new SynthorgClient(connection, { config, ownsConnection: false }));
  } finally {
    await connection.close();
  }
}

/** Starts the company, submits a risky goal, and sends the agent that asked for approval off duty. */
async function handOverThroughCli(taskQueue: string, companyId: string) {
  const started = await cli(taskQueue, ['company', 'start', companyId, '--template', templateFile]);
  // The worker process may still be bundling: the CLI then says the company starts when it runs.
  expect(started.status).toBe(0);
  await untilMatches(
    'the roster',
    async () => JSON.parse((await cli(taskQueue, ['shift', 'now', companyId, '--json'])).stdout) as ShiftNow,
    (now) => now.onDuty.length === 3,
    { ignoreErrors: true },
  );
  const submitted = await cli(taskQueue, ['task', 'submit', companyId, 'Deploy the new pricing page', '--json']);
  const root = JSON.parse(submitted.stdout) as { id: string };
  const [approval] = await untilMatches(
    'an approval request',
    () => withClient(taskQueue, (client) => client.listApprovals(companyId)),
    (list) => list.length > 0,
    { ignoreErrors: true },
  );
  const leaving = approval!.agentId;
  const off = await cli(taskQueue, ['shift', 'off', companyId, leaving, '--json']);
  expect(off.status).toBe(0);
  expect((JSON.parse(off.stdout) as ShiftNow).onDuty.map((duty) => duty.agentId)).not.toContain(leaving);
  return { rootId: root.id, taskId: approval!.taskId, leaving, incoming: leaving === 'worker' ? 'second' : 'worker' };
}

/** The handed-over task completed once, under its new assignee, with one note in the ledger and one in memory. */
async function expectHandedOverOnce(
  taskQueue: string,
  companyId: string,
  run: Awaited<ReturnType<typeof handOverThroughCli>>,
) {
  await untilMatches(
    'the handoff',
    () => withClient(taskQueue, (client) => client.task(companyId, run.taskId)),
    (task) => task.assignee === run.incoming,
    { ignoreErrors: true },
  );
  const done = await withClient(taskQueue, (client) =>
    client.waitForTask(companyId, run.rootId, {
      pollIntervalMs: 300,
      onApproval: (next) => client.approve(companyId, next.taskId, 'go'),
    }),
  );
  expect(done.status).toBe('COMPLETED');
  const notes = await database.pool.query<{ agent_id: string }>(
    `SELECT agent_id FROM ledger WHERE company_id = $1 AND call_key LIKE '%#handoff-%'`,
    [companyId],
  );
  expect(notes.rows).toEqual([{ agent_id: run.leaving }]);
  const memories = await database.pool.query<{ owner_id: string }>(
    `SELECT owner_id FROM memories WHERE company_id = $1 AND content LIKE 'Handoff note%'`,
    [companyId],
  );
  expect(memories.rows).toEqual([{ owner_id: run.incoming }]);
  await withClient(taskQueue, async (client) => {
    const history = await client.temporal.workflow.getHandle(taskWorkflowId(companyId, run.taskId)).fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((event) => event.workflowExecutionCompletedEventAttributes)).toHaveLength(1);
    // The note's heartbeat timeout follows the company's step heartbeat, not the note's own 15 s.
    const noteHeartbeats = events.flatMap((event) => {
      const scheduled = event.activityTaskScheduledEventAttributes;
      return scheduled?.activityType?.name === 'writeHandoffNote' ? [Number(scheduled.heartbeatTimeout?.seconds)] : [];
    });
    expect(noteHeartbeats).toEqual([stepHeartbeatSeconds]);
    const shown = await cli(taskQueue, ['task', 'show', companyId, run.taskId, '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'COMPLETED', assignee: run.incoming });
  });
}

describe('shifts through the CLI (dev server, worker process)', () => {
  it('a running task handed over at a shift change completes once', { timeout: 240_000 }, async () => {
    const taskQueue = `shift-cli-${Date.now()}`;
    const worker = startWorker(taskQueue);
    try {
      const run = await handOverThroughCli(taskQueue, 'shift-cli');
      await expectHandedOverOnce(taskQueue, 'shift-cli', run);
      const roster = await cli(taskQueue, ['shift', 'roster', 'shift-cli']);
      expect(roster.stdout).toContain(`off duty: ${run.leaving}`);
      const badSwap = await cli(taskQueue, ['shift', 'swap', 'shift-cli', 'worker', 'ghost', '--rotation', 'early']);
      expect([badSwap.status, badSwap.stderr.trim()]).toEqual([2, expect.stringContaining('unknown agent "ghost"')]);
      const pastSwap = await cli(taskQueue, [
        'shift',
        'swap',
        'shift-cli',
        'worker',
        'boss',
        '--rotation',
        'early',
        '--date',
        '2020-01-01',
      ]);
      expect([pastSwap.status, pastSwap.stderr]).toEqual([2, expect.stringContaining('is in the past')]);
      const badRotation = await cli(taskQueue, [
        'shift',
        'swap',
        'shift-cli',
        'worker',
        'boss',
        '--rotation',
        'nights',
      ]);
      expect([badRotation.status, badRotation.stderr]).toEqual([
        2,
        expect.stringContaining('unknown rotation "nights"'),
      ]);
      const badFor = await cli(taskQueue, ['shift', 'call-in', 'shift-cli', 'worker', '--for', 'soon']);
      expect([badFor.status, badFor.stderr]).toEqual([2, expect.stringContaining('bad --for "soon"')]);
      expect((await cli(taskQueue, ['task', 'submit', 'shift-cli', 'x', '--priority', 'asap'])).status).toBe(2);
    } finally {
      await stopWorker(worker);
    }
  });

  it(
    'a worker SIGKILLed during a handoff gives exactly one handoff note and one completion',
    { timeout: 240_000 },
    async () => {
      const taskQueue = `shift-cli-kill-${Date.now()}`;
      // The killed worker with a 2 s sticky-queue timeout: traced without it, the workflow task that took the retried
      // note went to the dead worker's sticky queue and waited out the SDK's 10 s there.
      let worker = startWorker(taskQueue, {
        NODE_ENV: 'test',
        SYNTHORG_FAILPOINT: 'crash-after-handoff-note',
        SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS: killedWorkerEnvironment.SYNTHORG_WORKER_STICKY_TIMEOUT_SECONDS,
      });
      try {
        const died = new Promise<NodeJS.Signals | null>((resolve) =>
          worker.once('exit', (_code, signal) => resolve(signal)),
        );
        const run = await handOverThroughCli(taskQueue, 'shift-kill');
        expect(await died).toBe('SIGKILL');
        worker = startWorker(taskQueue);
        await expectHandedOverOnce(taskQueue, 'shift-kill', run);
        // No workflow task waited out a sticky-queue timeout near the SDK's 10 s (test/helpers/sticky-waits.ts).
        const stickyWaits = await withClient(taskQueue, async (client) =>
          stickyWaitsMs(
            await client.temporal.workflow.getHandle(taskWorkflowId('shift-kill', run.taskId)).fetchHistory(),
          ),
        );
        expect(stickyWaits.filter((waited) => waited >= 5_000)).toEqual([]);
      } finally {
        await stopWorker(worker);
      }
    },
  );

  it('company start warns about a department its shifts leave uncovered with nobody on call', async () => {
    // A worker on this queue, though the warning needs none: without one, each `company start` waits the
    // client's 15 s for a worker to register the company before it answers (two starts: 30 s of the file's time).
    const taskQueue = `shift-cli-warn-${Date.now()}`;
    const worker = startWorker(taskQueue);
    const gaps = join(directory, 'gaps.json');
    await writeFile(
      gaps,
      JSON.stringify({
        ...shiftTeamTemplate(),
        shifts: {
          timezone: 'UTC',
          rotations: [
            { name: 'early', start: '08:00', end: '16:00', agents: ['worker', 'second'] },
            { name: 'lead', start: '09:00', end: '17:00', agents: ['boss'] },
          ],
        },
      }),
    );
    try {
      const started = await cli(taskQueue, ['company', 'start', 'shift-gaps', '--template', gaps, '--json']);
      expect(started.status).toBe(0);
      expect(started.stderr).toMatch(/^synthorg: warning: shifts\.onCall: department "ops" has nobody on duty/m);
      const output = JSON.parse(started.stdout) as { created: boolean; warnings: { path: string; message: string }[] };
      expect(output.created).toBe(true);
      expect(output.warnings).toEqual([
        { path: 'shifts.onCall', message: expect.stringMatching(/^department "ops" has nobody on duty/) },
      ]);
      // A covered roster (the default: everyone in a 24-hour rotation) starts without a word.
      const covered = await cli(taskQueue, ['company', 'start', 'shift-covered', '--template', templateFile, '--json']);
      expect(covered.status).toBe(0);
      expect(covered.stderr).not.toMatch(/warning/);
      expect(JSON.parse(covered.stdout)).not.toHaveProperty('warnings');
    } finally {
      await withClient(taskQueue, async (client) => {
        for (const id of ['company:shift-gaps', 'company:shift-covered'])
          await client.temporal.workflow
            .getHandle(id)
            .terminate('test done')
            .catch(() => undefined);
      });
      await stopWorker(worker);
    }
  });
});
