/**
 * Federation overhead, measured side by side in one run.
 *
 *   node bench/federation.ts [--rounds N] [--tasks N]
 *
 * Two companies (own databases and task queues, workers in this process) on one dev server, the
 * seller served over A2A on loopback. Reports the negotiation round trip (an RFQ answered with an
 * offer: A2A over HTTP, update-with-start of the seller's negotiation workflow, its pricing activity)
 * and a delegated task end to end (negotiate, accept, charge, send, the seller's reviewed task, the
 * result back) against the same brief submitted to the seller directly, alternating the two; the same
 * brief delegated over Temporal Nexus (no HTTP, no negotiation); and a channel message from the buyer's
 * outbox to the seller's inbox.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Message } from '@a2a-js/sdk';
import { createActivities } from '../activities/index.ts';
import { SynthorgClient } from '../src/client/synthorg-client.ts';
import { loadConfig } from '../src/config/env.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { companyWorkflowId } from '../src/domain/ids.ts';
import { userMessage } from '../src/federation/a2a-parts.ts';
import { negotiationExtensionUri } from '../src/federation/agent-card.ts';
import { startA2AServer } from '../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../src/federation/company-gateway.ts';
import { FederationClient } from '../src/federation/federation-client.ts';
import { partnerClient } from '../src/federation/partner-client.ts';
import { createSandbox, loadSandboxConfig } from '../src/sandbox/index.ts';
import { findTemporalCli } from '../src/temporal/cli-binary.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { findFreePort } from '../src/temporal/ports.ts';
import { installRuntime } from '../src/temporal/runtime.ts';
import { workflowsPath } from '../workers/worker.ts';
import { orgChartQuery } from '../workflows/contracts/company.ts';
import type { BuyerNegotiationInput } from '../workflows/contracts/negotiation.ts';
import { skilledDuo } from '../test/federation/federation-fixtures.ts';
import { delegationServiceHandler } from '../src/federation/nexus-handler.ts';
import { ensureNexusEndpoint } from '../src/temporal/nexus-endpoints.ts';
import { nexusEndpointName } from '../workflows/contracts/nexus-delegation.ts';
import type { NexusBuyerInput } from '../workflows/contracts/nexus-delegation.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '40' }, tasks: { type: 'string', default: '6' } },
});
const rounds = Number(values.rounds);
const tasks = Number(values.tasks);
installRuntime('ERROR');

const directory = await mkdtemp(join(tmpdir(), 'synthorg-bench-federation-'));
const cliPath = await findTemporalCli({ install: true });
const server = await startDevServer({
  cliPath,
  dbFile: join(directory, 'temporal.sqlite'),
  port: await findFreePort(),
  headless: true,
});
const sandbox = await createSandbox(loadSandboxConfig({}));
const connection = await Connection.connect({ address: server.address });

async function company(taskQueue: string, nexus = false) {
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
    ...(nexus ? { nexusServices: [delegationServiceHandler] } : {}),
  });
  return { pool, client, worker, close: () => Promise.all([nativeConnection.close(), pool.end(), database.stop()]) };
}

function row(label: string, sample: number[], baseline?: number[]): string {
  const p50 = percentile(sample, 50);
  const p95 = percentile(sample, 95);
  const ratio = baseline
    ? `  ×${(p50 / percentile(baseline, 50)).toFixed(2)} p50  ×${(p95 / percentile(baseline, 95)).toFixed(2)} p95`
    : '';
  return `  ${label.padEnd(40)} p50 ${p50.toFixed(0).padStart(6)} ms   p95 ${p95.toFixed(0).padStart(6)} ms${ratio}\n`;
}

const seller = await company('bench-seller', true);
const buyer = await company('bench-buyer');
try {
  await seller.worker.runUntil(
    buyer.worker.runUntil(async () => {
      await seller.client.startCompany({ id: 'globex', template: skilledDuo('full', 1_000) });
      const snapshot = await seller.client.temporal.workflow
        .getHandle(companyWorkflowId('globex'))
        .query(orgChartQuery);
      const a2a = await startA2AServer({
        company: snapshot,
        pool: seller.pool,
        gateway: temporalCompanyGateway(seller.client, 'bench-seller'),
        pollIntervalMs: 100,
      });
      const issued = await new FederationClient(seller.pool).addPartner({
        companyId: 'globex',
        partnerId: 'initech',
        requestsPerMinute: 100_000,
      });
      await new FederationClient(buyer.pool).addPartner({
        companyId: 'initech',
        partnerId: 'globex',
        url: a2a.url,
        outboundKey: issued.inboundKey,
      });
      const client = await partnerClient(a2a.url, issued.inboundKey);
      const deadline = new Date(Date.now() + 3_600_000).toISOString();
      const negotiation: number[] = [];
      for (let index = 0; index < rounds + 3; index++) {
        const rfqId = `bench-${randomUUID()}`;
        const move = { kind: 'rfq', rfqId, skill: 'research', brief: 'Research the market', deadline, maxPriceUsd: 5 };
        const message: Message = {
          ...userMessage('rfq', `${rfqId}:rfq`, { negotiation: move }),
          extensions: [negotiationExtensionUri],
        };
        const started = performance.now();
        await client.sendMessage({ tenant: '', message, configuration: undefined, metadata: undefined });
        if (index >= 3) negotiation.push(performance.now() - started);
        const reject: Message = {
          ...userMessage('reject', `${rfqId}:reject`, { negotiation: { kind: 'reject', rfqId } }),
          extensions: [negotiationExtensionUri],
        };
        await client.sendMessage({ tenant: '', message: reject, configuration: undefined, metadata: undefined });
      }
      const brief = 'Research three competitors of a waitlist product and summarise them';
      const local: number[] = [];
      const delegated: number[] = [];
      const overNexus: number[] = [];
      // The same seller behind a Nexus endpoint (both companies share the dev server's namespace here).
      const endpoint = nexusEndpointName(seller.client.nexus.namespace, 'globex');
      await ensureNexusEndpoint(connection, {
        name: endpoint,
        namespace: seller.client.nexus.namespace,
        taskQueue: 'bench-seller',
      });
      for (let index = 0; index < tasks; index++) {
        let started = performance.now();
        const task = await seller.client.submitGoal('globex', brief);
        await seller.client.waitForTask('globex', task.id, { pollIntervalMs: 100 });
        local.push(performance.now() - started);
        started = performance.now();
        await buyer.client.temporal.workflow.execute('buyerNegotiationWorkflow', {
          workflowId: `company:initech:delegation:bench-${index}`,
          taskQueue: 'bench-buyer',
          args: [
            {
              companyId: 'initech',
              taskId: `bench-${index}`,
              agentId: 'boss',
              partners: ['globex'],
              skill: 'research',
              brief,
              maxPriceUsd: 5,
              deadline: '2h',
            } satisfies BuyerNegotiationInput,
          ],
        });
        delegated.push(performance.now() - started);
        started = performance.now();
        await buyer.client.temporal.workflow.execute('nexusDelegationWorkflow', {
          workflowId: `company:initech:nexus-delegation:bench-${index}`,
          taskQueue: 'bench-buyer',
          args: [
            { endpoint, buyerCompanyId: 'initech', sellerCompanyId: 'globex', goal: brief } satisfies NexusBuyerInput,
          ],
        });
        overNexus.push(performance.now() - started);
      }
      // A channel message from initech to globex: outbox, delivery workflow, A2A POST, globex's inbox workflow.
      const channel: number[] = [];
      for (let index = 0; index < Math.max(5, Math.min(rounds, 20)); index++) {
        const started = performance.now();
        const sent = await buyer.client.channels.send({
          companyId: 'initech',
          partnerId: 'globex',
          channel: 'bench',
          body: `message ${index}`,
        });
        for (;;) {
          const { rowCount } = await seller.pool.query(
            "SELECT 1 FROM channel_messages WHERE company_id = 'globex' AND direction = 'in' AND channel = 'bench' AND seq = $1",
            [sent.seq],
          );
          if (rowCount) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        channel.push(performance.now() - started);
      }
      process.stdout.write(`federation: ${rounds} negotiation round trips, ${tasks} tasks each way (offline model)\n`);
      process.stdout.write(row('negotiation round trip (RFQ → offer)', negotiation));
      process.stdout.write(row('task submitted to the seller directly', local));
      process.stdout.write(row('same task delegated over A2A', delegated, local));
      process.stdout.write(row('same task delegated over Nexus', overNexus, local));
      process.stdout.write(row('channel message sent → in partner inbox', channel));
      await a2a.close();
    }),
  );
} finally {
  await connection.close();
  await seller.close();
  await buyer.close();
  await sandbox.close();
  await server.stop();
}
