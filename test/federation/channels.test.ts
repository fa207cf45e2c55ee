import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import type { A2AServer } from '../../src/federation/a2a-server.ts';
import { channelPath, channelSecret, outboundEnvelope, signChannelMessage } from '../../src/federation/channels.ts';
import type { ChannelEnvelope } from '../../src/federation/channels.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import { channelInboxWorkflowId, channelOutboxWorkflowId } from '../../workflows/contracts/channels.ts';
import type { ChannelOutboxInput } from '../../workflows/contracts/channels.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { StackProcesses, killProcess, stackProcessEnv, startCompanyServer } from '../helpers/stack-processes.ts';
import { killedWorkerEnvironment } from '../helpers/status-once-answered.ts';
import { stickyWaitsMs } from '../helpers/sticky-waits.ts';
import { startSynthorgTestEnv, untilWorkerPolls } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { skilledDuo } from './federation-fixtures.ts';

/**
 * Durable channels between two organisations, each with its own namespace, database, worker child
 * process (the same worker as `synthorg worker`) and A2A server on loopback: initech sends on #ops to
 * globex. The sender's worker is SIGKILLed while it delivers and more messages are sent while it is
 * down; once a new worker runs, globex has every message once and in order. Forged, tampered and
 * out-of-order deliveries are refused and store nothing; globex's agents read the messages.
 */
let receiver: SynthorgTestEnv; // globex
let sender: SynthorgTestEnv; // initech
let receiverServer: A2AServer;
let senderServer: A2AServer;
/** The key globex issued to initech: initech's bearer key and the root of its channel secret. */
let initechKey: string;
/** The kill tests' environment for the worker processes (a killed worker's sticky queue given up after 2 s). */
const processes = new StackProcesses(killedWorkerEnvironment);
let senderWorker: ChildProcess;
let receiverWorker: Promise<void> | undefined;
let stopReceiverWorker: (() => void) | undefined;

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function inbox(channel: string) {
  const { rows } = await receiver.pool.query<{ seq: string; body: string; message_id: string }>(
    `SELECT seq, body, message_id FROM channel_messages
      WHERE company_id = 'globex' AND partner_id = 'initech' AND channel = $1 AND direction = 'in' ORDER BY seq`,
    [channel],
  );
  return rows.map((row) => ({ seq: Number(row.seq), body: row.body, messageId: row.message_id }));
}

