import type { ChildProcess } from 'node:child_process';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { A2AServer } from '../../src/federation/a2a-server.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import type { BuyerNegotiationInput, BuyerNegotiationResult } from '../../workflows/contracts/negotiation.ts';
import { delegationQuery } from '../../workflows/contracts/negotiation.ts';
import { StackProcesses, killProcess, startCompanyServer } from '../helpers/stack-processes.ts';
import { startSynthorgTestEnv, untilWorkerPolls } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { skilledDuo } from './federation-fixtures.ts';
import { synthorgBin } from '../helpers/cli.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { until } from '../helpers/until.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { killTestEnvironment, killedWorkerEnvironment } from '../helpers/status-once-answered.ts';
import { stickyWaitsMs } from '../helpers/sticky-waits.ts';

/**
 * Two organisations, each in a Temporal namespace and a database of its own, with workers that are
 * real child processes (the same worker as `synthorg worker`, with the workflow code bundled once for
 * the file so a replacement starts in a second). Either side's worker is SIGKILLed mid-delegation:
 * once a new one runs, the delegation ends with one remote task, one charge, one credit, one result,
 * and the seller's work is not done (or paid for) twice.
 */
let seller: SynthorgTestEnv;
let buyer: SynthorgTestEnv;
let server: A2AServer;
let sellerWorker: ChildProcess;
/** The key globex issued initech (initech presents it when it calls). */
let issuedKey: string;
/**
 * The kill tests' environment (test/helpers/status-once-answered.ts) for the seller's company and for every
 * process: a seller step whose worker died goes to the new worker 10 s after its last heartbeat, not 30 s, and a
 * workflow task sent to a killed worker's sticky queue goes to the normal queue after 2 s, not 10 s.
 */
const processes = new StackProcesses(killedWorkerEnvironment);
let buyerWorker: ChildProcess | undefined;

/** `synthorg serve globex` as its own process on `port`: the seller's A2A server as an operator runs it. */
function startServe(port: number): ChildProcess {
  return processes.spawn([synthorgBin, 'serve', 'globex', '--port', String(port), '--host', '127.0.0.1'], seller);
}

async function untilServing(url: string): Promise<void> {
  await until(
    `synthorg serve to answer at ${url}`,
    async () => ((await fetch(`${url}/.well-known/agent-card.json`)).ok ? true : undefined),
    { timeoutMs: 90_000, intervalMs: 200, ignoreErrors: true },
  );
}

async function startDelegation(
  name: string,
  brief: string,
  options: Pick<BuyerNegotiationInput, 'partnerHeartbeatTimeout'> = {},
): Promise<WorkflowHandle> {
  return buyer.client.temporal.workflow.start('buyerNegotiationWorkflow', {
    workflowId: `company:initech:delegation:${name}`,
    taskQueue: buyer.taskQueue,
    args: [
      {
        companyId: 'initech',
        taskId: name,
        agentId: 'boss',
        partners: ['globex'],
        skill: 'research',
        brief,
        maxPriceUsd: 1,
        deadline: '2h',
        ...options,
      } satisfies BuyerNegotiationInput,
    ],
  });
}

async function sellerRootTasks() {
  return (await seller.client.status('globex')).tasks.filter((task) => task.parentId === null);
}

/** The settlement rows of an offer on each side, and the buyer's ledger rows for the partner. */
async function money(offerId: string | undefined) {
  const charges = await buyer.pool.query(
    "SELECT offer_id FROM federation_settlements WHERE direction = 'charge' AND offer_id = $1",
    [offerId],
  );
  const credits = await seller.pool.query(
    "SELECT offer_id FROM federation_settlements WHERE direction = 'credit' AND offer_id = $1",
    [offerId],
  );
  return { charges: charges.rowCount, credits: credits.rowCount };
}

beforeAll(async () => {
  seller = await startSynthorgTestEnv(killTestEnvironment, { ownNamespace: true });
  buyer = await startSynthorgTestEnv({}, { ownNamespace: true });
  expect(seller.config.namespace).not.toBe(buyer.config.namespace);
  await processes.prepare('delegation-restart');
  sellerWorker = processes.worker(seller);
  await untilWorkerPolls(seller.client.temporal, seller.taskQueue);
  // Semi oversight: a high-risk action (the serve-kill case's "publish") waits for the seller's operator.
  await seller.client.startCompany({ id: 'globex', template: skilledDuo('semi') });
  server = await startCompanyServer(seller, 'globex');
  const issued = await new FederationClient(seller.pool).addPartner({ companyId: 'globex', partnerId: 'initech' });
  issuedKey = issued.inboundKey;
  await new FederationClient(buyer.pool).addPartner({
    companyId: 'initech',
    partnerId: 'globex',
    url: server.url,
    outboundKey: issued.inboundKey,
  });
});

