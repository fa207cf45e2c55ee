import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { startA2AServer } from '../../src/federation/a2a-server.ts';
import type { A2AServer } from '../../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../../src/federation/company-gateway.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import type { BuyerNegotiationInput, BuyerNegotiationResult } from '../../workflows/contracts/negotiation.ts';
import { delegationQuery } from '../../workflows/contracts/negotiation.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { startSynthorgTestEnv, untilWorkerPolls } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { skilledDuo } from './federation-fixtures.ts';

/**
 * The buyer's worker is a real child process (`node workers/main.ts`) with its own database, killed
 * with SIGKILL while it waits for the partner: a new worker finishes the delegation with one remote
 * task, one charge, one credit and one result.
 */
const workerEntry = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));
const buyerQueue = `buyer-${process.pid}`;

let seller: SynthorgTestEnv;
let buyerDatabase: TestDatabase;
let server: A2AServer;
let stopSellerWorker: () => void;
let sellerWorkerDone: Promise<void>;
const children: ChildProcess[] = [];

function startBuyerWorker(): ChildProcess {
  const child = spawn(process.execPath, [workerEntry], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: seller.temporalAddress,
      DATABASE_URL: buyerDatabase.url,
      SYNTHORG_TASK_QUEUE: buyerQueue,
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.push(child);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  seller = await startSynthorgTestEnv();
  buyerDatabase = await startTestDatabase();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  stopSellerWorker = release;
  sellerWorkerDone = seller.withWorker(() => released);
  await untilWorkerPolls(seller.client.temporal, seller.taskQueue);
  await seller.client.startCompany({ id: 'globex', template: skilledDuo('full') });
  const company = await seller.client.temporal.workflow.getHandle(companyWorkflowId('globex')).query(orgChartQuery);
  server = await startA2AServer({
    company,
    pool: seller.pool,
    gateway: temporalCompanyGateway(seller.client, seller.taskQueue),
    pollIntervalMs: 200,
  });
  const issued = await new FederationClient(seller.pool).addPartner({ companyId: 'globex', partnerId: 'initech' });
  await new FederationClient(buyerDatabase.pool).addPartner({
    companyId: 'initech',
    partnerId: 'globex',
    url: server.url,
    outboundKey: issued.inboundKey,
  });
});

afterAll(async () => {
  for (const child of children) await kill(child);
  await server?.close();
  stopSellerWorker?.();
  await sellerWorkerDone;
  await buyerDatabase?.stop();
  await seller?.stop();
});

describe('a buyer worker killed mid-delegation', () => {
  it('ends with one remote task, one charge, one credit and one result', async () => {
    const first = startBuyerWorker();
    const handle = await seller.client.temporal.workflow.start('buyerNegotiationWorkflow', {
      workflowId: `company:initech:delegation:restart-${process.pid}`,
      taskQueue: buyerQueue,
      args: [
        {
          companyId: 'initech',
          taskId: 'restart',
          agentId: 'boss',
          partners: ['globex'],
          skill: 'research',
          // Six work steps at the seller keep the partner busy while the buyer's worker dies.
          brief: 'Research the waitlist market in depth [steps=6]',
          maxPriceUsd: 1,
          deadline: '2h',
        } satisfies BuyerNegotiationInput,
      ],
    });
    let state: BuyerNegotiationResult | undefined;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      state = await handle.query(delegationQuery).catch(() => undefined);
      if (state?.status === 'WAITING_FOR_PARTNER') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state?.status).toBe('WAITING_FOR_PARTNER');
    await kill(first);
    const sellerTask = (await seller.client.status('globex')).tasks.find((task) => task.parentId === null);
    // Killed while the partner still worked: the result had not come back yet.
    expect(sellerTask?.status).not.toBe('COMPLETED');

    startBuyerWorker();
    const result = (await handle.result()) as BuyerNegotiationResult;
    expect(result.status).toBe('COMPLETED');
    const remote = (await seller.client.status('globex')).tasks.filter((task) => task.parentId === null);
    expect(remote).toHaveLength(1);
    expect(result.result).toBe(remote[0]?.result);
    const charges = await buyerDatabase.pool.query(
      "SELECT offer_id FROM federation_settlements WHERE direction = 'charge'",
    );
    const credits = await seller.pool.query("SELECT offer_id FROM federation_settlements WHERE direction = 'credit'");
    expect(charges.rows).toEqual([{ offer_id: result.offerId }]);
    expect(credits.rows).toEqual([{ offer_id: result.offerId }]);
    const ledger = await buyerDatabase.pool.query(
      "SELECT count(*)::int AS n FROM ledger WHERE model = 'partner:globex'",
    );
    expect(ledger.rows).toEqual([{ n: 1 }]);
  });
});
