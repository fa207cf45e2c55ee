import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';
import type { Run } from '../helpers/cli.ts';

/**
 * The real `synthorg` CLI, as a child process, against the real dev server: the whole slice
 * CLI → client → workflow → activity → database. The worker runs in this process on its own queue.
 */

let env: SynthorgTestEnv;
let scratch: string;
/** The research-lab template with full oversight, so a goal runs without approvals. */
let autonomousLab: string;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-cli-live-'));
  autonomousLab = join(scratch, 'autonomous-lab.yaml');
  const lab = await readFile(fileURLToPath(new URL('../../src/templates/research-lab.yaml', import.meta.url)), 'utf8');
  await writeFile(autonomousLab, lab.replace('oversight: supervised', 'oversight: full'));
});
afterAll(async () => {
  await env?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function synthorg(...args: string[]): Promise<Run> {
  return synthorgCli(env, args);
}

function json<T>(run: Run): T {
  expect(run.stderr.includes('    at '), run.stderr).toBe(false);
  return JSON.parse(run.stdout) as T;
}

describe('synthorg CLI against a running stack', () => {
  it('starts a company, runs a goal to completion and reports it in the documented JSON shapes', async () => {
    await env.withWorker(async () => {
      const started = await synthorg('company', 'start', '--template', autonomousLab, '--id', 'cli-lab', '--json');
      expect(started.status, started.stderr).toBe(0);
      expect(json<{ id: string; created: boolean }>(started)).toMatchObject({ id: 'cli-lab', created: true });

      const submitted = await synthorg(
        'task',
        'submit',
        'cli-lab',
        'Survey methods for measuring onboarding',
        '--json',
      );
      expect(submitted.status, submitted.stderr).toBe(0);
      const root = json<Record<string, unknown>>(submitted);
      expect(Object.keys(root).sort()).toEqual([
        'assignee',
        'costUsd',
        'id',
        'parentId',
        'reviewer',
        'status',
        'title',
      ]);
      expect(root).toMatchObject({ id: 't1', parentId: null, status: 'CREATED' });

      const waited = await synthorg(
        'task',
        'submit',
        'cli-lab',
        'Summarise two papers on retention',
        '--wait',
        '--json',
      );
      expect(waited.status, waited.stderr).toBe(0);
      const finished = json<{ id: string; status: string; result: string }>(waited);
      expect(finished).toMatchObject({ id: 't2', status: 'COMPLETED' });
      expect(finished.result).toContain('[offline]');

      const status = json<{
        id: string;
        name: string;
        status: string;
        budget: { limitUsd: number; spentUsd: number };
        agents: Record<string, unknown>[];
        tasks: Record<string, unknown>[];
      }>(await synthorg('company', 'status', 'cli-lab', '--json'));
      expect(Object.keys(status).sort()).toEqual(['agents', 'budget', 'id', 'name', 'status', 'tasks']);
      expect(status).toMatchObject({ id: 'cli-lab', status: 'RUNNING' });
      expect(status.budget.spentUsd).toBeGreaterThan(0);
      expect(status.agents[0]).toEqual(
        expect.objectContaining({ id: expect.any(String), role: expect.any(String), seniority: expect.any(String) }),
      );
      for (const task of status.tasks) {
        expect(task).toEqual(
          expect.objectContaining({ id: expect.any(String), title: expect.any(String), costUsd: expect.any(Number) }),
        );
      }

      const shown = await synthorg('task', 'show', 'cli-lab', 't2', '--json');
      expect(json<{ status: string }>(shown).status).toBe('COMPLETED');
      expect(json<unknown[]>(await synthorg('approvals', 'list', 'cli-lab', '--json'))).toEqual([]);
      expect((await synthorg('budget', 'raise', 'cli-lab', '500')).status).toBe(0);
      const spending = json<{ budget: { monthToDateUsd: number; lifetimeUsd: number; month: string } }>(
        await synthorg('company', 'status', 'cli-lab', '--json'),
      ).budget;
      // The ledger's totals: this month's spending (all of it, the company started today) and the lifetime total.
      expect(spending.monthToDateUsd).toBeGreaterThan(0);
      expect(spending.lifetimeUsd).toBeCloseTo(spending.monthToDateUsd, 6);
      expect(spending.month).toMatch(/^\d{4}-\d{2}-01$/);
      const text = (await synthorg('company', 'status', 'cli-lab')).stdout;
      expect(text).toMatch(/^budget: \$[\d.]+ spent this month \(since \d{4}-\d{2}-01\) of \$500\.00 a month/m);
      expect(text).toMatch(/^spent in total: \$[\d.]+ lifetime$/m);
      const agentBudget = await synthorg('budget', 'set', 'cli-lab', '--agent', 'director', '3');
      expect(agentBudget.status, agentBudget.stderr).toBe(0);
      expect(agentBudget.stdout).toContain('budget of agent director in cli-lab is now $3.00 a month');
      const unknownAgent = await synthorg('budget', 'set', 'cli-lab', '--agent', 'nobody', '3');
      expect(unknownAgent.status).toBe(2);
      expect(unknownAgent.stderr).toMatch(/unknown agent "nobody"/);
      expect(
        json<{ budget: { limitUsd: number } }>(await synthorg('company', 'status', 'cli-lab', '--json')).budget
          .limitUsd,
      ).toBe(500);
      // No `synthorg dev` stack serves this address: the UI follows the address's convention.
      const derived = await synthorg('ui', 'cli-lab');
      expect(derived.stdout.trim()).toMatch(
        /\/namespaces\/default\/workflows\?query=SynthorgCompanyId%3D%22cli-lab%22$/,
      );
      const ui = await runNode(synthorgBin, ['ui', 'cli-lab'], {
        ...process.env,
        TEMPORAL_ADDRESS: env.temporalAddress,
        SYNTHORG_TASK_QUEUE: env.taskQueue,
        SYNTHORG_UI_URL: 'https://temporal.example.com/',
      });
      expect(ui.stdout.trim()).toBe(
        'https://temporal.example.com/namespaces/default/workflows?query=SynthorgCompanyId%3D%22cli-lab%22',
      );
      expect((await synthorg('company', 'stop', 'cli-lab', '--yes')).status).toBe(0);
    });
  }, 240_000);

  it('answers approvals from the command line', async () => {
    await env.withWorker(async () => {
      const template = 'research-lab';
      expect((await synthorg('company', 'start', 'cli-approve', '--template', template)).status).toBe(0);
      await synthorg('task', 'submit', 'cli-approve', 'Publish the survey results');
      let approvals: { taskId: string; agentId: string; action: string; requestedAt: string }[] = [];
      for (let attempt = 0; attempt < 100 && approvals.length === 0; attempt++) {
        approvals = json(await synthorg('approvals', 'list', 'cli-approve', '--json'));
        if (approvals.length === 0) await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(approvals.length).toBeGreaterThan(0);
      expect(Object.keys(approvals[0]!).sort()).toEqual(['action', 'agentId', 'requestedAt', 'taskId']);
      const first = approvals[0]!;
      expect(json(await synthorg('deny', 'cli-approve', first.taskId, '--reason', 'not yet', '--json'))).toEqual({
        companyId: 'cli-approve',
        taskId: first.taskId,
        verdict: 'denied',
        reason: 'not yet',
      });
      const again = await synthorg('deny', 'cli-approve', first.taskId);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/^synthorg: .*(not awaiting approval|no running task|has ended .*no approval left)/);
      await synthorg('company', 'stop', 'cli-approve', '--yes');
    });
  });

  it('runs the example script, which uses the client library to start a company and answer approvals', async () => {
    await env.withWorker(async () => {
      const example = fileURLToPath(new URL('../../examples/start-company.ts', import.meta.url));
      const run = await runNode(example, ['example-co', 'Compare two survey tools'], {
        ...process.env,
        // In a clone `import 'synthorg'` resolves to the sources only under this condition (package.json exports).
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=synthorg-source`,
        TEMPORAL_ADDRESS: env.temporalAddress,
        SYNTHORG_TASK_QUEUE: env.taskQueue,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('started company example-co');
      expect(run.stdout).toMatch(/approving t1[.\d]*: data-engineer wants to run_code/);
      expect(run.stdout).toMatch(/t1 COMPLETED: \[offline\]/);
    });
  });

  it('reports bad input with exit code 2 and one line, never a stack trace', async () => {
    const unknown = await synthorg('company', 'status', 'no-such-company');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^synthorg: no company "no-such-company"/);
    const empty = await synthorg('task', 'submit', 'no-such-company', 'x');
    expect(empty.status).toBe(2);
  });
});
