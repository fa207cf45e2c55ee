/**
 * The worker's connection drops gRPC compression to a server on this machine and keeps the SDK's default (gzip)
 * for one across a network. Every worker test in the suite connects to a loopback dev server with these options.
 */
import { describe, expect, it } from 'vitest';
import { workerConnectionOptions } from '../../src/temporal/worker-connection.ts';

describe('workerConnectionOptions', () => {
  it.each(['127.0.0.1:7233', 'localhost:7233', 'LOCALHOST', '127.3.0.9:17233', '[::1]:7233', 'dev.localhost:7233'])(
    'turns compression off for the loopback address %s',
    (address) => {
      expect(workerConnectionOptions({ address }).grpcCompression).toEqual({ codec: 'none' });
    },
  );

  it.each(['temporal.example.com:7233', 'my-ns.a1b2c.tmprl.cloud:7233', '10.0.0.5:7233', '127.example.com:7233'])(
    "leaves the SDK's default for the remote address %s",
    (address) => {
      expect(workerConnectionOptions({ address })).not.toHaveProperty('grpcCompression');
    },
  );

  it('keeps the address, TLS, API key and metadata it was given', () => {
    const options = { address: '127.0.0.1:7233', tls: true, apiKey: 'k', metadata: { team: 'ops' } };
    expect(workerConnectionOptions(options)).toEqual({ ...options, grpcCompression: { codec: 'none' } });
  });
});
