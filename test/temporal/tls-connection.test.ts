/**
 * Temporal behind TLS with client certificates (a self-hosted cluster's usual setup), configured the
 * way Temporal's own tools are: TEMPORAL_TLS_* variables, or a profile in temporal.toml.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { TemporalUnavailableError } from '../../src/temporal/connection.ts';
import { createSynthorgWorker } from '../../workers/worker.ts';
import { createAuthority, createCertificates, hasOpenssl } from '../helpers/certificates.ts';
import type { CertificateFiles } from '../helpers/certificates.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { quietRuntime, workflowBundle } from '../helpers/synthorg-env.ts';
import { startTlsProxy } from '../helpers/tls-proxy.ts';
import type { TlsProxy } from '../helpers/tls-proxy.ts';

const openssl = await hasOpenssl();
if (!openssl && process.env.CI) throw new Error('CI is set but openssl, which the TLS tests need, is not on PATH');

describe.skipIf(!openssl)('Temporal over mutual TLS through a TLS-terminating proxy', () => {
  let directory: string;
  let files: CertificateFiles;
  let proxy: TlsProxy;
  let database: TestDatabase;
  let tlsEnvironment: Record<string, string>;

  beforeAll(async () => {
    quietRuntime();
    directory = await mkdtemp(join(tmpdir(), 'synthorg-tls-'));
    files = await createCertificates(directory);
    proxy = await startTlsProxy(files, inject('temporalAddress'));
    database = await startTestDatabase();
    tlsEnvironment = {
      TEMPORAL_ADDRESS: proxy.address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: files.caCertificate,
      TEMPORAL_TLS_CLIENT_CERT_PATH: files.clientCertificate,
      TEMPORAL_TLS_CLIENT_KEY_PATH: files.clientKey,
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
    };
  });

  afterAll(async () => {
    await proxy?.close();
    await database?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('runs a goal with the client and a worker that both connect through TLS', async () => {
    const taskQueue = `tls-${randomUUID()}`;
    const config = { ...loadConfig({ ...tlsEnvironment, SYNTHORG_TASK_QUEUE: taskQueue }), databaseUrl: database.url };
    expect(config.temporalSecurity.tls).toMatchObject({ serverNameOverride: 'localhost' });
    const before = proxy.authorizedConnections();
    const worker = await createSynthorgWorker({
      config,
      temporalAddress: proxy.address,
      databaseUrl: database.url,
      workflowBundle: await workflowBundle(),
    });
    const client = await createClient({ config });
    try {
      await worker.worker.runUntil(async () => {
        const companyId = `tls-${randomUUID().slice(0, 8)}`;
        await client.startCompany({ id: companyId, template: 'research-lab' });
        const task = await client.submitGoal(companyId, 'Compare two survey tools');
        const done = await client.waitForTask(companyId, task.id, {
          pollIntervalMs: 200,
          onApproval: (approval) => client.approve(companyId, approval.taskId),
        });
        expect(done.status).toBe('COMPLETED');
        await client.stopCompany(companyId);
      });
    } finally {
      await client.close();
      await worker.close();
    }
    // The worker's and the client's connections both went through the proxy with the client certificate.
    expect(proxy.authorizedConnections() - before).toBeGreaterThanOrEqual(2);
  });

  it('lets the CLI use a profile from temporal.toml (TEMPORAL_PROFILE)', async () => {
    const configFile = join(directory, 'temporal.toml');
    await writeFile(
      configFile,
      [
        '[profile.secure]',
        `address = "${proxy.address}"`,
        'namespace = "default"',
        '[profile.secure.tls]',
        `server_ca_cert_path = "${files.caCertificate}"`,
        `client_cert_path = "${files.clientCertificate}"`,
        `client_key_path = "${files.clientKey}"`,
        'server_name = "localhost"',
        '',
      ].join('\n'),
    );
    const before = proxy.authorizedConnections();
    const run = await runNode(synthorgBin, ['company', 'status', 'no-such-company'], {
      PATH: process.env.PATH,
      HOME: directory,
      TEMPORAL_CONFIG_FILE: configFile,
      TEMPORAL_PROFILE: 'secure',
    });
    // Reaching the server is what is tested: it answers that the company does not exist.
    expect(run.stderr).toMatch(/^synthorg: no company "no-such-company"/);
    expect(run.status).toBe(2);
    expect(proxy.authorizedConnections()).toBeGreaterThan(before);
  });

  it('fails with a clear message when the configured CA did not sign the server certificate', async () => {
    const other = await createAuthority(directory, 'other-ca');
    const wrong = { ...tlsEnvironment, TEMPORAL_TLS_SERVER_CA_CERT_PATH: other.certificate };

    const clientError = await createClient({ config: loadConfig(wrong) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(clientError).toBeInstanceOf(TemporalUnavailableError);
    expect((clientError as Error).message).toMatch(
      new RegExp(`^cannot connect to Temporal at ${proxy.address}: TLS: .*(self-signed|issuer|verify)`, 'i'),
    );

    const workerError = await createSynthorgWorker({
      config: loadConfig(wrong),
      temporalAddress: proxy.address,
      databaseUrl: database.url,
      workflowBundle: await workflowBundle(),
    }).then(
      async (worker) => {
        await worker.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect((workerError as Error).message).toMatch(/^cannot connect to Temporal at .*: TLS: /);

    // Without a server name the IP address is checked against the certificate: no warning line either.
    const byAddress = Object.fromEntries(Object.entries(wrong).filter(([name]) => name !== 'TEMPORAL_TLS_SERVER_NAME'));
    const cli = await runNode(synthorgBin, ['company', 'status', 'acme'], { PATH: process.env.PATH, ...byAddress });
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim().split('\n'), cli.stderr).toHaveLength(1);
    expect(cli.stderr).toMatch(/^synthorg: cannot connect to Temporal at .*: TLS: .*TEMPORAL_TLS_SERVER_CA_CERT_PATH/);
  });
});
