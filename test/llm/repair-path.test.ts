import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CompanyTemplateInput } from '../../src/config/schemas.ts';
import { startSynthorgTestEnv, type SynthorgTestEnv } from '../helpers/synthorg-env.ts';

/** An OpenAI-compatible chat server over real HTTP that answers each request with the next scripted reply. */
let server: Server;
let replies: string[] = [];
const requests: { messages: { role: string; content: unknown }[]; response_format?: { type: string } }[] = [];
let env: SynthorgTestEnv;

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push(JSON.parse(raw) as (typeof requests)[number]);
      const content = replies.shift() ?? 'no reply scripted';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'stub',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 400 + requests.length, completion_tokens: 20, total_tokens: 420 + requests.length },
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  env = await startSynthorgTestEnv({
    SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: baseURL,
    // A paid-looking model the price table lacks is refused; the stub bills nothing.
    SYNTHORG_MODEL_PRICES: 'openai-compatible:stub=free',
  });
});

afterAll(async () => {
  await env?.stop();
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  replies = [];
  requests.length = 0;
});

/** A lead who must answer directly and a writer who reviews it, both on the stub. */
function pairTemplate(): CompanyTemplateInput {
  const model = 'openai-compatible:stub';
  return {
    name: 'pair',
    version: '1.0.0',
    company: { monthlyBudgetUsd: 10, oversight: 'full' },
    departments: [{ name: 'ops', head: 'lead', budgetShare: 1 }],
    agents: [
      { id: 'lead', name: 'Lee', role: 'Lead', department: 'ops', seniority: 'lead', model, actions: ['answer'] },
      { id: 'writer', name: 'Wyn', role: 'Writer', department: 'ops', seniority: 'mid', model, reportsTo: 'lead' },
    ],
    policies: { maxDecompositionDepth: 0, maxTasksPerGoal: 1, maxOutputTokens: 200 },
  };
}

async function ledger(companyId: string) {
  const { rows } = await env.pool.query<{
    call_key: string;
    input_tokens: number;
    output_tokens: number;
    response: Record<string, unknown>;
  }>('SELECT call_key, input_tokens, output_tokens, response FROM ledger WHERE company_id = $1 ORDER BY id', [
    companyId,
  ]);
  return rows;
}

describe('unusable model output on a real HTTP provider', () => {
  it('is repaired by one re-ask: two ledger rows for the step, then the task completes', async () => {
    replies.push(
      'Sure! I will write the note now.',
      '{"type":"answer","text":"Welcome aboard."}',
      '{"type":"review","verdict":"approve","feedback":"fine"}',
    );
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'repair-ok', template: pairTemplate() });
      const root = await env.client.submitGoal('repair-ok', 'Write a welcome note');
      const done = await env.client.waitForTask('repair-ok', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      expect(done.result).toBe('Welcome aboard.');
    });
    expect(requests).toHaveLength(3);
    expect(requests[0]?.response_format?.type).toBe('json_schema');
    const repair = requests[1]?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(String(repair[3]?.content)).toContain('prose');

    const rows = await ledger('repair-ok');
    const keys = rows.map((row) => row.call_key.slice(row.call_key.indexOf('#')));
    expect(keys).toEqual(['#1#unusable', '#1', '#2']);
    expect(rows[0]?.response).toMatchObject({ excerpt: 'Sure! I will write the note now.' });
    expect(rows.map((row) => row.input_tokens)).toEqual([401, 402, 403]);
  });

  it('fails only that step, non-retryably, when the repair is unusable too: the task ends FAILED', async () => {
    replies.push('I am not sure what to do.', '{"type":"answer"');
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'repair-fails', template: pairTemplate() });
      const root = await env.client.submitGoal('repair-fails', 'Write a welcome note');
      const done = await env.client.waitForTask('repair-fails', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('FAILED');
      expect(done.failureReason).toMatch(/BadModelOutput/);
      expect(done.failureReason).toMatch(/truncated/);
      const company = await env.client.status('repair-fails');
      expect(company.tasks.find((task) => task.id === root.id)?.status).toBe('FAILED');
    });
    // No Temporal retry of a permanent failure: the first call and its one repair, nothing more.
    expect(requests).toHaveLength(2);
    const rows = await ledger('repair-fails');
    expect(rows.map((row) => row.call_key.slice(row.call_key.indexOf('#')))).toEqual(['#1#unusable', '#1#repair']);
    expect(rows.map((row) => row.output_tokens)).toEqual([20, 20]);
  });
});
