import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { V1PodStatus } from '@kubernetes/client-node';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

/** What the fake cluster does with the run's pod. */
export interface PodScript {
  /** Pod status on each successive pod listing; the last one repeats. */
  statuses: V1PodStatus[];
  /** Chunks of the followed log, written `logIntervalMs` apart. */
  logChunks: string[];
  logIntervalMs?: number;
  /**
   * Like a real API server, the followed log stays open until the pod listing reports the container
   * terminated or the Job is deleted; with `closeLogEarly` it ends right after its chunks instead.
   */
  closeLogEarly?: boolean;
  /** The whole log, served to a read without `follow`. */
  wholeLog?: string;
  jobCreationStatus?: number;
  networkPolicyExists?: boolean;
}

export interface FakeKubernetes {
  requests: RecordedRequest[];
  /** `METHOD path` of every request, in order, with consecutive pod listings collapsed into one entry. */
  callSequence(): string[];
  /** Followed log requests the client closed before the server ended them. */
  abortedLogStreams: number;
  kubeConfig(): KubeConfig;
  close(): Promise<void>;
}

export const fakeToken = 'fake-cluster-token';

/**
 * A real HTTP server that answers the Kubernetes API calls of the sandbox backend, records every request,
 * and plays a scripted pod lifecycle. The client under test is the real `@kubernetes/client-node`.
 */
export async function startFakeKubernetes(script: PodScript): Promise<FakeKubernetes> {
  const requests: RecordedRequest[] = [];
  const openLogs = new Set<ServerResponse>();
  const finishedLogs = new WeakSet<ServerResponse>();
  const endOpenLogs = (): void => {
    for (const response of openLogs) {
      finishedLogs.add(response);
      response.end();
    }
  };
  let job: { name: string; namespace: string; runId: string } | undefined;
  let podListings = 0;
  const state = { abortedLogStreams: 0 };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status(500, String(error))));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const text = await readBody(request);
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = request.method ?? 'GET';
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: request.headers.authorization,
    });
    const route = `${method} ${url.pathname}`;
    let match: RegExpExecArray | null;

    if ((match = /^POST \/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies$/.exec(route))) {
      if (script.networkPolicyExists)
        return json(
          response,
          409,
          status(409, 'networkpolicies "synthorg-sandbox-deny-all" already exists', 'AlreadyExists'),
        );
      return json(response, 201, body);
    }
    if ((match = /^POST \/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs$/.exec(route))) {
      if (script.jobCreationStatus)
        return json(
          response,
          script.jobCreationStatus,
          status(script.jobCreationStatus, 'etcdserver: request timed out'),
        );
      const manifest = body as { metadata: { name: string; labels: Record<string, string> } };
      job = {
        name: manifest.metadata.name,
        namespace: match[1] ?? '',
        runId: manifest.metadata.labels['synthorg.io/run-id'] ?? '',
      };
      return json(response, 201, { ...manifest, metadata: { ...manifest.metadata, uid: 'job-uid-1' } });
    }
    if (/^POST \/api\/v1\/namespaces\/[^/]+\/configmaps$/.test(route)) return json(response, 201, body);
    if (/^GET \/api\/v1\/namespaces\/[^/]+\/pods$/.test(route)) {
      const podStatus = script.statuses[Math.min(podListings, script.statuses.length - 1)] ?? {};
      const items = job ? [pod(job, podStatus)] : [];
      if (job) podListings += 1;
      if (podStatus.containerStatuses?.some((container) => container.state?.terminated)) endOpenLogs();
      return json(response, 200, { apiVersion: 'v1', kind: 'PodList', metadata: {}, items });
    }
    if ((match = /^GET \/api\/v1\/namespaces\/[^/]+\/pods\/([^/]+)\/log$/.exec(route))) {
      if (url.searchParams.get('follow') !== 'true') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        return void response.end(script.wholeLog ?? script.logChunks.join(''));
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.flushHeaders();
      response.on('close', () => {
        openLogs.delete(response);
        if (!finishedLogs.has(response)) state.abortedLogStreams += 1;
      });
      for (const chunk of script.logChunks) {
        response.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, script.logIntervalMs ?? 10));
      }
      if (script.closeLogEarly) {
        finishedLogs.add(response);
        response.end();
      } else if (!response.destroyed) {
        openLogs.add(response);
      }
      return;
    }
    if ((match = /^DELETE \/apis\/batch\/v1\/namespaces\/[^/]+\/jobs\/([^/]+)$/.exec(route))) {
      if (!job || job.name !== match[1]) return json(response, 404, status(404, 'not found', 'NotFound'));
      job = undefined;
      endOpenLogs();
      return json(response, 200, { apiVersion: 'v1', kind: 'Status', status: 'Success' });
    }
    json(response, 404, status(404, `the fake cluster does not serve ${route}`, 'NotFound'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    requests,
    get abortedLogStreams() {
      return state.abortedLogStreams;
    },
    callSequence() {
      const sequence: string[] = [];
      for (const request of requests) {
        const entry = `${request.method} ${request.path}${request.query.follow === 'true' ? '?follow' : ''}`;
        if (sequence.at(-1) !== entry || request.method !== 'GET') sequence.push(entry);
      }
      return sequence;
    },
    kubeConfig() {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
        users: [{ name: 'fake', token: fakeToken }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace: 'default' }],
        currentContext: 'fake',
      });
      return kubeConfig;
    },
    async close() {
      for (const response of openLogs) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function pod(job: { name: string; namespace: string; runId: string }, podStatus: V1PodStatus): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${job.name}-abcde`, namespace: job.namespace, labels: { 'synthorg.io/run-id': job.runId } },
    spec: { containers: [{ name: 'run', image: 'image' }] },
    status: podStatus,
  };
}

function status(code: number, message: string, reason = 'InternalError'): unknown {
  return { apiVersion: 'v1', kind: 'Status', status: 'Failure', message, reason, code };
}

function json(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Pod statuses of a scripted lifecycle. */
export const podStatuses = {
  creating: (): V1PodStatus => ({
    phase: 'Pending',
    containerStatuses: [container({ waiting: { reason: 'ContainerCreating' } })],
  }),
  running: (): V1PodStatus => ({
    phase: 'Running',
    containerStatuses: [container({ running: { startedAt: new Date('2025-01-01T00:00:00Z') } })],
  }),
  terminated: (exitCode: number, reason = exitCode === 0 ? 'Completed' : 'Error'): V1PodStatus => ({
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: [container({ terminated: { exitCode, reason } })],
  }),
  imagePullError: (): V1PodStatus => ({
    phase: 'Pending',
    containerStatuses: [
      container({
        waiting: { reason: 'ErrImagePull', message: 'pull access denied for no-such-image, repository does not exist' },
      }),
    ],
  }),
};

function container(state: NonNullable<V1PodStatus['containerStatuses']>[number]['state']) {
  return { name: 'run', image: 'no-such-image', imageID: '', ready: false, restartCount: 0, state };
}
