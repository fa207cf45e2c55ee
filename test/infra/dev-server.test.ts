import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyIdKey, customSearchAttributes } from '../../src/domain/search-attributes.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { DevServerStartError, startDevServer, type DevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';

// temporal.api.enums.v1.IndexedValueType, as the operator service reports it.
const indexedValueType = { Keyword: 2, Double: 4 } as const;
const namespace = 'synthorg-dev-server-test';

let cliPath: string;
let scratch: string;
const running: DevServer[] = [];

beforeAll(async () => {
  cliPath = await findTemporalCli({ install: true });
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-dev-server-'));
});
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop('SIGKILL')));
  await rm(scratch, { recursive: true, force: true });
});

async function start(dbFile: string, port: number): Promise<DevServer> {
  const server = await startDevServer({ cliPath, dbFile, port, headless: true, namespace });
  running.push(server);
  return server;
}

async function withClient<T>(address: string, use: (client: Client, connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await use(new Client({ connection, namespace }), connection);
  } finally {
    await connection.close();
  }
}

describe('startDevServer', () => {
  it('registers the custom search attributes and keeps workflows across a graceful restart', async () => {
    const dbFile = join(scratch, 'nested', 'folder', 'temporal.sqlite');
    const port = await findFreePort();
    const companyId = `acme-${randomUUID()}`;
    const workflowId = `company:${companyId}`;

    const first = await start(dbFile, port);
    expect(first.address).toBe(`127.0.0.1:${port}`);
    expect(first.uiUrl).toBeUndefined();
    await withClient(first.address, async (client, connection) => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      for (const [name, type] of Object.entries(customSearchAttributes)) {
        expect(customAttributes?.[name], name).toBe(indexedValueType[type]);
      }
      // No worker polls this queue: the workflow just waits, durably, in the SQLite file.
      await client.workflow.start('neverRegisteredWorkflow', {
        taskQueue: `no-worker-${randomUUID()}`,
        workflowId,
        typedSearchAttributes: new TypedSearchAttributes([{ key: companyIdKey, value: companyId }]),
      });
    });
    await first.stop();
    expect(first.process.exitCode).toBe(0);

    const second = await start(dbFile, port);
    await withClient(second.address, async (client) => {
      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.type).toBe('neverRegisteredWorkflow');
      expect(description.status.name).toBe('RUNNING');
      expect(description.typedSearchAttributes.get(companyIdKey)).toBe(companyId);

      // Visibility is eventually consistent; give the list a few seconds.
      let listed: string[] = [];
      for (let attempt = 0; attempt < 50 && listed.length === 0; attempt += 1) {
        listed = [];
        for await (const execution of client.workflow.list({ query: `SynthorgCompanyId = '${companyId}'` })) {
          listed.push(execution.workflowId);
        }
        if (listed.length === 0) await sleep(200);
      }
      expect(listed).toEqual([workflowId]);
    });
    await second.stop();
  });

  it('runs SQLite with a write-ahead log, and a SIGKILLed server keeps every workflow it acknowledged', async () => {
    const dbFile = join(scratch, 'wal', 'temporal.sqlite');
    const port = await findFreePort();
    const prefix = `killed-${randomUUID()}`;
    const first = await start(dbFile, port);
    // journal_mode=wal keeps a -wal file beside the database while it is open.
    expect(existsSync(`${dbFile}-wal`)).toBe(true);
    const ids = Array.from({ length: 20 }, (_, index) => `${prefix}-${index}`);
    await withClient(first.address, async (client) => {
      for (const workflowId of ids) {
        await client.workflow.start('neverRegisteredWorkflow', { taskQueue: `no-worker-${prefix}`, workflowId });
      }
    });
    // synchronous=normal: commits are not fsynced one by one, but a killed process loses none of them.
    await first.stop('SIGKILL');
    const second = await start(dbFile, port);
    await withClient(second.address, async (client) => {
      for (const workflowId of ids) {
        expect((await client.workflow.getHandle(workflowId).describe()).status.name, workflowId).toBe('RUNNING');
      }
    });
    await second.stop();
  });

  it('refuses a port that is already taken, before spawning anything', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const started = startDevServer({ cliPath, dbFile: join(scratch, 'taken.sqlite'), port, headless: true });
      await expect(started).rejects.toBeInstanceOf(DevServerStartError);
      await expect(started).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('reports an early exit with the tail of the server log', async () => {
    const broken = join(scratch, 'broken-temporal');
    await writeFile(broken, '#!/bin/sh\necho "fatal: cannot open database (pretend)" >&2\nexit 3\n');
    await chmod(broken, 0o755);
    const started = startDevServer({
      cliPath: broken,
      dbFile: join(scratch, 'broken', 'temporal.sqlite'),
      port: await findFreePort(),
      headless: true,
    });
    await expect(started).rejects.toThrow(/exited early \(code 3\)[\s\S]*fatal: cannot open database \(pretend\)/);
  });
});
