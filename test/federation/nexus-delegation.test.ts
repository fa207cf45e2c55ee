import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nexusEndpointName } from '../../workflows/contracts/nexus-delegation.ts';
import { startSynthorgTestEnv, untilWorkerPolls } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { outsourcingDuo, skilledDuo } from './federation-fixtures.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';

/**
 * Two organisations on one Temporal cluster, each in its own namespace (and database): the buyer
 * delegates a goal to the seller through a Nexus endpoint that targets the seller's namespace and
 * task queue, with no HTTP in between. The goal runs as one task of the seller company (reviewed
 * like any goal), its result comes back as the operation's result, and cancelling the buyer's
 * workflow cancels the seller's task.
 */
let seller: SynthorgTestEnv;
let buyer: SynthorgTestEnv;
let endpoint: string;
const workers: { stop: () => void; done: Promise<void> }[] = [];

function keepWorker(env: SynthorgTestEnv): void {
  let stop!: () => void;
  const released = new Promise<void>((resolve) => (stop = resolve));
  workers.push({ stop, done: env.withWorker(() => released) });
}

async function sellerRootTasks() {
  return (await seller.client.status('globex')).tasks.filter((task) => task.parentId === null);
}

function delegation(goal: string) {
  return { buyerCompanyId: 'initech', sellerNamespace: seller.config.namespace, sellerCompanyId: 'globex', goal };
}

beforeAll(async () => {
  seller = await startSynthorgTestEnv({}, { ownNamespace: true });
  buyer = await startSynthorgTestEnv({}, { ownNamespace: true });
  keepWorker(seller);
  keepWorker(buyer);
  await untilWorkerPolls(seller.client.temporal, seller.taskQueue);
  await untilWorkerPolls(buyer.client.temporal, buyer.taskQueue);
  await seller.client.startCompany({ id: 'globex', template: skilledDuo('full') });
  endpoint = await seller.client.nexus.linkSeller('globex');
  expect(endpoint).toBe(nexusEndpointName(seller.config.namespace, 'globex'));
  // Linking again (a re-run of the operator's setup) keeps the one endpoint.
  expect(await seller.client.nexus.linkSeller('globex')).toBe(endpoint);
});

afterAll(async () => {
  for (const worker of workers) worker.stop();
  await Promise.all(workers.map((worker) => worker.done));
  await buyer?.stop();
  await seller?.stop();
});

