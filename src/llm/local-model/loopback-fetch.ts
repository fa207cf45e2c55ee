import { request } from 'node:http';

/**
 * `fetch` for a local model's loopback server, over node:http without a response deadline. Node's
 * built-in fetch gives up when response headers take more than five minutes, and llama.cpp's server
 * sends none until a non-streamed completion is done: on a busy CPU a step then failed, was retried
 * from scratch and failed again, never finishing. The activity's own timeouts and heartbeats bound
 * the call instead; an abort (a cancelled or timed-out attempt) still ends it at once.
 */
export const loopbackFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const signal = init?.signal ?? undefined;
  signal?.throwIfAborted();
  const body = init?.body;
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new TypeError('the local model client sends JSON text bodies only');
  }
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  return new Promise<Response>((resolve, reject) => {
    const outgoing = request(url, { method: init?.method ?? 'GET', headers, signal }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve(
          new Response(Buffer.concat(chunks), {
            status: incoming.statusCode ?? 500,
            statusText: incoming.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      });
    });
    outgoing.on('error', reject);
    if (body) outgoing.write(body);
    outgoing.end();
  });
};
