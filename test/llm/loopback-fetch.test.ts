import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackFetch } from '../../src/llm/local-model/loopback-fetch.ts';

const server = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
  request.on('end', () => {
    const delayMs = Number(request.headers['x-delay'] ?? 0);
    setTimeout(() => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-echo': request.headers['x-echo'] ?? '' });
      response.end(JSON.stringify({ method: request.method, path: request.url, body: raw }));
    }, delayMs);
  });
});
let baseURL: string;

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe('loopbackFetch (the local model client, without a header deadline)', () => {
  it('sends the method, headers and JSON body and returns status, headers and body', async () => {
    const response = await loopbackFetch(`${baseURL}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-echo': 'hello' },
      body: '{"model":"x"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('hello');
    expect(await response.json()).toEqual({ method: 'POST', path: '/v1/chat/completions', body: '{"model":"x"}' });
  });

  it('ends at once when the attempt is cancelled', async () => {
    const controller = new AbortController();
    const pending = loopbackFetch(`${baseURL}/slow`, { headers: { 'x-delay': '600000' }, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    // The server would answer in ten minutes: only the abort can end this before the test times out.
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
