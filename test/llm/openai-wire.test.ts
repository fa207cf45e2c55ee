import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import type { AgentStepInput } from '../../src/domain/agent-action.ts';
import { costOf } from '../../src/domain/budget.ts';
import { priceFor } from '../../src/llm/prices.ts';
import { callProviderModel, isPermanentModelError, PaidBadModelOutputError } from '../../src/llm/provider-model.ts';
import { ProviderConfigError } from '../../src/llm/providers.ts';

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: { role: string; content: unknown }[];
    temperature?: number;
    max_tokens?: number;
    response_format?: { type: string; json_schema?: { name?: string; schema?: Record<string, unknown> } };
  };
}

interface Reply {
  status?: number;
  content?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Why the model stopped ('stop' unless given; 'length' where the output cap cut the reply). */
  finishReason?: string;
  delayMs?: number;
}

/** A minimal OpenAI chat-completions server: records each request and answers with the next queued reply. */
const requests: RecordedRequest[] = [];
let replies: Reply[] = [];
let server: Server;
let baseURL: string;

function completion(model: string, reply: Reply): object {
  const promptTokens = reply.promptTokens ?? 10;
  const completionTokens = reply.completionTokens ?? 5;
  return {
    id: `chatcmpl-${requests.length}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content ?? '' },
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as RecordedRequest['body'];
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const reply = replies.shift() ?? { content: '{"type":"answer","text":"default reply"}' };
      const send = (): void => {
        if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ error: { message: `no route ${request.url}`, type: 'invalid_request_error' } }),
          );
          return;
        }
        const status = reply.status ?? 200;
        response.writeHead(status, { 'content-type': 'application/json' });
        if (status === 200) response.end(JSON.stringify(completion(body.model ?? '', reply)));
        else
          response.end(
            JSON.stringify({ error: { message: `simulated ${status}`, type: 'server_error', code: status } }),
          );
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  requests.length = 0;
  replies = [];
});

function openaiConfig(extra: Record<string, string> = {}) {
  return loadConfig({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseURL, ...extra });
}

function stepInput(overrides: Partial<AgentStepInput> = {}): AgentStepInput {
  return {
    companyId: 'acme',
    workflowId: 'company:acme:task:1',
    step: 3,
    mode: 'work',
    agent: {
      id: 'eng-1',
      name: 'Ada',
      role: 'Backend Engineer',
      seniority: 'senior',
      department: 'engineering',
      model: 'default',
    },
    task: {
      id: 't1',
      title: 'Design the billing API',
      description: 'REST endpoints for invoices.',
      acceptanceCriteria: 'Lists endpoints with request and response shapes.',
      depth: 0,
      maxSubtasks: 3,
      delegates: ['eng-2'],
      subtaskAssignees: ['eng-2', 'eng-3'],
      teamRoles: { 'eng-2': 'Frontend Engineer', 'eng-3': 'QA Engineer' },
      revision: 0,
    },
    transcript: [{ kind: 'recall', text: 'Invoices are monthly.' }],
    ...overrides,
  };
}

/** The text of one chat message of the request-th recorded request (content is a string or a list of parts). */
function messageText(request: number, message: number): string {
  const content = requests[request]?.body.messages?.[message]?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
}

describe('callProviderModel against an OpenAI chat-completions server', () => {
  it('sends the key, model id and system + user messages, and returns the parsed action, tokens and cost', async () => {
    replies.push({
      content: '```json\n{"type":"delegate","to":"eng-2","note":"frontend work"}\n```',
      promptTokens: 1234,
      completionTokens: 56,
    });
    const result = await callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig());

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(request?.body.model).toBe('gpt-4.1-mini');
    expect(request?.body.temperature).toBe(0);
    const messages = request?.body.messages ?? [];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messageText(0, 0)).toContain('Ada');
    expect(messageText(0, 0)).toContain('exactly one JSON object');
    expect(messageText(0, 1)).toContain('Design the billing API');
    expect(messageText(0, 1)).toContain('Invoices are monthly.');

    expect(result.action).toEqual({ type: 'delegate', to: 'eng-2', note: 'frontend work' });
    expect(result.inputTokens).toBe(1234);
    expect(result.outputTokens).toBe(56);
    expect(result.model).toBe('openai:gpt-4.1-mini');
    expect(result.costUsd).toBe(costOf({ inputTokens: 1234, outputTokens: 56 }, priceFor('openai:gpt-4.1-mini').price));
    // 1234 × $0.40/M + 56 × $1.60/M, rounded to micro-dollars.
    expect(result.costUsd).toBe(0.000583);
    expect(result.text).toContain('"delegate"');
  });

  it('resolves "default" to the OpenAI default model when only an OpenAI key is set', async () => {
    const result = await callProviderModel(stepInput(), 'default', openaiConfig());
    expect(result.model).toBe('openai:gpt-4.1-mini');
    expect(requests[0]?.body.model).toBe('gpt-4.1-mini');
  });

  it('sends the draft in review mode and parses the verdict', async () => {
    replies.push({ content: '{"type":"review","verdict":"reject","feedback":"no error shapes"}' });
    const result = await callProviderModel(
      stepInput({ mode: 'review', draft: 'GET /invoices returns a list.' }),
      'openai:gpt-4o-mini',
      openaiConfig(),
    );
    expect(messageText(0, 1)).toContain('GET /invoices returns a list.');
    expect(result.action).toEqual({ type: 'review', verdict: 'reject', feedback: 'no error shapes' });
  });

  it('offers decompose and delegate only when the task allows them, naming the allowed agents', async () => {
    await callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig());
    const open = messageText(0, 0);
    expect(open).toContain('1 to 3 subtasks');
    expect(open).toContain('eng-2 (Frontend Engineer), eng-3 (QA Engineer)');
    expect(open).toContain('{"type":"delegate"');

    const base = stepInput();
    const closed = stepInput({ task: { ...base.task, maxSubtasks: 0, delegates: [] } });
    await callProviderModel(closed, 'openai:gpt-4.1-mini', openaiConfig());
    const system = messageText(1, 0);
    expect(system).not.toContain('{"type":"decompose"');
    expect(system).not.toContain('{"type":"delegate"');
    expect(system).toContain('do not decompose');
    expect(system).toContain('request_approval');
  });

  it('classifies a 500 as transient and does not retry inside the SDK', async () => {
    replies.push({ status: 500 });
    const error = await rejectionOf(callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig()));
    expect(isPermanentModelError(error)).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it('classifies a 429 as transient', async () => {
    replies.push({ status: 429 });
    const error = await rejectionOf(callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig()));
    expect(isPermanentModelError(error)).toBe(false);
  });

  it('classifies a 401 and a 404 as permanent', async () => {
    replies.push({ status: 401 });
    const unauthorized = await rejectionOf(callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig()));
    expect(isPermanentModelError(unauthorized)).toBe(true);
    replies.push({ status: 404 });
    const missingModel = await rejectionOf(callProviderModel(stepInput(), 'openai:no-such-model', openaiConfig()));
    expect(isPermanentModelError(missingModel)).toBe(true);
  });

  it('classifies a refused connection as transient', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const config = loadConfig({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    const error = await rejectionOf(callProviderModel(stepInput(), 'openai:gpt-4.1-mini', config));
    expect(isPermanentModelError(error)).toBe(false);
  });

  it('re-asks once with the validation error, then reports a permanent error that carries the spend', async () => {
    replies.push({ content: 'Hmm, hard to say.', promptTokens: 1000, completionTokens: 10 });
    replies.push({ content: 'Still thinking.', promptTokens: 1100, completionTokens: 20 });
    const wasted: PaidBadModelOutputError[] = [];
    const error = await rejectionOf(
      callProviderModel(stepInput({ mode: 'review', draft: 'x' }), 'openai:gpt-4.1-mini', openaiConfig(), {
        onUnusable: async (unusable) => void wasted.push(unusable),
      }),
    );
    expect(requests).toHaveLength(2);
    // The repair request shows the model its reply and what was wrong with it.
    expect(requests[1]?.body.messages?.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messageText(1, 2)).toBe('Hmm, hard to say.');
    expect(messageText(1, 3)).toContain('neither a JSON verdict nor starts with APPROVE or REJECT');
    expect(wasted.map((first) => first.spend)).toEqual([
      { model: 'openai:gpt-4.1-mini', inputTokens: 1000, outputTokens: 10, costUsd: 0.000416 },
    ]);
    expect(wasted[0]?.afterRepair).toBe(false);

    expect(error).toBeInstanceOf(PaidBadModelOutputError);
    const failed = error as PaidBadModelOutputError;
    expect(failed.afterRepair).toBe(true);
    expect(failed.excerpt).toBe('Still thinking.');
    expect(failed.spend).toEqual({
      model: 'openai:gpt-4.1-mini',
      inputTokens: 1100,
      outputTokens: 20,
      costUsd: costOf({ inputTokens: 1100, outputTokens: 20 }, priceFor('openai:gpt-4.1-mini').price),
    });
    expect(isPermanentModelError(error)).toBe(true);
  });

  it('says the output cap cut a reply that stopped at it, with what the cut reply spent', async () => {
    replies.push({ content: '{"type":"answer","text":"a long ans', completionTokens: 40, finishReason: 'length' });
    replies.push({ content: '{"type":"answer","text":"still lo', completionTokens: 40, finishReason: 'length' });
    const error = await rejectionOf(
      callProviderModel({ ...stepInput(), maxOutputTokens: 40 }, 'openai:gpt-4.1-mini', openaiConfig()),
    );
    expect(error).toBeInstanceOf(PaidBadModelOutputError);
    expect((error as Error).message).toContain('(the reply was cut at maxOutputTokens 40)');
    expect((error as PaidBadModelOutputError).spend).toMatchObject({ inputTokens: 10, outputTokens: 40 });
  });

  it('takes the repaired reply when the re-ask gives a valid action', async () => {
    replies.push({ content: '{"type":"delegate","to":"nobody"}', promptTokens: 800, completionTokens: 12 });
    replies.push({ content: '{"type":"delegate","to":"eng-2","note":"ui"}', promptTokens: 900, completionTokens: 14 });
    let wasted = 0;
    const result = await callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig(), {
      onUnusable: async () => void wasted++,
    });
    expect(wasted).toBe(1);
    // The delegate is checked against the step's own enum, not just "a string".
    expect(messageText(1, 3)).toMatch(/to.*eng-2/);
    expect(result.action).toEqual({ type: 'delegate', to: 'eng-2', note: 'ui' });
    expect(result.repaired).toBe(true);
    expect(result.inputTokens).toBe(900);
  });

  it('sends the step schema as structured output and the output cap', async () => {
    const base = stepInput();
    await callProviderModel({ ...base, maxOutputTokens: 300 }, 'openai:gpt-4.1-mini', openaiConfig());
    const open = requests[0]?.body;
    expect(open?.max_tokens).toBe(300);
    expect(open?.response_format?.type).toBe('json_schema');
    const schemaText = JSON.stringify(open?.response_format?.json_schema?.schema);
    expect(schemaText).toContain('"decompose"');
    expect(schemaText).toContain('"enum":["eng-2"]');
    expect(schemaText).toContain('"enum":["eng-2","eng-3"]');

    const closed = { ...base, task: { ...base.task, maxSubtasks: 0, delegates: [] } };
    await callProviderModel(closed, 'openai:gpt-4.1-mini', openaiConfig());
    const closedSchema = JSON.stringify(requests[1]?.body.response_format?.json_schema?.schema);
    expect(closedSchema).not.toContain('"decompose"');
    expect(closedSchema).not.toContain('"delegate"');
    expect(closedSchema).toContain('"run_code"');

    replies.push({}, { content: '{"type":"review","verdict":"approve"}' });
    await callProviderModel(stepInput({ mode: 'review', draft: 'x' }), 'openai:gpt-4.1-mini', openaiConfig()).catch(
      () => undefined,
    );
    const review = requests[2]?.body.response_format?.json_schema;
    expect(review?.name).toBe('review_verdict');
    expect(JSON.stringify(review?.schema)).toContain('"enum":["approve","reject"]');
  });

  it('stops when the abort signal fires', async () => {
    replies.push({ delayMs: 2_000 });
    const controller = new AbortController();
    const call = callProviderModel(stepInput(), 'openai:gpt-4.1-mini', openaiConfig(), {
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await rejectionOf(call);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(isPermanentModelError(error)).toBe(false);
  });

  it('fails with the variable to set, without sending a request, when the key is missing', async () => {
    const error = await rejectionOf(
      callProviderModel(stepInput(), 'openai:gpt-4.1-mini', loadConfig({ OPENAI_BASE_URL: baseURL })),
    );
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as Error).message).toContain('OPENAI_API_KEY');
    expect(isPermanentModelError(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });
});

describe('OpenAI-compatible and Ollama models against the same server', () => {
  it('calls an openai-compatible:<model> at SYNTHORG_OPENAI_COMPATIBLE_BASE_URL', async () => {
    replies.push({ content: '{"type":"recall","query":"billing"}', promptTokens: 300, completionTokens: 20 });
    const config = loadConfig({
      SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: baseURL,
      SYNTHORG_OPENAI_COMPATIBLE_API_KEY: 'compat-key',
    });
    const result = await callProviderModel(stepInput(), 'openai-compatible:qwen2.5-7b', config);
    expect(requests[0]?.url).toBe('/v1/chat/completions');
    expect(requests[0]?.headers.authorization).toBe('Bearer compat-key');
    expect(requests[0]?.body.model).toBe('qwen2.5-7b');
    expect(result.action).toEqual({ type: 'recall', query: 'billing' });
    expect(result.inputTokens).toBe(300);
    expect(result.outputTokens).toBe(20);
    // Not in the price table: recorded as free rather than guessed.
    expect(result.costUsd).toBe(0);
  });

  it('names SYNTHORG_OPENAI_COMPATIBLE_BASE_URL when it is unset', async () => {
    const error = await rejectionOf(callProviderModel(stepInput(), 'openai-compatible:qwen2.5-7b', loadConfig({})));
    expect((error as Error).message).toContain('SYNTHORG_OPENAI_COMPATIBLE_BASE_URL');
    expect(isPermanentModelError(error)).toBe(true);
  });

  it('falls back to text JSON for an openai-compatible server without structured output', async () => {
    replies.push(
      { content: 'I think the task is done.' },
      { content: 'Sure:\n```json\n{"type":"answer","text":"ok"}\n```' },
    );
    const config = loadConfig({
      SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: baseURL,
      SYNTHORG_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS: 'false',
    });
    const result = await callProviderModel(stepInput(), 'openai-compatible:qwen2.5-7b', config);
    expect(requests[0]?.body.response_format).toBeUndefined();
    expect(messageText(1, 3)).toContain('prose');
    expect(result.action).toEqual({ type: 'answer', text: 'ok' });
    expect(result.repaired).toBe(true);
  });

  it('calls ollama:<model> at OLLAMA_BASE_URL without a key, at zero cost', async () => {
    replies.push({ content: '{"type":"answer","text":"done"}', promptTokens: 500, completionTokens: 50 });
    const result = await callProviderModel(stepInput(), 'ollama:llama3.2', loadConfig({ OLLAMA_BASE_URL: baseURL }));
    expect(requests[0]?.body.model).toBe('llama3.2');
    expect(requests[0]?.headers.authorization).toBeUndefined();
    expect(result.action).toEqual({ type: 'answer', text: 'done' });
    expect(result.costUsd).toBe(0);
    expect(result.inputTokens).toBe(500);
  });
});