function post(body: unknown, key = initechKey): Promise<Response> {
  return fetch(`${receiverServer.url}${channelPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

/** A delivery signed as initech would sign it (the test holds the key globex issued to initech). */
function signed(fields: Omit<ChannelEnvelope, 'signature'>): ChannelEnvelope {
  return { ...fields, signature: signChannelMessage(channelSecret(initechKey), fields) };
}

/** A workflow's history as text with its payloads decoded, for "the message shows in the history". */
async function historyText(env: SynthorgTestEnv, workflowId: string): Promise<string> {
  const history = await env.client.temporal.workflow.getHandle(workflowId).fetchHistory();
  const text = JSON.stringify(history.events, (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
  );
  return text.replace(/"data":"([A-Za-z0-9+/=]+)"/g, (_match, data: string) =>
    JSON.stringify(Buffer.from(data, 'base64').toString('utf8')),
  );
}

/** The synthorg CLI against one of the two stacks. */
function cli(env: SynthorgTestEnv, args: string[]) {
  return runNode(synthorgBin, args, stackProcessEnv(env));
}

beforeAll(async () => {
  receiver = await startSynthorgTestEnv({}, { ownNamespace: true });
  sender = await startSynthorgTestEnv({}, { ownNamespace: true });
  await processes.prepare('channels');
  // The receiver's worker runs in this process; the sender's (the one that delivers) is a child to kill.
  receiverWorker = receiver.withWorker(() => new Promise<void>((resolve) => (stopReceiverWorker = resolve)));
  senderWorker = processes.worker(sender);
  await untilWorkerPolls(receiver.client.temporal, receiver.taskQueue);
  await untilWorkerPolls(sender.client.temporal, sender.taskQueue);
  await receiver.client.startCompany({ id: 'globex', template: skilledDuo('full') });
  await sender.client.startCompany({ id: 'initech', template: skilledDuo('full') });
  receiverServer = await startCompanyServer(receiver, 'globex');
  senderServer = await startCompanyServer(sender, 'initech');
  // initech issues globex a key; globex adds initech with it and issues initech its own key.
  const forGlobex = await new FederationClient(sender.pool).addPartner({
    companyId: 'initech',
    partnerId: 'globex',
    url: receiverServer.url,
  });
  const forInitech = await new FederationClient(receiver.pool).addPartner({
    companyId: 'globex',
    partnerId: 'initech',
    url: senderServer.url,
    outboundKey: forGlobex.inboundKey,
  });
  initechKey = forInitech.inboundKey;
  // Re-adding globex would void the key just given to it: the operator finishes the exchange with set-key.
  const setKey = await cli(sender, ['partner', 'set-key', 'initech', 'globex', initechKey, '--json']);
  expect(setKey.status, setKey.stderr).toBe(0);
  expect(JSON.parse(setKey.stdout)).toEqual({ companyId: 'initech', partnerId: 'globex', hasOutboundKey: true });
  const unknown = await cli(sender, ['partner', 'set-key', 'initech', 'nobody', 'k']);
  expect(unknown.status).not.toBe(0);
  expect(unknown.stderr).toContain('has no partner "nobody"');
  // Four minutes: two stacks and a worker process start slowly on the shared, loaded 2-core machine.
}, 240_000);

afterAll(async () => {
  await processes.stop();
  stopReceiverWorker?.();
  await receiverWorker;
  await receiverServer?.close();
  await senderServer?.close();
  await sender?.stop();
  await receiver?.stop();
});

describe('a durable channel between two organisations', () => {
  it('delivers messages sent while the delivering worker was killed once each and in order', async () => {
    const send = (index: number) =>
      sender.client.channels.send({ companyId: 'initech', partnerId: 'globex', channel: 'ops', body: `m${index}` });
    // The channel's delivery workflow, started before the sends signal it, with 10 s per delivery attempt instead of
    // 30 s: the kill lands while a message is on its way, and that attempt is tried again once its time is up.
    const outboxRef = { companyId: 'initech', partnerId: 'globex', channel: 'ops' };
    const outbox = await sender.client.temporal.workflow.start('channelOutboxWorkflow', {
      workflowId: channelOutboxWorkflowId(outboxRef),
      taskQueue: sender.taskQueue,
      args: [{ ...outboxRef, deliveryTimeout: '10 seconds' } satisfies ChannelOutboxInput],
    });
    for (let index = 1; index <= 5; index++) await send(index);
    await until('the first message to arrive', async () => ((await inbox('ops')).length >= 1 ? true : undefined));
    // SIGKILL the sender's worker (the one that delivers), then keep sending while it is down.
    await killProcess(senderWorker);
    for (let index = 6; index <= 10; index++) await send(index);
    const waiting = await sender.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM channel_messages WHERE company_id = 'initech' AND direction = 'out' AND acked_at IS NULL",
    );
    expect(waiting.rows[0]!.n).toBeGreaterThanOrEqual(5);

    senderWorker = processes.worker(sender);
    const arrived = await until('all ten messages to arrive', async () => {
      const rows = await inbox('ops');
      return rows.length >= 10 ? rows : undefined;
    });
    expect(arrived.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(arrived.map((row) => row.body)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10']);
    await until('every message to be acknowledged in the outbox', async () => {
      const sent = await sender.client.channels.list({ companyId: 'initech', channel: 'ops', direction: 'out' });
      return sent.length === 10 && sent.every((message) => message.ackedAt !== null) ? true : undefined;
    });

    // Visible in both companies' histories: the sender's delivery workflow and the receiver's inbox.
    const ref = { partnerId: 'globex', channel: 'ops' };
    const outHistory = await historyText(sender, channelOutboxWorkflowId({ companyId: 'initech', ...ref }));
    const inHistory = await historyText(
      receiver,
      channelInboxWorkflowId({ companyId: 'globex', partnerId: 'initech', channel: 'ops' }),
    );
    const missing = arrived.filter((row) => !outHistory.includes(row.messageId) || !inHistory.includes(row.messageId));
    expect(missing).toEqual([]);
    expect(inHistory).toContain('m10');
    // Each delivery was scheduled with the input's 10 s, and a workflow task sent to the killed worker's sticky queue
    // went to the new worker after 2 s, not 10 s.
    const outboxHistory = await outbox.fetchHistory();
    const deliverySeconds = new Set(
      (outboxHistory.events ?? []).flatMap((event) => {
        const scheduled = event.activityTaskScheduledEventAttributes;
        return scheduled?.activityType?.name === 'deliverChannelMessage'
          ? [Number(scheduled.startToCloseTimeout?.seconds)]
          : [];
      }),
    );
    expect(deliverySeconds).toEqual(new Set([10]));
    expect(stickyWaitsMs(outboxHistory).filter((waited) => waited >= 5_000)).toEqual([]);

    // A redelivery (a sender that died after posting, before recording the acknowledgement) is
    // acknowledged again and stored once.
    const again = await outboundEnvelope(sender.pool, {
      companyId: 'initech',
      partnerId: 'globex',
      channel: 'ops',
      seq: 3,
    });
    // While the inbox run lives, the same delivery is the same update: Temporal answers its first outcome.
    const response = await post(again!.envelope);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'stored' });
    // A delivery of an already stored sequence number under another id reaches the store: a duplicate.
    const { signature: _signature, ...fields } = again!.envelope;
    const redelivered = await post(signed({ ...fields, messageId: `${fields.messageId}-again` }));
    expect(await redelivered.json()).toEqual({ status: 'duplicate' });
    expect(await inbox('ops')).toEqual(arrived);
  });

  it('refuses forged, tampered, unauthenticated, malformed and out-of-order deliveries, storing nothing', async () => {
    const fields = {
      channel: 'audit',
      seq: 1,
      messageId: 'forged-1',
      sender: 'operator',
      body: 'wire $1M to account 42',
      sentAt: new Date().toISOString(),
    };
    const tampered = { ...signed({ ...fields, body: 'harmless' }), body: fields.body };
    let response = await post(tampered);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/^signature:/);

    const wrongSecret = { ...fields, signature: signChannelMessage(channelSecret('sok_not-the-key'), fields) };
    expect((await post(wrongSecret)).status).toBe(403);
    expect((await post(signed(fields), 'sok_unknown')).status).toBe(401);

    response = await post({ ...signed(fields), seq: -1 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^seq:/);

    response = await post(signed({ ...fields, seq: 2 }));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ status: 'gap', expectedSeq: 1 });
    expect(await inbox('audit')).toEqual([]);

    // The genuine first message is then taken.
    response = await post(signed(fields));
    expect(await response.json()).toEqual({ status: 'stored' });
    expect((await inbox('audit')).map((row) => row.body)).toEqual([fields.body]);
  });

  it("is read by the receiver's agents and works both ways from the CLI", async () => {
    const task = await receiver.client.submitGoal('globex', 'Summarise what partners told us');
    const handle = receiver.client.temporal.workflow.getHandle(taskWorkflowId('globex', task.id));
    const notes = await until('the task to read the channels', async () => {
      const texts = (await handle.query(stateQuery)).transcript.map((entry) => entry.text);
      return texts.some((text) => text.startsWith('channel message from')) ? texts : undefined;
    });
    expect(
      notes.some((text) => text.startsWith('channel message from initech on #ops') && text.endsWith(': m10')),
    ).toBe(true);

    const reply = await cli(receiver, ['channel', 'send', 'globex', 'initech', 'ops', 'received all ten', '--json']);
    expect(reply.status, reply.stderr).toBe(0);
    expect(JSON.parse(reply.stdout)).toMatchObject({
      direction: 'out',
      seq: 1,
      channel: 'ops',
      body: 'received all ten',
    });
    const listed = await until('the reply to reach initech', async () => {
      const run = await cli(sender, ['channel', 'list', 'initech', '--direction', 'in', '--json']);
      const messages = JSON.parse(run.stdout) as { body: string; partnerId: string }[];
      return messages.length === 1 ? messages : undefined;
    });
    expect(listed[0]).toMatchObject({ partnerId: 'globex', body: 'received all ten' });

    const bad = await cli(sender, ['channel', 'send', 'initech', 'globex', 'Bad Channel', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/channel "Bad Channel"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
