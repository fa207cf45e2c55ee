import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One queued answer of the stub: a completion, or an HTTP error with headers (e.g. 429 with Retry-After). */
export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** The error body's `error.code` / `error.type` (OpenAI sends `insufficient_quota` for an exhausted quota). */
  errorCode?: string;
  errorMessage?: string;
  content?: string;
  promptTokens?: number;
  completionTokens?: number;
  delayMs?: number;
  /**
   * The first token's likeliest alternatives with their log probabilities, sent as `logprobs.content[0].top_logprobs`
   * (as llama.cpp does) when the request asked for `logprobs`; the first one is the token itself.
   */
  topLogprobs?: { token: string; logprob: number }[];
}

export interface OpenAIStub {
  /** `http://127.0.0.1:<port>/v1`, for OPENAI_BASE_URL or SYNTHORG_OPENAI_COMPATIBLE_BASE_URL. */
  baseURL: string;
  /** Requests received, in order. */
  readonly requests: { path: string; body: Record<string, unknown>; at: number }[];
  /** Most requests that were in flight at the same time. */
  readonly peakConcurrency: number;
  /** Answers for the next requests, in order; when empty, `script` answers, then `fallback`. */
  queue(...replies: StubReply[]): void;
  /** A scripted model: answers a request from its body (e.g. by reading the prompt), or leaves it to `fallback`. */
  script: ((body: Record<string, unknown>) => StubReply | undefined) | undefined;
  fallback: StubReply;
  close(): Promise<void>;
}

/**
 * A real HTTP server speaking the OpenAI chat-completions API (and embeddings), for tests that need a
 * provider that bills, rate-limits or answers slowly.
 */
export async function startOpenAIStub(fallback: StubReply = {}): Promise<OpenAIStub> {
  const replies: StubReply[] = [];
  const requests: OpenAIStub['requests'] = [];
  let inFlight = 0;
  let peak = 0;
  const stub = {
    baseURL: '',
    requests,
    get peakConcurrency() {
      return peak;
    },
    queue: (...next: StubReply[]) => void replies.push(...next),
    script: undefined as OpenAIStub['script'],
    fallback,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  } satisfies OpenAIStub;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const path = request.url ?? '';
      requests.push({ path, body, at: Date.now() });
      const reply = replies.shift() ?? stub.script?.(body) ?? stub.fallback;
      inFlight++;
      peak = Math.max(peak, inFlight);
      const send = () => {
        inFlight--;
        const status = reply.status ?? 200;
        response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
        if (status !== 200) {
          response.end(
            JSON.stringify({
              error: {
                message: reply.errorMessage ?? `simulated ${status}`,
                type: reply.errorCode ?? 'server_error',
                code: reply.errorCode ?? status,
              },
            }),
          );
          return;
        }
        const promptTokens = reply.promptTokens ?? 10;
        const completionTokens = reply.completionTokens ?? 5;
        const usage = {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        };
        if (path.endsWith('/embeddings')) {
          const inputs = Array.isArray(body.input) ? body.input : [body.input];
          response.end(
            JSON.stringify({
              object: 'list',
              model: body.model,
              data: inputs.map((_input, index) => ({ object: 'embedding', index, embedding: [1, index + 1, 0.5] })),
              usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
            }),
          );
          return;
        }
        response.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: 1_700_000_000,
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply.content ?? '{"type":"answer","text":"done"}' },
                finish_reason: 'stop',
                ...(body.logprobs === true && reply.topLogprobs !== undefined && reply.topLogprobs.length > 0
                  ? {
                      logprobs: {
                        content: [
                          { ...reply.topLogprobs[0], top_logprobs: reply.topLogprobs.map((top) => ({ ...top })) },
                        ],
                      },
                    }
                  : {}),
              },
            ],
            usage,
          }),
        );
      };
      setTimeout(send, reply.delayMs ?? 0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  stub.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}
