/**
 * What an operator sees when Temporal is not where the settings say: the cause, quickly, in one
 * line; and the Web UI address, which needs no Temporal at all. The CLI runs as a child process.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { TemporalUnavailableError } from '../../src/temporal/connection.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';

/** Only what the CLI needs, so no TEMPORAL_* or temporal.toml of this machine leaks in. */
function cliEnvironment(variables: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: '/nonexistent', ...variables };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Temporal unreachable or not Temporal', () => {
  let refused: string;
  let http2Server: Server;
  let http2Address: string;
  let httpServer: Server;
  let httpAddress: string;

  beforeAll(async () => {
    // Free a moment ago and nothing started on it since: a connection there is refused.
    refused = `127.0.0.1:${await findFreePort()}`;
    http2Server = createHttp2Server((_request, response) => {
      response.statusCode = 404;
      response.end('not found');
    });
    http2Address = await listen(http2Server);
    httpServer = createHttpServer((_request, response) => {
      response.statusCode = 404;
      response.end('not found');
    });
    httpAddress = await listen(httpServer);
  });

  afterAll(async () => {
    await new Promise((resolve) => http2Server?.close(resolve));
    await new Promise((resolve) => httpServer?.close(resolve));
  });

  it('fails a refused connection within about a second, naming it', async () => {
    const started = performance.now();
    const error = await createClient({ config: loadConfig({ TEMPORAL_ADDRESS: refused }) }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect((error as Error).message).toBe(`cannot reach Temporal: connection refused at ${refused}`);
    // gRPC alone retries until its 5 s deadline; the TCP check answers in milliseconds (slack for a loaded machine).
    expect(elapsed).toBeLessThan(2_000);

    const cli = await runNode(
      synthorgBin,
      ['company', 'status', 'acme'],
      cliEnvironment({ TEMPORAL_ADDRESS: refused }),
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toBe(`synthorg: cannot reach Temporal: connection refused at ${refused}\n`);
  });

  it('keeps the HTTP status of an HTTP/2 server that is not Temporal', async () => {
    const cli = await runNode(
      synthorgBin,
      ['company', 'status', 'acme'],
      cliEnvironment({ TEMPORAL_ADDRESS: http2Address }),
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toMatch(
      new RegExp(`^synthorg: cannot reach Temporal at ${http2Address}: .*HTTP status code 404`),
    );
  });

  it('says that an HTTP/1.1 server (a Web UI address, say) does not speak gRPC', async () => {
    const started = performance.now();
    const error = await createClient({ config: loadConfig({ TEMPORAL_ADDRESS: httpAddress }) }).then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect(error?.message).toMatch(
      new RegExp(
        `^cannot connect to Temporal at ${httpAddress}: no HTTP/2 without TLS there \\(.*\\): not a Temporal frontend`,
      ),
    );
    // Asked directly after a second instead of waiting out gRPC's 5 s deadline (slack for a loaded machine).
    expect(elapsed).toBeLessThan(4_500);
  });
});

describe('synthorg ui', () => {
  it('prints the Web UI address without contacting Temporal', async () => {
    const refused = `127.0.0.1:${await findFreePort()}`;
    const run = await runNode(synthorgBin, ['ui', 'acme'], cliEnvironment({ TEMPORAL_ADDRESS: refused }));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const port = Number(refused.split(':')[1]) + 1000;
    expect(run.stdout).toBe(
      `http://localhost:${port}/namespaces/default/workflows?query=SynthorgCompanyId%3D%22acme%22\n`,
    );
  });

  it('uses SYNTHORG_UI_URL, and Temporal Cloud for a Cloud address, with the namespace', async () => {
    const set = await runNode(
      synthorgBin,
      ['ui', 'acme', '--json'],
      cliEnvironment({
        TEMPORAL_ADDRESS: 'temporal.internal.example:7233',
        TEMPORAL_NAMESPACE: 'orgs',
        SYNTHORG_UI_URL: 'https://temporal-ui.example.com/',
      }),
    );
    expect(set.status, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      companyId: 'acme',
      url: 'https://temporal-ui.example.com/namespaces/orgs/workflows?query=SynthorgCompanyId%3D%22acme%22',
    });

    const cloud = await runNode(
      synthorgBin,
      ['ui', 'acme'],
      cliEnvironment({
        TEMPORAL_ADDRESS: 'synthorg.a1b2c.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'synthorg.a1b2c',
        TEMPORAL_API_KEY: 'not-used-by-this-command',
      }),
    );
    expect(cloud.status, cloud.stderr).toBe(0);
    expect(cloud.stdout).toBe(
      'https://cloud.temporal.io/namespaces/synthorg.a1b2c/workflows?query=SynthorgCompanyId%3D%22acme%22\n',
    );
  });

  it('rejects a bad SYNTHORG_UI_URL or an unknown profile with exit 2 and one line', async () => {
    const badUrl = await runNode(synthorgBin, ['ui', 'acme'], cliEnvironment({ SYNTHORG_UI_URL: 'not a url' }));
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toMatch(/^synthorg: bad environment: SYNTHORG_UI_URL: .*\n$/);

    const badProfile = await runNode(synthorgBin, ['ui', 'acme'], cliEnvironment({ TEMPORAL_PROFILE: 'staging' }));
    expect(badProfile.status).toBe(2);
    expect(badProfile.stderr).toBe(`synthorg: bad profile "staging": Profile 'staging' not found in config data\n`);
  });
});