describe('delegation between namespaces over Nexus', () => {
  it('runs the goal as one reviewed task of the seller and returns its result to the buyer', async () => {
    const delegationId = randomUUID();
    const workflowId = `company:initech:nexus-delegation:${delegationId}`;
    const result = await buyer.client.nexus.delegateAndWait({
      ...delegation('Research the waitlist market [steps=2]'),
      delegationId,
    });
    expect(result.status).toBe('COMPLETED');
    const tasks = await sellerRootTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: result.sellerTaskId, status: 'COMPLETED', result: result.result });
    expect(tasks[0]?.reviewer).toBeTruthy();

    // The buyer's history records the operation (no HTTP call); the seller's one served workflow ran it.
    const history = await buyer.client.temporal.workflow.getHandle(workflowId).fetchHistory();
    const events = (history.events ?? []).map((event) => Object.keys(event).find((key) => key.endsWith('Attributes')));
    expect(events).toContain('nexusOperationScheduledEventAttributes');
    expect(events).toContain('nexusOperationCompletedEventAttributes');
    const served = [];
    for await (const each of seller.client.temporal.workflow.list({
      query: "WorkflowType = 'nexusServedTaskWorkflow'",
    }))
      served.push(each);
    expect(served).toHaveLength(1);
    expect(served[0]?.workflowId).toMatch(/^company:globex:nexus:/);
    // The buyer's namespace holds no seller workflow: the organisations are apart.
    const leaked = [];
    for await (const each of buyer.client.temporal.workflow.list({ query: "WorkflowType = 'agentTaskWorkflow'" }))
      leaked.push(each);
    expect(leaked).toHaveLength(0);
  });

  it('refuses bad input naming the field', async () => {
    await expect(buyer.client.nexus.delegate({ ...delegation('x'), sellerCompanyId: 'Not An Id' })).rejects.toThrow(
      /sellerCompanyId: bad company id/,
    );
    await expect(buyer.client.nexus.delegate(delegation('  '))).rejects.toThrow(/goal: must not be empty/);
    await expect(seller.client.nexus.linkSeller('Bad Id')).rejects.toThrow(/companyId: bad company id/);
  });

  it('cancels the seller’s task when the buyer cancels its delegation', async () => {
    const before = new Set((await sellerRootTasks()).map((task) => task.id));
    const handle = await buyer.client.nexus.delegate(delegation('Research the churn of waitlist users [steps=40]'));
    const deadline = Date.now() + 60_000;
    let started: string | undefined;
    while (!started && Date.now() < deadline) {
      started = (await sellerRootTasks()).find((task) => !before.has(task.id) && task.status === 'IN_PROGRESS')?.id;
      if (!started) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(started).toBeDefined();
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    let status: string | undefined;
    const cancelDeadline = Date.now() + 60_000;
    while (status !== 'CANCELLED' && Date.now() < cancelDeadline) {
      status = (await sellerRootTasks()).find((task) => task.id === started)?.status;
      if (status !== 'CANCELLED') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('CANCELLED');
  });
  it("reaches a partner of kind nexus from an agent's delegate_external, set up by the operator's CLI", async () => {
    const cli = synthorgCli;
    // The seller's operator opens globex to the cluster; the buyer's adds it as a Nexus partner.
    const linked = await cli(seller, ['partner', 'link', 'globex', '--json']);
    expect(linked.status, linked.stderr).toBe(0);
    const link = JSON.parse(linked.stdout) as { endpoint: string; partnerUrl: string };
    expect(link.endpoint).toBe(endpoint);
    await buyer.client.startCompany({ id: 'initech', template: outsourcingDuo() });
    const refused = await cli(buyer, ['partner', 'add', 'initech', 'globex', 'nexus:not/an-endpoint']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/bad partner url "nexus:not\/an-endpoint"/);
    const added = await cli(buyer, ['partner', 'add', 'initech', 'globex', link.partnerUrl, '--json']);
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ partner: { partnerId: 'globex', url: link.partnerUrl } });

    const before = new Set((await sellerRootTasks()).map((task) => task.id));
    const root = await buyer.client.submitGoal('initech', 'Scan the market for waitlist tools [outsource=research]');
    const seen = new Set<string>();
    const done = await buyer.client.waitForTask('initech', root.id, {
      pollIntervalMs: 100,
      onProgress: (company) => company.tasks.forEach((task) => seen.add(task.status)),
    });
    expect(done.status).toBe('COMPLETED');
    expect(seen).toContain('WAITING_FOR_PARTNER');
    // One task of globex did the work, reviewed there; its result is in the buying agent's transcript.
    const delegated = (await sellerRootTasks()).filter((task) => !before.has(task.id));
    expect(delegated).toHaveLength(1);
    expect(delegated[0]).toMatchObject({ status: 'COMPLETED' });
    expect(delegated[0]?.reviewer).toBeTruthy();
    const worker = (await buyer.client.status('initech')).tasks.find((task) => task.assignee === 'worker');
    const state = await buyer.client.temporal.workflow
      .getHandle(taskWorkflowId('initech', worker!.id))
      .query(stateQuery);
    const note = state.transcript.find((entry) =>
      entry.text.startsWith('external delegation of research: globex delivered over Nexus'),
    );
    expect(note?.text).toContain(`task ${delegated[0]!.id}`);
    expect(worker?.reviewer).toBe('boss');
    // Over Nexus nothing is negotiated or paid: no partner charge in the buyer's ledger.
    const charges = await buyer.pool.query("SELECT 1 FROM ledger WHERE model LIKE 'partner:%'");
    expect(charges.rowCount).toBe(0);
  });
});
