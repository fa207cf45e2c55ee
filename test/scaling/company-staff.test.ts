import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { teamTemplate } from '../helpers/templates.ts';

/** `company hire|fire|pause|resume`: the real CLI as a child process, the company workflow on the dev server. */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

function synthorg(...args: string[]): Promise<Run> {
  return synthorgCli(env, args);
}

function expectBadInput(run: Run, ...needles: string[]): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).not.toContain('    at ');
  for (const needle of needles) expect(run.stderr).toContain(needle);
}

describe('company staff commands', () => {
  it('hires from a template agent, fires, pauses and resumes, refusing bad input with exit 2', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'staffed', template: teamTemplate() });

      const hired = await synthorg(
        'company',
        'hire',
        'staffed',
        '--role',
        'Operations Engineer',
        '--from-template-agent',
        'worker',
        '--json',
      );
      expect(hired.status, hired.stderr).toBe(0);
      const agent = (JSON.parse(hired.stdout) as { hired: { id: string; reportsTo: string; department: string } })
        .hired;
      expect(agent).toMatchObject({ id: 'operations-engineer-1', reportsTo: 'boss', department: 'ops' });
      expect((await env.client.status('staffed')).agents.map((candidate) => candidate.id)).toContain(
        'operations-engineer-1',
      );

      expectBadInput(await synthorg('company', 'hire', 'staffed', '--department', 'ops'), '--role');
      expectBadInput(
        await synthorg(
          'company',
          'hire',
          'staffed',
          '--role',
          'Analyst',
          '--department',
          'opps',
          '--seniority',
          'boss',
        ),
        '--department: unknown department "opps"',
        'did you mean "ops"',
        '--seniority: "boss"',
      );
      expectBadInput(
        await synthorg('company', 'hire', 'staffed', '--role', 'Analyst', '--from-template-agent', 'nobody'),
        '--from-template-agent',
      );
      expectBadInput(
        await synthorg('company', 'hire', 'staffed', '--role', 'Analyst', '--department', 'ops', '--id', 'worker'),
        '--id: agent "worker" already works',
      );

      const fired = await synthorg('company', 'fire', 'staffed', 'operations-engineer-1', '--json');
      expect(fired.status, fired.stderr).toBe(0);
      expect(JSON.parse(fired.stdout)).toMatchObject({ companyId: 'staffed', fired: { id: 'operations-engineer-1' } });
      expectBadInput(await synthorg('company', 'fire', 'staffed', 'operations-engineer-1'), 'no agent');
      expectBadInput(await synthorg('company', 'fire', 'staffed', 'boss'), 'top of the org chart');

      const paused = await synthorg('company', 'pause', 'staffed', '--json');
      expect(paused.status, paused.stderr).toBe(0);
      expect(JSON.parse(paused.stdout)).toEqual({ companyId: 'staffed', status: 'PAUSED' });
      expect((await env.client.status('staffed')).status).toBe('PAUSED');
      expectBadInput(await synthorg('company', 'pause', 'staffed'), 'cannot pause');
      expect((await synthorg('company', 'resume', 'staffed')).status).toBe(0);
      expect((await env.client.status('staffed')).status).toBe('RUNNING');
      expectBadInput(await synthorg('company', 'resume', 'staffed'), 'cannot resume');
      expectBadInput(await synthorg('company', 'pause', 'no-such-company'), 'no company "no-such-company"');
    });
  });
});

describe('scaling show and autoscale input', () => {
  it('shows each agent’s pool and the headcount advice of bounded roles', async () => {
    await env.withWorker(async () => {
      const base = teamTemplate();
      await env.client.startCompany({
        id: 'bounded',
        template: {
          ...base,
          placement: { roles: { 'Operations Engineer': { pool: 'gpu', fallback: 'default' } }, failoverAfter: '45s' },
          scaling: [{ role: 'Operations Engineer', min: 3, max: 5 }],
        },
      });
      const shown = await synthorg('scaling', 'show', 'bounded', '--json');
      expect(shown.status, shown.stderr).toBe(0);
      const view = JSON.parse(shown.stdout) as {
        failoverAfter: string;
        agents: { id: string; pool: string; fallback: string | null }[];
        roles: { role: string; agents: number; action: string; reason: string }[];
      };
      expect(view.failoverAfter).toBe('45s');
      expect(view.agents).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'boss', pool: 'default', fallback: null }),
          expect.objectContaining({ id: 'worker', pool: 'gpu', fallback: 'default' }),
        ]),
      );
      expect(view.roles).toEqual([
        expect.objectContaining({
          role: 'Operations Engineer',
          agents: 2,
          action: 'hire',
          reason: 'below the minimum of 3',
        }),
      ]);
      expectBadInput(await synthorg('scaling', 'show', 'nobody-here'), 'no company "nobody-here"');
    });
  });

  it('refuses bad autoscale options before contacting anything', async () => {
    expectBadInput(await synthorg('autoscale', '--scaler', 'cloud', '--pool', 'gpu=0:2'), '--scaler');
    expectBadInput(await synthorg('autoscale', '--scaler', 'local', '--pool', 'gpu=3:1'), '--pool gpu=3:1');
    expectBadInput(await synthorg('autoscale', '--scaler', 'local', '--pool', 'gpu'), '--pool: "gpu"');
    expectBadInput(
      await synthorg('autoscale', '--scaler', 'kubernetes', '--pool', 'gpu=0:2', '--namespace', 'ns'),
      '--deployment: no Deployment for pool "gpu"',
    );
    expectBadInput(await synthorg('worker', '--pool', 'GPU'), '--pool: pool "GPU"');
  });
});
