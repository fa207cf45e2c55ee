import { connect as connectTcp } from 'node:net';
import type { TLSConfig } from '@temporalio/client';
import type { SynthorgConfig } from '../config/env.ts';
import { embeddedDefaults } from '../config/env.ts';
import { splitAddress } from './address.ts';
import { explainConnectFailure } from './connection-diagnosis.ts';

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
      if (error.code === 'ECONNREFUSED')
        done(new TemporalUnavailableError(`cannot reach Temporal: connection refused at ${address}`));
      else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
        done(
          new TemporalUnavailableError(`cannot reach Temporal: cannot resolve the host of ${address} (${error.code})`),
        );
      } else done(new TemporalUnavailableError(`cannot reach Temporal at ${address}: ${error.message}`));
    });
  });
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
