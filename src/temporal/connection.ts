import { connect as connectHttp2 } from 'node:http2';
import type { SecureClientSessionOptions } from 'node:http2';
import { connect as connectTcp, isIP } from 'node:net';
import type { TLSConfig } from '@temporalio/client';
import type { SynthorgConfig } from '../config/env.ts';
import { embeddedDefaults } from '../config/env.ts';

/** Temporal cannot be reached or is not what answers at the address; the message names the cause. */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
}

/** What both the client's Connection and the worker's NativeConnection take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export function temporalConnectionOptions(
  config: SynthorgConfig,
  address = config.temporalAddress ?? embeddedDefaults.temporalAddress,
): TemporalConnectionOptions {
  return { address, ...config.temporalSecurity };
}

const defaultPort = 7233;

export function splitAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(address.trim());
  const host = match?.[1] || address;
  return { host, port: match?.[2] ? Number(match[2]) : defaultPort };
}

/**
 * A plain TCP connect before the gRPC one. gRPC retries a refused connection with backoff until its
 * deadline and then reports only "deadline exceeded"; this says "connection refused" in milliseconds.
 * A slow or silent network is left to the gRPC deadline.
 */
export function checkListening(address: string, timeoutMs = 1_000): Promise<void> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host, port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done());
    socket.once('connect', () => done());
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done(new TemporalUnavailableError(`connection refused at ${address}`));
      else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
        done(new TemporalUnavailableError(`cannot resolve the host of ${address} (${error.code})`));
      } else done(new TemporalUnavailableError(`cannot connect to ${address}: ${error.message}`));
    });
  });
}

const certificateErrors = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Network trouble that a busy but healthy server can cause too: no verdict while gRPC still tries. */
const transientErrors = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/**
 * Asks the address one gRPC-shaped HTTP/2 request, with the same TLS settings, to say why a Temporal
 * connection failed: a certificate the configured CA does not sign, a server that speaks no HTTP/2,
 * an HTTP status that is not gRPC's. Undefined when the request gets a gRPC answer after all, and,
 * `early` (while the real connection still tries), when the only trouble is silence or a reset.
 */
export function explainConnectFailure(
  options: TemporalConnectionOptions,
  { timeoutMs = 2_000, early = false } = {},
): Promise<string | undefined> {
  const { host, port } = splitAddress(options.address);
  const authority = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve) => {
    const session = connectHttp2(authority, tlsOptions(options.tls, host));
    const timer = setTimeout(() => finish(early ? undefined : `no answer within ${timeoutMs / 1000} s`), timeoutMs);
    function finish(reason: string | undefined) {
      clearTimeout(timer);
      session.destroy();
      resolve(reason);
    }
    session.on('error', (error: NodeJS.ErrnoException) => {
      if (early && error.code && transientErrors.has(error.code)) {
        finish(undefined);
      } else if (error.code && certificateErrors.has(error.code)) {
        finish(`TLS: ${error.message} (check TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_SERVER_NAME)`);
      } else if (!options.tls && (error.code === 'ECONNRESET' || error.code === 'ERR_HTTP2_ERROR')) {
        finish(
          `no HTTP/2 without TLS there (${error.message}): not a Temporal frontend, or a TLS one (then set TEMPORAL_TLS=true)`,
        );
      } else {
        finish(error.message);
      }
    });
    const request = session.request({
      ':method': 'POST',
      ':path': '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    request.on('error', () => undefined);
    request.on('response', (headers) => {
      const status = Number(headers[':status']);
      const contentType = String(headers['content-type'] ?? '');
      if (status !== 200) finish(`HTTP ${status} from ${options.address}: not a Temporal gRPC frontend`);
      else if (!contentType.startsWith('application/grpc'))
        finish(`${options.address} answered ${contentType || 'without a content type'}, not gRPC`);
      else finish(undefined);
    });
    // An empty, uncompressed gRPC message: the frame header alone.
    request.end(Buffer.alloc(5));
  });
}

function tlsOptions(tls: TLSConfig | boolean | undefined, host: string): SecureClientSessionOptions {
  if (!tls) return {};
  // Node refuses an IP address as the TLS server name (SNI); certificates for IPs are checked without one.
  const options: SecureClientSessionOptions = { ALPNProtocols: ['h2'], ...(isIP(host) ? {} : { servername: host }) };
  if (tls === true) return options;
  if (tls.serverNameOverride) options.servername = tls.serverNameOverride;
  if (tls.serverRootCACertificate) options.ca = Buffer.from(tls.serverRootCACertificate);
  if (tls.clientCertPair) {
    options.cert = Buffer.from(tls.clientCertPair.crt);
    options.key = Buffer.from(tls.clientCertPair.key);
  }
  return options;
}

/**
 * Connects with `connect` after a TCP check, turning a failure into one TemporalUnavailableError
 * that keeps its cause. gRPC keeps retrying a server that answers wrongly (no HTTP/2, a certificate
 * it distrusts) until its deadline; when the connection is not up after `patienceMs`, the address is
 * asked directly, and a definite wrong answer fails at once. `close` disposes of a connection that
 * completes after that.
 */
export async function connectWithCause<T>(
  options: TemporalConnectionOptions,
  connect: (options: TemporalConnectionOptions) => Promise<T>,
  close: (connection: T) => Promise<void>,
  patienceMs = 1_000,
): Promise<T> {
  await checkListening(options.address);
  const attempt = connect(options);
  let timer: NodeJS.Timeout | undefined;
  const verdict = new Promise<string | undefined>((resolve) => {
    timer = setTimeout(() => resolve(explainConnectFailure(options, { early: true })), patienceMs);
  });
  try {
    const first = await Promise.race([
      attempt.then((connection) => ({ connection })),
      verdict.then((reason) => ({ reason })),
    ]);
    if ('connection' in first) return first.connection;
    if (first.reason === undefined) return await attempt;
    attempt.then(close, () => undefined);
    throw new TemporalUnavailableError(`cannot connect to Temporal at ${options.address}: ${first.reason}`);
  } catch (error) {
    if (error instanceof TemporalUnavailableError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const cause = (await explainConnectFailure(options)) ?? message;
    throw new TemporalUnavailableError(`cannot connect to Temporal at ${options.address}: ${cause}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
