import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import type { BuyerNegotiationInput, BuyerNegotiationResult } from '../../workflows/contracts/negotiation.ts';
import { startA2AServer } from '../../src/federation/a2a-server.ts';
import type { A2AServer } from '../../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../../src/federation/company-gateway.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import { startSynthorgTestEnv, untilWorkerPolls } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { outsourcingDuo, skilledDuo } from './federation-fixtures.ts';

/** Two companies, each with its own database, task queue and worker, talking A2A over loopback HTTP. */
let seller: SynthorgTestEnv;
let buyer: SynthorgTestEnv;
let server: A2AServer;
const workers: { stop: () => void; done: Promise<void> }[] = [];

function keepWorker(env: SynthorgTestEnv): void {
  let stop!: () => void;
  const released = new Promise<void>((resolve) => (stop = resolve));
  workers.push({ stop, done: env.withWorker(() => released) });
}

beforeAll(async () => {
  seller = await startSynthorgTestEnv({}, { ownNamespace: true });
  buyer = await startSynthorgTestEnv({}, { ownNamespace: true });
  keepWorker(seller);
  keepWorker(buyer);
  // A company started before its worker polls may not be registered when the start returns.
  await untilWorkerPolls(seller.client.temporal, seller.taskQueue);
  await untilWorkerPolls(buyer.client.temporal, buyer.taskQueue);
  await seller.client.startCompany({ id: 'globex', template: skilledDuo('full') });
  await buyer.client.startCompany({ id: 'initech', template: outsourcingDuo() });
  const company = await seller.client.temporal.workflow.getHandle(companyWorkflowId('globex')).query(orgChartQuery);
  server = await startA2AServer({
    company,
    pool: seller.pool,
    gateway: temporalCompanyGateway(seller.client, seller.taskQueue),
    pollIntervalMs: 200,
  });
  // The seller issues the buyer a key; the buyer's operator registers the seller with it.
  const issued = await new FederationClient(seller.pool).addPartner({ companyId: 'globex', partnerId: 'initech' });
  const added = await new FederationClient(buyer.pool).addPartner({
    companyId: 'initech',
    partnerId: 'globex',
    url: server.url,
    outboundKey: issued.inboundKey,
  });
  expect(added.partner.card?.skills).toEqual(['research', 'copywriting']);
});

afterAll(async () => {
  await server?.close();
  for (const worker of workers) worker.stop();
  await Promise.all(workers.map((worker) => worker.done));
  await buyer?.stop();
  await seller?.stop();
});

async function settlements(env: SynthorgTestEnv) {
  const { rows } = await env.pool.query<{ direction: string; offer_id: string; amount_usd: string }>(
    'SELECT direction, offer_id, amount_usd FROM federation_settlements ORDER BY offer_id',
  );
  return rows.map((row) => ({ direction: row.direction, offerId: row.offer_id, amountUsd: Number(row.amount_usd) }));
}

function delegate(id: string, input: Partial<BuyerNegotiationInput>) {
  return buyer.client.temporal.workflow.execute('buyerNegotiationWorkflow', {
    workflowId: `company:initech:delegation:${id}`,
    taskQueue: buyer.taskQueue,
    args: [
      {
        companyId: 'initech',
        taskId: id,
        agentId: 'boss',
        partners: ['globex'],
        skill: 'research',
        brief: 'Research three competitors of a waitlist product and summarise them',
        maxPriceUsd: 1,
        deadline: '2h',
        ...input,
      } satisfies BuyerNegotiationInput,
    ],
  }) as Promise<BuyerNegotiationResult>;
}

