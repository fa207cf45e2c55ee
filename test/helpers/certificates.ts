import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertificateFiles {
  caCertificate: string;
  serverCertificate: string;
  serverKey: string;
  clientCertificate: string;
  clientKey: string;
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Whether the `openssl` command is on PATH (the TLS tests generate their certificates with it). */
export async function hasOpenssl(): Promise<boolean> {
  return run('openssl', ['version']).then(
    () => true,
    () => false,
  );
}

/** A throwaway certificate authority, named `name`, in `directory`. */
export async function createAuthority(directory: string, name: string): Promise<{ certificate: string; key: string }> {
  const certificate = join(directory, `${name}.pem`);
  const key = join(directory, `${name}.key`);
  await run('openssl', [
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    key,
    '-out',
    certificate,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { certificate, key };
}

async function signed(
  directory: string,
  name: string,
  authority: { certificate: string; key: string },
  extensions: string,
): Promise<{ certificate: string; key: string }> {
  const key = join(directory, `${name}.key`);
  const request = join(directory, `${name}.csr`);
  const certificate = join(directory, `${name}.pem`);
  const extensionFile = join(directory, `${name}.ext`);
  await writeFile(extensionFile, extensions);
  await run('openssl', ['req', ...ecKey, '-keyout', key, '-out', request, '-subj', `/CN=${name}`]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    authority.certificate,
    '-CAkey',
    authority.key,
    '-CAcreateserial',
    '-out',
    certificate,
    '-days',
    '1',
    '-extfile',
    extensionFile,
  ]);
  return { certificate, key };
}

/** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, all signed by the CA. */
export async function createCertificates(directory: string): Promise<CertificateFiles> {
  const authority = await createAuthority(directory, 'test-ca');
  const server = await signed(
    directory,
    'localhost',
    authority,
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  const client = await signed(
    directory,
    'synthorg-client',
    authority,
    'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n',
  );
  return {
    caCertificate: authority.certificate,
    serverCertificate: server.certificate,
    serverKey: server.key,
    clientCertificate: client.certificate,
    clientKey: client.key,
  };
}
