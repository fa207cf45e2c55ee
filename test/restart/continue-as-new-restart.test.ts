import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationGaps } from '../../bench/continue-as-new-gaps.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import type { DevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { quietRuntime } from '../helpers/synthorg-env.ts';

/**
 * Restart-safety of the embedded stack's minimal interval of 0 (docs/faults-and-load-rounds.md, "Twenty-third round"): a
 * continued run's first workflow task is written in the transaction that closes the old run instead of behind a
 * backoff timer. A chain of continue-as-new survives a SIGKILL of the server in its middle: after the restart on the
 * same SQLite file it ends with every run, none lost (the chain would stall) and none twice (one run per count).
 */
const workflowsPath = fileURLToPath(new URL('../../bench/continue-as-new-workflow.ts', import.meta.url));
const continues = 40;
/** Each run holds this long (a local activity), so the chain takes seconds and the kill lands inside it. */
const lifetimeMs = 50;
const taskQueue = 'continue-as-new-restart';

let scratch: string;
let cliPath: string;
let port: number;
let server: DevServer | undefined;
let workflowBundle: { code: string };

beforeAll(async () => {
  quietRuntime();
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-continue-as-new-restart-'));
  cliPath = await findTemporalCli({ install: true });
  port = await findFreePort();
  workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: silentLogger });
}, 120_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(scratch, { recursive: true, force: true });
});

const startServer = (file = 'temporal.sqlite') =>
  startDevServer({ cliPath, dbFile: join(scratch, file), port, headless: true });

/** Runs `use` with a worker on the current server; the worker and its connection are gone afterwards. */
async function withWorker<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const address = (server as DevServer).address;
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle,
      activities: { holdFor: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) },
    });
    return await worker.runUntil(use(new Client({ connection })));
  } finally {
    await nativeConnection.close();
    await connection.close();
  }
}

describe('a continue-as-new chain on the embedded dev server', () => {
  it('survives the server killed with SIGKILL in its middle and restarted on the same SQLite file', async () => {
    server = await startServer();
    const workflowId = 'chain-across-kill';
    const firstRunId = await withWorker(async (client) => {
      const handle = await client.workflow.start('continueAsNewChainWorkflow', {
        taskQueue,
        workflowId,
        args: [continues, lifetimeMs],
      });
      // Some runs in: the chain is past its first run and not finished.
      for (;;) {
        const description = await client.workflow.getHandle(workflowId).describe();
        expect(description.status.name).toBe('RUNNING');
        if (description.runId !== handle.firstExecutionRunId) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return handle.firstExecutionRunId;
    });
    await server.stop('SIGKILL');
    server = await startServer();
    const gaps = await withWorker(async (client) => {
      expect(await client.workflow.getHandle(workflowId).result()).toBe(0);
      return continuationGaps(client, workflowId, firstRunId);
    });
    expect(gaps).toHaveLength(continues);
    expect(gaps.map((gap) => gap.backoffMs)).toEqual(gaps.map(() => 0));
  }, 180_000);
});
