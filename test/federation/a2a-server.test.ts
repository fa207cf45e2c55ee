import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskState } from '@a2a-js/sdk';
import type { Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { companyWorkflowId } from '../../src/domain/ids.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import { startA2AServer } from '../../src/federation/a2a-server.ts';
import type { A2AServer } from '../../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../../src/federation/company-gateway.ts';
import { addPartner } from '../../src/federation/partners.ts';
import { fetchPartnerCard, partnerClient } from '../../src/federation/partner-client.ts';
import { userMessage } from '../../src/federation/a2a-parts.ts';
import { startSynthorgTestEnv, untilWorkerPolls } from '../helpers/synthorg-env.ts';
import { until } from '../helpers/until.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { skilledDuo } from './federation-fixtures.ts';

let env: SynthorgTestEnv;
let server: A2AServer;
let key: string;
let slowKey: string;
let otherKey: string;
let a2a: Client;
let stopWorker: () => void;
let workerDone: Promise<void>;

const companyId = 'seller-co';

beforeAll(async () => {
  env = await startSynthorgTestEnv({}, { ownNamespace: true });
  // One worker for the whole file: the server's tasks run on it while the tests call over HTTP.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  stopWorker = release;
  workerDone = env.withWorker(() => released);
  await untilWorkerPolls(env.client.temporal, env.taskQueue);
  await env.client.startCompany({ id: companyId, template: skilledDuo('semi') });
  const company = await env.client.temporal.workflow.getHandle(companyWorkflowId(companyId)).query(orgChartQuery);
  key = (await addPartner(env.pool, { companyId, partnerId: 'buyer' })).inboundKey;
  otherKey = (await addPartner(env.pool, { companyId, partnerId: 'other' })).inboundKey;
  slowKey = (await addPartner(env.pool, { companyId, partnerId: 'chatty', requestsPerMinute: 3 })).inboundKey;
  server = await startA2AServer({
    company,
    pool: env.pool,
    gateway: temporalCompanyGateway(env.client, env.taskQueue),
    maxBodyBytes: 8 * 1024,
    pollIntervalMs: 200,
  });
  a2a = await partnerClient(server.url, key);
});

afterAll(async () => {
  await server?.close();
  stopWorker?.();
  await workerDone;
  await env?.stop();
});

function send(text: string, messageId = randomUUID(), returnImmediately = false) {
  return {
    tenant: '',
    message: userMessage(text, messageId),
    configuration: {
      acceptedOutputModes: ['text/plain'],
      taskPushNotificationConfig: undefined,
      returnImmediately,
    },
    metadata: undefined,
  };
}

interface RpcReply {
  error: { code: number; message: string };
}

async function rawCall(
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: RpcReply }> {
  const response = await fetch(`${server.url}/a2a/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as RpcReply };
}

async function companyTaskCount(): Promise<number> {
  return (await env.client.status(companyId)).tasks.filter((task) => task.parentId === null).length;
}

describe('A2A server of a company, driven by the official A2A client', () => {
  it('publishes a card with the skills and security scheme, and nothing internal', async () => {
    const card = await fetchPartnerCard(server.url);
    expect(card.name).toBe('duo');
    expect(card.skills.map((skill) => skill.id)).toEqual(['research', 'copywriting']);
    expect(Object.keys(card.securitySchemes)).toEqual(['partnerKey']);
    expect(card.capabilities?.extensions.map((extension) => extension.uri)).toContain(
      'https://synthorg.dev/a2a/extensions/negotiation/v1',
    );
    const text = JSON.stringify(card);
    expect(text).not.toMatch(/offline|budget|Wren|monthly/i);
  });

  it('refuses a port another process holds, with a clear error, and leaves that server serving', async () => {
    const company = await env.client.temporal.workflow.getHandle(companyWorkflowId(companyId)).query(orgChartQuery);
    const port = Number(new URL(server.url).port);
    await expect(
      startA2AServer({ company, pool: env.pool, gateway: temporalCompanyGateway(env.client, env.taskQueue), port }),
    ).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use by another process`);
    expect((await fetchPartnerCard(server.url)).name).toBe('duo');
  });

  it('turns a message into a reviewed company task, answers with the result as an artifact, and GetTask reads it', async () => {
    const before = await companyTaskCount();
    const result = await a2a.sendMessage(send('Write a two-line summary of our research offering'));
    const task = result as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const artifact = task.artifacts[0];
    expect(artifact?.parts[0]?.content?.$case).toBe('text');
    const localId = task.metadata?.synthorgTaskId as string;
    const local = await env.client.task(companyId, localId);
    expect(local.status).toBe('COMPLETED');
    expect(local.reviewer).not.toBeNull();
    expect(local.reviewer).not.toBe(local.assignee);
    expect(artifact?.parts[0]?.content?.value).toBe(local.result);
    expect(await companyTaskCount()).toBe(before + 1);

    const read = await a2a.getTask({ tenant: '', id: task.id });
    expect(read.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(read.artifacts).toHaveLength(1);
  });

  it('streams status until the end', async () => {
    const states: TaskState[] = [];
    let artifacts = 0;
    for await (const event of a2a.sendMessageStream(send('Draft a tagline for the research service'))) {
      if (event.payload?.$case === 'task') states.push(event.payload.value.status?.state ?? 0);
      if (event.payload?.$case === 'statusUpdate') states.push(event.payload.value.status?.state ?? 0);
      if (event.payload?.$case === 'artifactUpdate') artifacts++;
    }
    expect(states[0]).toBe(TaskState.TASK_STATE_SUBMITTED);
    expect(states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifacts).toBe(1);
  });

  it('cancels: the company task is cancelled too', async () => {
    // "Deploy" makes the duo's worker ask for an approval, so the task waits and can be cancelled.
    const started = (await a2a.sendMessage(send('Deploy the new pricing page', randomUUID(), true))) as Task;
    const localId = started.metadata?.synthorgTaskId as string;
    // Polled up to 80 s, not 20: on a loaded machine the first step took longer than 20 s.
    await until(
      'the task awaiting its approval',
      async () => ((await env.client.task(companyId, localId)).status === 'AWAITING_APPROVAL' ? true : undefined),
      80_000,
    );
    const cancelled = await a2a.cancelTask({ tenant: '', id: started.id, metadata: undefined });
    expect(cancelled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await until(
      'the company task cancelled',
      async () => ((await env.client.task(companyId, localId)).status === 'CANCELLED' ? true : undefined),
      30_000,
    );
    expect((await env.client.task(companyId, localId)).status).toBe('CANCELLED');
    expect((await a2a.getTask({ tenant: '', id: started.id })).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('starts one task for the same message id sent twice', async () => {
    const before = await companyTaskCount();
    const messageId = randomUUID();
    const [first, second] = await Promise.all([
      a2a.sendMessage(send('Summarise the research market', messageId)),
      a2a.sendMessage(send('Summarise the research market', messageId)),
    ]);
    expect((first as Task).id).toBe((second as Task).id);
    const third = (await a2a.sendMessage(send('Summarise the research market', messageId))) as Task;
    expect(third.id).toBe((first as Task).id);
    expect(await companyTaskCount()).toBe(before + 1);
  });

  it('refuses unauthenticated, oversized, malformed and over-limit calls without changing anything', async () => {
    const before = await companyTaskCount();
    const { rows: beforeRows } = await env.pool.query('SELECT count(*)::int AS n FROM a2a_tasks');
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: { message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'hello' }] } },
    });
    const noKey = await rawCall(call);
    expect(noKey.status).toBe(401);
    const wrongKey = await rawCall(call, { authorization: 'Bearer sok_not-a-key' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json.error.message).toMatch(/unknown or revoked/);

    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'SendMessage',
      params: { message: { messageId: 'x', role: 'ROLE_USER', parts: [{ text: 'a'.repeat(20_000) }] } },
    });
    const oversized = await rawCall(huge, { authorization: `Bearer ${key}` });
    expect(oversized.status).toBe(413);

    const malformed = await rawCall(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'SendMessage',
        params: { message: { role: 'ROLE_USER', parts: [] } },
      }),
      { authorization: `Bearer ${key}` },
    );
    expect(malformed.json.error.code).toBe(-32602);
    expect(malformed.json.error.message).toMatch(/^params\.message\.messageId/);
    const badJson = await rawCall('{"jsonrpc": ', { authorization: `Bearer ${key}` });
    expect(badJson.json.error.code).toBe(-32700);
    const unknownMethod = await rawCall(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'DropTables', params: {} }), {
      authorization: `Bearer ${key}`,
    });
    expect(unknownMethod.json.error.code).toBe(-32601);

    const getUnknown = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'GetTask', params: { id: 'nope' } });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await rawCall(getUnknown, { authorization: `Bearer ${slowKey}` })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);

    expect(await companyTaskCount()).toBe(before);
    const { rows: afterRows } = await env.pool.query('SELECT count(*)::int AS n FROM a2a_tasks');
    expect(afterRows).toEqual(beforeRows);
  });

  it('does not show one partner the tasks of another', async () => {
    const mine = (await a2a.sendMessage(send('Name three research topics', randomUUID(), true))) as Task;
    const other = await partnerClient(server.url, otherKey);
    await expect(other.getTask({ tenant: '', id: mine.id })).rejects.toThrow(/not found/i);
  });
});
