import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import type { CertificateFiles } from './certificates.ts';

export interface TlsProxy {
  address: string;
  /** Connections that completed the handshake with a client certificate the CA signed. */
  authorizedConnections(): number;
  close(): Promise<void>;
}

/**
 * Terminates TLS (HTTP/2 by ALPN, client certificate required: mutual TLS) and pipes the bytes to a
 * plaintext gRPC server, as a load balancer in front of a self-hosted Temporal cluster does.
 */
export async function startTlsProxy(files: CertificateFiles, target: string): Promise<TlsProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  let authorized = 0;
  const sockets = new Set<TLSSocket>();
  const server = createServer(
    {
      cert: await readFile(files.serverCertificate),
      key: await readFile(files.serverKey),
      ca: await readFile(files.caCertificate),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      if (socket.authorized) authorized++;
      sockets.add(socket);
      const upstream = connect({ host, port });
      socket.pipe(upstream).pipe(socket);
      const end = () => {
        sockets.delete(socket);
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end);
      socket.on('close', end);
      upstream.on('error', end);
      upstream.on('close', end);
    },
  );
  // Failed handshakes (a client that distrusts our certificate) are expected in the tests.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: listening } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${listening}`,
    authorizedConnections: () => authorized,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