describe('delegation between two companies over A2A', () => {
  it('negotiates (one counter), delegates, gets the reviewed result, and moves the money once on each side', async () => {
    // The seller's offline rules ask $0.30 for this brief (research at 0.9, nothing in flight); the
    // buyer's maximum of $0.27 is above the seller's 80% floor, so one counter closes the deal.
    const result = await delegate('t-1', { maxPriceUsd: 0.27 });
    expect(result).toMatchObject({ status: 'COMPLETED', partnerId: 'globex', priceUsd: 0.27, rounds: 2 });
    const remoteTasks = (await seller.client.status('globex')).tasks.filter((task) => task.parentId === null);
    expect(remoteTasks).toHaveLength(1);
    const remote = remoteTasks[0]!;
    expect(remote.status).toBe('COMPLETED');
    expect(remote.reviewer).not.toBeNull();
    expect(result.result).toBe(remote.result);

    expect(await settlements(buyer)).toEqual([{ direction: 'charge', offerId: result.offerId, amountUsd: 0.27 }]);
    expect(await settlements(seller)).toEqual([{ direction: 'credit', offerId: result.offerId, amountUsd: 0.27 }]);
    const { rows } = await buyer.pool.query<{ cost_usd: string }>(
      "SELECT cost_usd FROM ledger WHERE company_id = 'initech' AND model = 'partner:globex'",
    );
    expect(rows.map((row) => Number(row.cost_usd))).toEqual([0.27]);
  });

  it('makes no deal below the seller’s floor, and moves no money', async () => {
    const before = { buyer: await settlements(buyer), seller: await settlements(seller) };
    const result = await delegate('t-2', { maxPriceUsd: 0.05 });
    expect(result.status).toBe('NO_DEAL');
    expect(result.rounds).toBe(3);
    expect(await settlements(buyer)).toEqual(before.buyer);
    expect(await settlements(seller)).toEqual(before.seller);
  });

  it('gets no offer for a skill the seller lacks', async () => {
    const result = await delegate('t-3', { skill: 'astrology' });
    expect(result.status).toBe('NO_DEAL');
    expect(result.reason).toMatch(/no offer for this skill/);
  });

  it('lets an agent buy work from the partner inside its task: waits for the partner, resumes with the result, is reviewed', async () => {
    const before = { buyer: (await settlements(buyer)).length, seller: (await settlements(seller)).length };
    const sellerTasksBefore = (await seller.client.status('globex')).tasks.length;
    const root = await buyer.client.submitGoal('initech', 'Scan the market for waitlist tools [outsource=research]');
    const seen = new Set<string>();
    const done = await buyer.client.waitForTask('initech', root.id, {
      pollIntervalMs: 100,
      onProgress: (company) => company.tasks.forEach((task) => seen.add(task.status)),
    });
    expect(done.status).toBe('COMPLETED');
    expect(seen).toContain('WAITING_FOR_PARTNER');
    const buyerSettlements = await settlements(buyer);
    expect(buyerSettlements).toHaveLength(before.buyer + 1);
    expect(await settlements(seller)).toHaveLength(before.seller + 1);
    const sellerTasks = (await seller.client.status('globex')).tasks.filter((task) => task.parentId === null);
    expect(sellerTasks.length).toBe(sellerTasksBefore + 1);
    // The worker's answer (built on the partner's result) was reviewed by someone else.
    const worker = (await buyer.client.status('initech')).tasks.find((task) => task.assignee === 'worker');
    expect(worker?.reviewer).toBe('boss');
  });

  it('refuses work under an offer the seller never accepted', async () => {
    const { partnerClient } = await import('../../src/federation/partner-client.ts');
    const { userMessage } = await import('../../src/federation/a2a-parts.ts');
    const { negotiationExtensionUri } = await import('../../src/federation/agent-card.ts');
    const { rows } = await buyer.pool.query<{ outbound_key: string }>(
      "SELECT outbound_key FROM federation_partners WHERE partner_id = 'globex'",
    );
    const client = await partnerClient(server.url, rows[0]!.outbound_key);
    const reply = await client.sendMessage({
      tenant: '',
      message: {
        ...userMessage('free work please', 'forged-1', { negotiation: { kind: 'task', rfqId: 'x', offerId: 'x.1' } }),
        extensions: [negotiationExtensionUri],
      },
      configuration: undefined,
      metadata: undefined,
    });
    expect('status' in reply && reply.status?.state).toBe(7);
  });
});
