import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** `http://host:port`; scrape `${url}/metrics`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `/metrics`: this process's registry followed by the Temporal SDK's own metrics, which the SDK's
 * core exposes on a loopback port of its own (`temporalMetricsUrl`) and this endpoint forwards, so a
 * scraper needs one target per worker.
 */
export async function startMetricsServer(options: {
  registry: Registry;
  host: string;
  port: number;
  temporalMetricsUrl?: string | undefined;
}): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: scrape /metrics\n');
      return;
    }
    void exposition(options.registry, options.temporalMetricsUrl).then(
      (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function exposition(registry: Registry, temporalMetricsUrl: string | undefined): Promise<string> {
  const own = await registry.metrics();
  if (!temporalMetricsUrl) return own;
  try {
    const response = await fetch(temporalMetricsUrl, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return `${own.trimEnd()}\n${await response.text()}`;
  } catch (error) {
    // Our own metrics are still worth a scrape when the SDK's exporter does not answer.
    return `${own.trimEnd()}\n# Temporal SDK metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}
