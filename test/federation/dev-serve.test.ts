import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '@a2a-js/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userMessage } from '../../src/federation/a2a-parts.ts';
import { partnerClient } from '../../src/federation/partner-client.ts';
import { findFreePort } from '../../src/temporal/ports.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import { companyTasks, devStackHarness, writeFullOversightStartup } from '../helpers/dev-stack.ts';
import type { DevProcess, DevStackHarness } from '../helpers/dev-stack.ts';
import { findPortOutsideEphemeralRange } from '../helpers/ports.ts';
import { untilMatches } from '../helpers/until.ts';

/**
 * `synthorg dev --serve <co>`: the embedded stack also serves the company over A2A. On a fresh stack
 * the company does not exist yet; the server comes up once it is started, on the stack's own
 * Temporal and database, and a partner's message becomes a task of the company.
 */

let home: string;
let stack: DevStackHarness;
let template: string;
let servePort: number;
let dev: DevProcess | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'synthorg-dev-serve-'));
  stack = devStackHarness(home, await findFreePort(), await findFreePort());
  template = await writeFullOversightStartup(home);
  servePort = await findPortOutsideEphemeralRange();
});

afterAll(async () => {
  if (dev) await stack.stop(dev.process);
  if (home) await rm(home, { recursive: true, force: true });
});

describe('synthorg dev --serve', () => {
  it('refuses a bad company id or port before starting anything', async () => {
    const badId = await stack.synthorg('dev', '--serve', 'Bad Id');
    expect(badId.status).toBe(2);
    expect(badId.stderr).toContain('invalid company id');
    const badPort = await stack.synthorg('dev', '--serve', 'dev-co', '--serve-port', 'x');
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--serve-port must be a port number');
    const portAlone = await stack.synthorg('dev', '--serve-port', '9000');
    expect(portAlone.status).toBe(2);
    expect(portAlone.stderr).toContain('--serve-port needs --serve');
  });

  it('serves the company once it is started, and a partner’s message becomes its task', async () => {
    dev = stack.start({ extraArgs: ['--serve', 'dev-co', '--serve-port', String(servePort)] });
    await dev.ready;
    const url = `http://127.0.0.1:${servePort}`;
    await untilMatches(
      'the wait for the company',
      async () => dev!.output(),
      (output) => output.includes('waiting for company "dev-co"'),
      { timeoutMs: 30_000 },
    );
    // Nothing listens before the company exists: no card without a company to describe.
    await expect(fetch(`${url}/.well-known/agent-card.json`)).rejects.toThrow();

    const started = await stack.synthorg('company', 'start', '--template', template, '--id', 'dev-co');
    expect(started.status, started.stderr).toBe(0);
    await untilMatches(
      'the A2A server',
      async () => dev!.output(),
      (output) => output.includes(`A2A: serving dev-co at ${url}`),
      { timeoutMs: 30_000 },
    );
    const card = (await (await fetch(`${url}/.well-known/agent-card.json`)).json()) as { skills: { id: string }[] };
    // The startup template's skills, so the card describes the stack's company.
    expect(card.skills.map((skill) => skill.id)).toContain('strategy');
    const anonymous = await fetch(`${url}/a2a/jsonrpc`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);

    const databaseUrl = /DATABASE_URL=(\S+)/.exec(dev.output())?.[1];
    expect(databaseUrl).toBeDefined();
    const added = await runNode(synthorgBin, ['partner', 'add', 'dev-co', 'initech', '--json'], {
      ...stack.environment(),
      TEMPORAL_ADDRESS: `127.0.0.1:${stack.port}`,
      DATABASE_URL: databaseUrl,
    });
    expect(added.status, added.stderr).toBe(0);
    const { inboundKey } = JSON.parse(added.stdout) as { inboundKey: string };
    const client = await partnerClient(url, inboundKey);
    const reply = await client.sendMessage({
      tenant: '',
      message: userMessage('Summarise the beta feedback in one line', randomUUID()),
      configuration: {
        acceptedOutputModes: ['text/plain'],
        taskPushNotificationConfig: undefined,
        returnImmediately: true,
      },
      metadata: undefined,
    });
    const localTaskId = (reply as Task).metadata?.synthorgTaskId;
    expect(typeof localTaskId).toBe('string');
    const tasks = await untilMatches(
      'the partner’s task in the company',
      () => companyTasks(stack, 'dev-co'),
      (rows) => rows.some((task) => task.id === localTaskId),
      { timeoutMs: 30_000 },
    );
    expect(tasks.map((task) => task.id)).toContain(localTaskId);

    const code = await stack.stop(dev.process);
    expect(code, dev.output()).toBe(0);
    dev = undefined;
    await expect(fetch(`${url}/.well-known/agent-card.json`)).rejects.toThrow();
  }, 240_000);
});
