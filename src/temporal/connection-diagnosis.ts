import { connect as connectHttp2 } from 'node:http2';
import type { SecureClientSessionOptions } from 'node:http2';
import { isIP } from 'node:net';
import type { TLSConfig } from '@temporalio/client';
import { splitAddress } from './address.ts';
import type { TemporalConnectionOptions } from './connection.ts';

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
