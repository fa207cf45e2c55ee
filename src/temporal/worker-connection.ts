import type { NativeConnectionOptions } from '@temporalio/worker';
import { splitAddress } from './address.ts';
import type { TemporalConnectionOptions } from './connection.ts';

/** Host names and addresses that stay on this machine. */
function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * The worker's NativeConnection options for `options`. The SDK's core gzips every request and asks for gzipped
 * answers; to a server on this machine (the embedded dev server, a local cluster) that only spends CPU on both
 * sides, so a loopback address gets no transport compression. Measured in the nineteenth round
 * (docs/faults-and-load-rounds.md): the worker saved 0.2–0.7 ms of CPU a step at 50 goals × 20 steps. A remote server
 * keeps the SDK's default, where the bytes cross a network.
 */
export function workerConnectionOptions(options: TemporalConnectionOptions): NativeConnectionOptions {
  const local = isLoopback(splitAddress(options.address).host);
  return local ? { ...options, grpcCompression: { codec: 'none' } } : { ...options };
}
