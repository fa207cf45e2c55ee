import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesScaler } from '../../src/scaling/kubernetes-scaler.ts';

/**
 * The Kubernetes scaler with the real @kubernetes/client-node against a real HTTP server that answers
 * the apps/v1 scale subresource like an API server and records every request it gets.
 */
interface Seen {
  method: string;
  path: string;
  query: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

const seen: Seen[] = [];
const replicas = new Map<string, number>([['synthorg-worker-gpu', 1]]);
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const text = Buffer.concat(chunks).toString('utf8');
    seen.push({
      method: request.method ?? '',
      path: url.pathname,
      query: url.search,
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    });
    const match = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)\/scale$/.exec(url.pathname);
    const name = match?.[2] ?? '';
    if (!match || !replicas.has(name)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: `deployments.apps "${name}" not found`,
        }),
      );
      return;
    }
    if (request.method === 'PATCH') {
      const patch = JSON.parse(text) as { spec: { replicas: number } };
      replicas.set(name, patch.spec.replicas);
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: { name, namespace: match[1] },
        spec: { replicas: replicas.get(name) },
        status: { replicas: replicas.get(name) },
      }),
    );
  });
});

let scaler: KubernetesScaler;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      { name: 'fake', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'fake', token: 'scaler-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
    currentContext: 'fake',
  });
  scaler = new KubernetesScaler({
    namespace: 'synthorg',
    deployments: { gpu: 'synthorg-worker-gpu', default: 'synthorg-worker-missing' },
    kubeConfig,
  });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('KubernetesScaler', () => {
  it('reads the scale and sends exactly one JSON merge patch of spec.replicas', async () => {
    expect(await scaler.current('gpu')).toBe(1);
    await scaler.scaleTo('gpu', 3);
    expect(await scaler.current('gpu')).toBe(3);
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /apis/apps/v1/namespaces/synthorg/deployments/synthorg-worker-gpu/scale',
      'PATCH /apis/apps/v1/namespaces/synthorg/deployments/synthorg-worker-gpu/scale',
      'GET /apis/apps/v1/namespaces/synthorg/deployments/synthorg-worker-gpu/scale',
    ]);
    const patch = seen[1]!;
    expect(patch.contentType).toBe('application/merge-patch+json');
    expect(patch.body).toEqual({ spec: { replicas: 3 } });
    expect(patch.query).toBe('?fieldManager=synthorg-autoscaler');
    expect(patch.authorization).toBe('Bearer scaler-token');
  });

  it('names the pool and the Deployment when there is none', async () => {
    await expect(scaler.scaleTo('cpu', 1)).rejects.toThrow('no Deployment configured for pool "cpu"');
    await expect(scaler.scaleTo('default', 2)).rejects.toThrow(
      /cannot scale deployment synthorg-worker-missing to 2 in namespace synthorg: HTTP 404/,
    );
  });
});
