/** Temporal connection settings as Temporal's environment configuration defines them, parsed in src/config/env.ts. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';
import { webUiBaseUrl } from '../../src/temporal/web-ui.ts';

let directory: string;
let configFile: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'synthorg-settings-'));
  configFile = join(directory, 'temporal.toml');
  await writeFile(
    configFile,
    [
      '[profile.default]',
      'address = "temporal.internal.example:7233"',
      'namespace = "orgs"',
      '[profile.cloud]',
      'address = "us-east-1.aws.api.temporal.io:7233"',
      'namespace = "synthorg.a1b2c"',
      'api_key = "key-from-file"',
      '[profile.cloud.grpc_meta]',
      'team = "research"',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('Temporal connection settings', () => {
  it('means the embedded dev server when nothing is set', () => {
    const config = loadConfig({});
    expect(config.temporalAddress).toBeUndefined();
    expect(config.namespace).toBe('default');
    expect(config.temporalSecurity).toEqual({});
    expect(webUiBaseUrl(config)).toBe('http://localhost:8233');
  });

  it('reads the default profile of temporal.toml, and variables override it', () => {
    const fromFile = loadConfig({ TEMPORAL_CONFIG_FILE: configFile });
    expect(fromFile.temporalAddress).toBe('temporal.internal.example:7233');
    expect(fromFile.namespace).toBe('orgs');
    const overridden = loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_NAMESPACE: 'other' });
    expect(overridden.namespace).toBe('other');
    expect(overridden.temporalAddress).toBe('temporal.internal.example:7233');
  });

  it('finds temporal.toml under the user configuration folder', async () => {
    const home = join(directory, 'home');
    const folder = join(home, '.config', 'temporalio');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'temporal.toml'), '[profile.default]\naddress = "from-home.example:7233"\n');
    expect(loadConfig({ HOME: home }).temporalAddress).toBe('from-home.example:7233');
  });

  it('turns TLS on for an API key (Temporal Cloud) and keeps gRPC headers', () => {
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'cloud' });
    expect(config.temporalSecurity).toEqual({ apiKey: 'key-from-file', tls: true, metadata: { team: 'research' } });
    expect(webUiBaseUrl(config)).toBe('https://cloud.temporal.io');
    const fromVariable = loadConfig({
      TEMPORAL_ADDRESS: 'synthorg.a1b2c.tmprl.cloud:7233',
      TEMPORAL_API_KEY: 'key-from-variable',
      TEMPORAL_GRPC_META_X_REQUEST_SOURCE: 'synthorg',
    });
    expect(fromVariable.temporalSecurity).toEqual({
      apiKey: 'key-from-variable',
      tls: true,
      metadata: { 'x-request-source': 'synthorg' },
    });
  });

  it('loads TLS material from PEM text and honours TEMPORAL_TLS=false', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_DATA: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal.example',
    });
    const tls = config.temporalSecurity.tls as { serverNameOverride?: string; serverRootCACertificate?: Buffer };
    expect(tls.serverNameOverride).toBe('temporal.internal.example');
    expect(Buffer.from(tls.serverRootCACertificate ?? []).toString()).toContain('BEGIN CERTIFICATE');
    expect(loadConfig({ TEMPORAL_ADDRESS: '10.0.0.5:7233', TEMPORAL_TLS: 'false' }).temporalSecurity.tls).toBe(false);
    expect(webUiBaseUrl(config)).toBe('http://10.0.0.5:8233');
  });

  it('fails in one line for an unknown profile, a missing certificate file or a broken file', async () => {
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'staging' })).toThrow(
      new ConfigError(`bad profile "staging": Profile 'staging' not found in config data`),
    );
    expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: join(directory, 'missing.pem') })).toThrow(
      /^bad Temporal connection settings: ENOENT: no such file or directory, open '.*missing\.pem'$/,
    );
    const broken = join(directory, 'broken.toml');
    await writeFile(broken, '[profile.default\naddress = 1\n');
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: broken })).toThrow(ConfigError);
  });
});
