/**
 * Direct goal admission (docs/faults-and-load-rounds.md, "Direct admission"): the client starts the goal's
 * task itself and tells the company. Real dev server, real worker, PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { goalAdmittedSignal } from '../../workflows/contracts/company.ts';
import type { AgentTaskInput } from '../../workflows/contracts/task.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

async function count(sql: string, companyId: string): Promise<number> {
  const { rows } = await env.pool.query<{ n: number }>(sql, [companyId]);
  return rows[0]?.n ?? 0;
}

describe('direct goal admission', () => {
  it('admits a goal id once however often it is submitted, and the company lists the task at once', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'direct-once', template: duoTemplate({ oversight: 'full' }) });
      // A client retrying at once (a lost reply) and a second client with the same goal id.
      const [first, second] = await Promise.all([
        env.client.submitGoal('direct-once', 'Write the release notes', { goalId: 'notes-1' }),
        env.client.submitGoal('direct-once', 'Write the release notes', { goalId: 'notes-1' }),
      ]);
      expect(first.id).toBe('g-notes-1');
      expect(second.id).toBe('g-notes-1');
      // Listed by the company before the task has reported anything itself.
      const listed = (await env.client.status('direct-once')).tasks.filter((task) => task.id === 'g-notes-1');
      expect(listed).toHaveLength(1);

      const done = await env.client.waitForTask('direct-once', first.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const calls = await count('SELECT count(*)::int AS n FROM ledger WHERE company_id = $1', 'direct-once');
      expect(calls).toBeGreaterThan(0);

      // After the end, the same goal id is the same (ended) goal: nothing new starts, nothing is charged.
      const again = await env.client.submitGoal('direct-once', 'Write the release notes', { goalId: 'notes-1' });
      expect(again.status).toBe('COMPLETED');
      const company = await env.client.status('direct-once');
      expect(company.tasks.map((task) => task.id)).toEqual(['g-notes-1']);
      expect(await count('SELECT count(*)::int AS n FROM ledger WHERE company_id = $1', 'direct-once')).toBe(calls);
      expect(await count('SELECT count(*)::int AS n FROM tasks WHERE company_id = $1', 'direct-once')).toBe(1);
      await until('visibility lists the task', async () =>
        (await env.client.temporal.workflow.count(`WorkflowId = '${taskWorkflowId('direct-once', 'g-notes-1')}'`))
          .count > 0
          ? true
          : undefined,
      );
      const executions = await env.client.temporal.workflow.count(
        `WorkflowId = '${taskWorkflowId('direct-once', 'g-notes-1')}'`,
      );
      expect(executions.count).toBe(1);

      // Goals without an id still go through the company, numbered as before.
      const numbered = await env.client.submitGoal('direct-once', 'Tidy the backlog');
      expect(numbered.id).toBe('t1');
      await env.client.waitForTask('direct-once', numbered.id, { pollIntervalMs: 200 });
    });
  });

  it('refuses bad input naming the field, and a stopped company', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'direct-strict', template: duoTemplate({ oversight: 'full' }) });
      await expect(env.client.submitGoal('direct-strict', 'A goal', { goalId: 'no spaces' })).rejects.toThrow(/goalId/);
      await expect(env.client.submitGoal('direct-strict', '  ', { goalId: 'empty' })).rejects.toThrow(
        InvalidInputError,
      );
      await expect(
        env.client.submitGoal('direct-strict', 'A goal', { goalId: 'p', priority: 'soon' as never }),
      ).rejects.toThrow(/priority/);
      await env.client.stopCompany('direct-strict');
      await expect(env.client.submitGoal('direct-strict', 'A goal', { goalId: 'late' })).rejects.toThrow(/stopped/);
      const late = await env.client.temporal.workflow
        .getHandle(taskWorkflowId('direct-strict', 'g-late'))
        .describe()
        .then(
          () => 'started',
          () => 'none',
        );
      expect(late).toBe('none');
    });
  });

  it('keeps the approval rule: under semi oversight the goal waits for an operator', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'direct-approve', template: duoTemplate({ oversight: 'semi' }) });
      const root = await env.client.submitGoal('direct-approve', 'Deploy the new pricing page', { goalId: 'deploy' });
      const approvals: string[] = [];
      const done = await env.client.waitForTask('direct-approve', root.id, {
        pollIntervalMs: 200,
        onApproval: async (approval) => {
          approvals.push(`${approval.agentId}:${approval.action}`);
          expect((await env.client.listApprovals('direct-approve')).map((each) => each.taskId)).toContain(root.id);
          await env.client.approve('direct-approve', approval.taskId, 'looks safe');
        },
      });
      expect(done.status).toBe('COMPLETED');
      expect(approvals).toEqual(['worker:deploy']);
      const { rows } = await env.pool.query('SELECT decision, decided_by FROM approvals WHERE company_id = $1', [
        'direct-approve',
      ]);
      expect(rows).toEqual([{ decision: 'approved', decided_by: 'operator' }]);
    });
  });

  it('keeps the budget rule: the task parks at the ceiling and resumes when it is raised', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({
        id: 'direct-thrifty',
        template: duoTemplate({ oversight: 'full', budgetUsd: 0.001 }),
      });
      const root = await env.client.submitGoal('direct-thrifty', 'Write the onboarding checklist', {
        goalId: 'checklist',
      });
      await until('the task parks at the ceiling', async () =>
        (await env.client.status('direct-thrifty')).tasks.some(
          (task) => task.id === root.id && task.status === 'PARKED_BUDGET',
        )
          ? true
          : undefined,
      );
      expect((await env.client.status('direct-thrifty')).budget.spentUsd).toBeLessThanOrEqual(0.001);
      // The raise reaches the directly started task: the company knows it.
      await env.client.raiseBudget('direct-thrifty', 5);
      const done = await env.client.waitForTask('direct-thrifty', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
    });
  });

  it('a paused company holds directly admitted goals, also one it paused after the client read it', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'direct-paused', template: duoTemplate({ oversight: 'full' }) });
      await env.client.pauseCompany('direct-paused');
      const held = await env.client.submitGoal('direct-paused', 'Plan the offsite', { goalId: 'offsite' });

      // The race: a client read the company while it ran, started the task unpaused, and only then told
      // the company, which had paused in between. Played here with the raw client.
      const company = await env.client.temporal.workflow
        .getHandle(companyWorkflowId('direct-paused'))
        .query((await import('../../workflows/contracts/company.ts')).admissionQuery);
      const input: AgentTaskInput = {
        companyId: 'direct-paused',
        company: company.company,
        taskId: 'g-raced',
        parentId: null,
        title: 'Book the venue',
        description: 'Book the venue',
        acceptanceCriteria: '',
        assignee: 'boss',
        depth: 0,
        allowance: 4,
        chain: [],
        paused: false,
      };
      const summary = {
        id: 'g-raced',
        parentId: null,
        title: 'Book the venue',
        status: 'CREATED' as const,
        assignee: 'boss',
        reviewer: null,
        costUsd: 0,
        ownCostUsd: 0,
        version: 0,
      };
      await env.client.temporal.workflow.start('agentTaskWorkflow', {
        workflowId: taskWorkflowId('direct-paused', 'g-raced'),
        taskQueue: company.taskQueue,
        args: [input],
      });
      await env.client.temporal.workflow
        .getHandle(companyWorkflowId('direct-paused'))
        .signal(goalAdmittedSignal, { task: summary, paused: false });

      // Both get as far as the pause gate before a model call (IN_PROGRESS) and take no step from then on;
      // an unpaused task takes its next step within seconds, even on a loaded machine.
      await until('both tasks at the pause gate', async () => {
        const tasks = (await env.client.status('direct-paused')).tasks;
        return [held.id, 'g-raced'].every((id) => tasks.find((task) => task.id === id)?.status === 'IN_PROGRESS')
          ? true
          : undefined;
      });
      const steps = async (taskId: string) =>
        (await env.client.temporal.workflow.getHandle(taskWorkflowId('direct-paused', taskId)).query(stateQuery)).steps;
      const before = { held: await steps(held.id), raced: await steps('g-raced') };
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      expect({ held: await steps(held.id), raced: await steps('g-raced') }).toEqual(before);
      expect(before.held).toBe(0);
      const stillOpen = (await env.client.status('direct-paused')).tasks.filter(
        (task) => task.status === 'IN_PROGRESS',
      );
      expect(stillOpen.map((task) => task.id).sort()).toEqual([held.id, 'g-raced'].sort());

      await env.client.resumeCompany('direct-paused');
      for (const taskId of [held.id, 'g-raced']) {
        const done = await env.client.waitForTask('direct-paused', taskId, { pollIntervalMs: 200 });
        expect(done.status).toBe('COMPLETED');
      }
    });
  });

  it('synthorg task submit --goal-id: the same id twice is one task; a bad id exits 2 naming the option', async () => {
    const synthorg = (...args: string[]) => synthorgCli(env, args);
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'direct-cli', template: duoTemplate({ oversight: 'full' }) });
      const first = await synthorg('task', 'submit', 'direct-cli', 'Send the invoices', '--goal-id', 'inv-7', '--json');
      const second = await synthorg(
        'task',
        'submit',
        'direct-cli',
        'Send the invoices',
        '--goal-id',
        'inv-7',
        '--json',
      );
      expect(first.status, first.stderr).toBe(0);
      expect(second.status, second.stderr).toBe(0);
      expect((JSON.parse(first.stdout) as { id: string }).id).toBe('g-inv-7');
      expect((JSON.parse(second.stdout) as { id: string }).id).toBe('g-inv-7');
      expect((await env.client.status('direct-cli')).tasks.map((task) => task.id)).toEqual(['g-inv-7']);
      const bad = await synthorg('task', 'submit', 'direct-cli', 'Send the invoices', '--goal-id', 'inv 7');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--goal-id/);
      expect(bad.stderr).not.toMatch(/    at /);
      await env.client.waitForTask('direct-cli', 'g-inv-7', { pollIntervalMs: 200 });
    });
  });
});
