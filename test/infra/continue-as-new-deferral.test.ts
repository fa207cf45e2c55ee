import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationGaps } from '../../bench/continue-as-new-gaps.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer, workflowIdReuseMinimalIntervalKey } from '../../src/temporal/dev-server.ts';
import type { DevServer, DevServerOptions } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { serverDefaultIntervalConfig } from '../helpers/server-default-interval.ts';
import { quietRuntime } from '../helpers/synthorg-env.ts';

/**
 * The embedded stack's dev server puts no floor under a continued run's first-task backoff
 * (src/temporal/dev-server.ts, docs/faults-and-load-rounds.md, "Twenty-third round"): with the server's default minimal
 * interval between runs of a workflow id (1 s), a run that continued within a second of its start has its successor's
 * first workflow task deferred by the rest of that second. The server writes the backoff it chose into the new run's
 * WorkflowExecutionStarted event, so the tests read the decision itself, not a timing.
 */
const workflowsPath = fileURLToPath(new URL('../../bench/continue-as-new-workflow.ts', import.meta.url));
/** Continues in a chain: each run continues in its first workflow task (it lives a few ms). */
const continues = 3;

let scratch: string;
let cliPath: string;
let workflowBundle: { code: string };
const servers: DevServer[] = [];

beforeAll(async () => {
  quietRuntime();
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-continue-as-new-'));
  cliPath = await findTemporalCli({ install: true });
  workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: silentLogger });
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
  await rm(scratch, { recursive: true, force: true });
});

async function start(name: string, dynamicConfig?: DevServerOptions['dynamicConfig']): Promise<DevServer> {
  const server = await startDevServer({
    cliPath,
    dbFile: join(scratch, name, 'temporal.sqlite'),
    port: await findFreePort(),
    headless: true,
    ...(dynamicConfig ? { dynamicConfig } : {}),
  });
  servers.push(server);
  return server;
}

/** The first-task backoff (ms) the server recorded for each continued run of one chain. */
async function chainBackoffs(server: DevServer): Promise<number[]> {
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const taskQueue = 'continue-as-new-chain';
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle,
      activities: { holdFor: async () => {} },
    });
    const workflowId = `chain-${Date.now()}`;
    const handle = await client.workflow.start('continueAsNewChainWorkflow', {
      taskQueue,
      workflowId,
      args: [continues, 0],
    });
    await worker.runUntil(handle.result());
    const gaps = await continuationGaps(client, workflowId, handle.firstExecutionRunId);
    expect(gaps).toHaveLength(continues);
    return gaps.map((gap) => gap.backoffMs);
  } finally {
    await nativeConnection.close();
    await connection.close();
  }
}

describe('a continued run’s first workflow task on the embedded dev server', () => {
  let embedded: DevServer;
  beforeAll(async () => {
    embedded = await start('embedded');
  }, 120_000);

  it('is started with no minimal interval between runs of a workflow id (the process’s own arguments)', async () => {
    const argv = (await readFile(`/proc/${embedded.process.pid}/cmdline`, 'utf8')).split('\0');
    const values = argv.flatMap((arg, index) => (argv[index - 1] === '--dynamic-config-value' ? [arg] : []));
    expect(values).toContain(`${workflowIdReuseMinimalIntervalKey}="0s"`);
  });

  it('schedules a continued run’s first workflow task with no backoff', async () => {
    expect(await chainBackoffs(embedded)).toEqual(Array.from({ length: continues }, () => 0));
  }, 120_000);

  it('is deferred with the server’s default interval (the control: the reading tells them apart)', async () => {
    const backoffs = await chainBackoffs(await start('server-default', serverDefaultIntervalConfig));
    // 1 s less the closed run's lifetime (from its own first task's due time); a run that continued in its first
    // workflow task lives some tens of ms. Only one of the three is required: a loaded machine may stretch one past
    // 1 s.
    expect(backoffs.filter((backoff) => backoff > 0).length, JSON.stringify(backoffs)).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