afterAll(async () => {
  await processes.stop();
  await server?.close();
  await buyer?.stop();
  await seller?.stop();
});

describe('a process killed mid-delegation', () => {
  it('on the buyer: ends with one remote task, one charge, one credit and one result', async () => {
    const first = processes.worker(buyer);
    // Twenty work steps at the seller keep the partner busy while the buyer's worker dies (one quiet CI
    // run found all six of the earlier setting done by the time the kill landed).
    // The wait for the partner's result, which the killed worker was running, goes to the new worker 5 s after its
    // last heartbeat, not the default 20 s (it polls and heartbeats every second, and running it again is a read).
    const handle = await startDelegation('buyer-kill', 'Research the waitlist market in depth [steps=20]', {
      partnerHeartbeatTimeout: '5 seconds',
    });
    const state = await until(
      'the buyer to wait for the partner',
      async () => {
        const each = (await handle.query(delegationQuery)) as BuyerNegotiationResult;
        return each.status === 'WAITING_FOR_PARTNER' ? each : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100, ignoreErrors: true },
    );
    expect(state.status).toBe('WAITING_FOR_PARTNER');
    await killProcess(first);
    // Killed while the partner still worked: the result had not come back yet.
    expect((await sellerRootTasks())[0]?.status).not.toBe('COMPLETED');

    buyerWorker = processes.worker(buyer);
    const result = (await handle.result()) as BuyerNegotiationResult;
    expect(result.status).toBe('COMPLETED');
    const remote = await sellerRootTasks();
    expect(remote).toHaveLength(1);
    expect(result.result).toBe(remote[0]?.result);
    expect(await money(result.offerId)).toEqual({ charges: 1, credits: 1 });
    const ledger = await buyer.pool.query("SELECT count(*)::int AS n FROM ledger WHERE model = 'partner:globex'");
    expect(ledger.rows).toEqual([{ n: 1 }]);
    // The wait was scheduled with the input's heartbeat timeout: a workflow that ignored it waits 20 s here.
    const history = await handle.fetchHistory();
    const heartbeatSeconds = (history.events ?? []).flatMap((event) => {
      const scheduled = event.activityTaskScheduledEventAttributes;
      return scheduled?.activityType?.name === 'awaitRemoteTask' ? [Number(scheduled.heartbeatTimeout?.seconds)] : [];
    });
    expect(heartbeatSeconds).toEqual([5]);
    // A workflow task sent to the killed worker's sticky queue went to the new worker after 2 s, not 10 s.
    expect(stickyWaitsMs(history).filter((waited) => waited >= 5_000)).toEqual([]);
  });

  it('on the seller: its work resumes where it stopped, done once and paid once', async () => {
    buyerWorker ??= processes.worker(buyer);
    const before = new Set((await sellerRootTasks()).map((task) => task.id));
    // Many work steps, so the seller's worker dies with the task half done.
    const handle = await startDelegation('seller-kill', 'Research the churn of waitlist users [steps=30]');
    // Read from the seller's ledger, not its status query (which waits for the busy worker): the task is
    // mid-way once it has paid for 3 to 20 of its 30 steps, and the kill follows within milliseconds.
    const remoteTask = await until(
      'the seller to be working on the delegated task (3 to 20 of its steps paid for)',
      async () => {
        const { rows } = await seller.pool.query<{ id: string; n: number }>(
          `SELECT split_part(task_id, '.', 1) AS id, count(*)::int AS n FROM ledger
            WHERE company_id = 'globex' AND NOT (split_part(task_id, '.', 1) = ANY($1::text[]))
            GROUP BY 1`,
          [[...before]],
        );
        const task = rows[0];
        if (task && task.n > 20)
          throw new Error(`the seller's task ${task.id} had ${task.n} ledger rows before the kill`);
        return task && task.n >= 3 ? task : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 20 },
    );
    await killProcess(sellerWorker);
    const delegation = (await handle.query(delegationQuery)) as BuyerNegotiationResult;
    expect(delegation.status).toBe('WAITING_FOR_PARTNER');
    const stepsBeforeKill = await seller.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger WHERE task_id = $1',
      [remoteTask.id],
    );

    sellerWorker = processes.worker(seller);
    const result = (await handle.result()) as BuyerNegotiationResult;
    expect(result.status).toBe('COMPLETED');

    const remote = (await sellerRootTasks()).filter((task) => !before.has(task.id));
    expect(remote).toHaveLength(1);
    expect(remote[0]?.id).toBe(remoteTask.id);
    expect(remote[0]?.status).toBe('COMPLETED');
    expect(result.result).toBe(remote[0]?.result);
    expect(await money(result.offerId)).toEqual({ charges: 1, credits: 1 });
    // Work went on after the restart (the kill was mid-task), and every model call the seller paid for
    // is one the task counted: a step redone after the kill would be a ledger row the task never saw.
    const spent = await seller.pool.query<{ n: number; usd: string }>(
      `SELECT count(*)::int AS n, coalesce(sum(cost_usd), 0)::text AS usd FROM ledger
        WHERE company_id = 'globex' AND (task_id = $1 OR task_id LIKE $1 || '.%')`,
      [remoteTask.id],
    );
    expect(spent.rows[0]!.n).toBeGreaterThan(stepsBeforeKill.rows[0]!.n);
    expect(Number(spent.rows[0]!.usd)).toBeCloseTo(remote[0]!.costUsd, 6);
    // The seller's steps ran with the kill tests' 10 s heartbeat timeout, not the 30 s default: a step the killed
    // worker was running went to the new one 10 s after its last heartbeat.
    const history = await seller.client.temporal.workflow
      .getHandle(taskWorkflowId('globex', remoteTask.id))
      .fetchHistory();
    const heartbeatSeconds = new Set(
      (history.events ?? []).flatMap((event) => {
        const scheduled = event.activityTaskScheduledEventAttributes;
        return scheduled?.activityType?.name === 'agentStep' ? [Number(scheduled.heartbeatTimeout?.seconds)] : [];
      }),
    );
    expect(heartbeatSeconds).toEqual(new Set([10]));
  });

  it("with the seller's `synthorg serve` SIGKILLed mid-task and started again: one remote task, one charge, one result", async () => {
    buyerWorker ??= processes.worker(buyer);
    // The partner's address now names a `synthorg serve` process, the way operators run it.
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    let serve = startServe(port);
    await untilServing(url);
    await new FederationClient(buyer.pool).addPartner({
      companyId: 'initech',
      partnerId: 'globex',
      url,
      outboundKey: issuedKey,
    });
    const before = new Set((await sellerRootTasks()).map((task) => task.id));
    // "Publish" makes the seller's worker ask its operator for an approval (the seller runs at semi oversight),
    // so the task waits, mid-way, for as long as the server is down: the kill cannot land after the work is done.
    // (A 30-step task was the old hold: in a quick suite it finished between two polls for IN_PROGRESS.)
    const handle = await startDelegation('serve-kill', 'Research and publish the pricing of waitlist tools');
    let seen = 'no new root task';
    const waiting = await until(
      "the seller's task to wait for its approval",
      async () => {
        const tasks = (await seller.client.status('globex')).tasks;
        const root = tasks.find((each) => each.parentId === null && !before.has(each.id));
        if (root) seen = `task ${root.id} ${root.status}`;
        return tasks.find((each) => !before.has(each.id) && each.status === 'AWAITING_APPROVAL');
      },
      { timeoutMs: 90_000, intervalMs: 200, ignoreErrors: true, describe: () => `the seller had ${seen}` },
    );
    expect(((await handle.query(delegationQuery)) as BuyerNegotiationResult).status).toBe('WAITING_FOR_PARTNER');
    await killProcess(serve);

    serve = startServe(port);
    await untilServing(url);
    // Still waiting after the restart: nothing was answered while the server was down.
    expect((await seller.client.task('globex', waiting.id)).status).toBe('AWAITING_APPROVAL');
    expect(((await handle.query(delegationQuery)) as BuyerNegotiationResult).status).toBe('WAITING_FOR_PARTNER');
    await seller.client.approve('globex', waiting.id, 'the serve-kill test');
    const result = (await handle.result()) as BuyerNegotiationResult;
    expect(result.status).toBe('COMPLETED');
    const remote = (await sellerRootTasks()).filter((task) => !before.has(task.id));
    expect(remote).toHaveLength(1);
    expect(remote[0]?.status).toBe('COMPLETED');
    expect(result.result).toBe(remote[0]?.result);
    expect(await money(result.offerId)).toEqual({ charges: 1, credits: 1 });
    await killProcess(serve);
  });
});
