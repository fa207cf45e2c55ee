/**
 * Records the federation histories the replay test replays: `node test/replay/record-federation-histories.ts`.
 * Two companies (own databases and task queues) on one dev server, the seller served over A2A on
 * loopback; one delegation with a counter-offer. Re-record only for an intended, versioned change.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.ts';
import { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { startA2AServer } from '../../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../../src/federation/company-gateway.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import { createSandbox, loadSandboxConfig } from '../../src/sandbox/index.ts';
import { findTemporalCli } from '../../src/temporal/cli-binary.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import type { BuyerNegotiationInput } from '../../workflows/contracts/negotiation.ts';
import { skilledDuo } from '../federation/federation-fixtures.ts';

const output = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const directory = await mkdtemp(join(tmpdir(), 'synthorg-record-federation-'));
const cliPath = await findTemporalCli({ install: true });
const server = await startDevServer({
  cliPath,
  dbFile: join(directory, 'temporal.sqlite'),
  port: await findFreePort(),
  headless: true,
});
const sandbox = await createSandbox(loadSandboxConfig({}));
const connection = await Connection.connect({ address: server.address });

async function company(taskQueue: string) {
  const database = await startEmbeddedPostgres({ dataDir: 'memory', port: 0 });
  const pool = createPool(database.url);
  await migrate(pool);
  const config = { ...loadConfig({}), temporalAddress: server.address, databaseUrl: database.url, taskQueue };
  const client = new SynthorgClient(connection, { config, ownsConnection: false });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath,
    activities: createActivities({ pool, config, sandbox }),
  });
  return { pool, client, worker, close: () => Promise.all([nativeConnection.close(), pool.end(), database.stop()]) };
}

const seller = await company('record-seller');
const buyer = await company('record-buyer');
const rfq = 'company:initech:delegation:recorded';
try {
  await seller.worker.runUntil(
    buyer.worker.runUntil(async () => {
      await seller.client.startCompany({ id: 'globex', template: skilledDuo('full') });
      await buyer.client.startCompany({ id: 'initech', template: skilledDuo('full') });
      const snapshot = await seller.client.temporal.workflow
        .getHandle(companyWorkflowId('globex'))
        .query(orgChartQuery);
      const a2a = await startA2AServer({
        company: snapshot,
        pool: seller.pool,
        gateway: temporalCompanyGateway(seller.client, 'record-seller'),
      });
      const issued = await new FederationClient(seller.pool).addPartner({ companyId: 'globex', partnerId: 'initech' });
      await new FederationClient(buyer.pool).addPartner({
        companyId: 'initech',
        partnerId: 'globex',
        url: a2a.url,
        outboundKey: issued.inboundKey,
      });
      const result = await buyer.client.temporal.workflow.execute('buyerNegotiationWorkflow', {
        workflowId: rfq,
        taskQueue: 'record-buyer',
        args: [
          {
            companyId: 'initech',
            taskId: 'recorded',
            agentId: 'boss',
            partners: ['globex'],
            skill: 'research',
            brief: 'Research three competitors of a waitlist product and summarise them',
            maxPriceUsd: 0.27,
            deadline: '2h',
          } satisfies BuyerNegotiationInput,
        ],
      });
      process.stdout.write(`delegation ended ${JSON.stringify(result)}\n`);
      await seller.client.temporal.workflow.getHandle(`company:globex:negotiation:initech:${rfq}`).result();
      await a2a.close();
      await seller.client.stopCompany('globex');
      await buyer.client.stopCompany('initech');
    }),
  );
  const save = async (name: string, workflowId: string) => {
    const { stdout } = await promisify(execFile)(
      cliPath,
      ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', server.address],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    await writeFile(join(output, `${name}.json`), stdout);
    process.stdout.write(`recorded ${name} (${(JSON.parse(stdout) as { events: unknown[] }).events.length} events)\n`);
  };
  await save('federation-buyer-negotiation', rfq);
  await save('federation-seller-negotiation', `company:globex:negotiation:initech:${rfq}`);
} finally {
  await connection.close();
  await seller.close();
  await buyer.close();
  await sandbox.close();
  await server.stop();
}
