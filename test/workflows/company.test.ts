import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskViewFromHistory } from '../../src/client/task-history-answer.ts';
import { InvalidInputError } from '../../src/client/types.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

async function ledgerRows(companyId: string): Promise<number> {
  const { rows } = await env.pool.query<{ count: string }>('SELECT count(*) FROM ledger WHERE company_id = $1', [
    companyId,
  ]);
  return Number(rows[0]?.count);
}

/** Model calls as the task workflows themselves counted them. */
async function modelCallsInWorkflows(companyId: string, taskIds: string[]): Promise<number> {
  let total = 0;
  for (const taskId of taskIds) {
    const state = await env.client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId)).query(stateQuery);
    total += state.steps;
  }
  return total;
}

describe('companyWorkflow with the startup template', () => {
  it('decomposes a goal, works subtasks concurrently, reviews each by a non-author and assembles the result', async () => {
    await env.withWorker(async () => {
      const template = { ...(await import('../../src/templates/loader.ts').then((m) => m.loadTemplate('startup'))) };
      template.company = { ...template.company, oversight: 'full' };
      await env.client.startCompany({ id: 'acme', template });
      const root = await env.client.submitGoal('acme', 'Build a waitlist page for our product');
      expect(root.status).toBe('CREATED');
      const done = await env.client.waitForTask('acme', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      expect(done.result).toContain('assembled');
      // The quiet wait answers from the closed workflow's history, without the company: the same as a full read.
      const full = await env.client.task('acme', root.id);
      expect(await taskViewFromHistory(env.client.temporal, 'acme', root.id)).toEqual(full);
      expect(done).toEqual(full);

      const company = await env.client.status('acme');
      const children = company.tasks.filter((task) => task.parentId === root.id);
      expect(children.length).toBeGreaterThanOrEqual(2);
      for (const child of children) {
        expect(await taskViewFromHistory(env.client.temporal, 'acme', child.id)).toEqual(
          await env.client.task('acme', child.id),
        );
      }
      for (const task of company.tasks) {
        expect(task.status).toBe('COMPLETED');
        expect(task.reviewer).not.toBeNull();
        expect(task.reviewer).not.toBe(task.assignee);
      }

      // Siblings overlapped in time: each started before the others had closed.
      const spans = await Promise.all(
        children.map(async (child) => {
          const description = await env.client.temporal.workflow.getHandle(taskWorkflowId('acme', child.id)).describe();
          return { start: description.startTime.getTime(), close: description.closeTime?.getTime() ?? Infinity };
        }),
      );
      const latestStart = Math.max(...spans.map((span) => span.start));
      const earliestClose = Math.min(...spans.map((span) => span.close));
      expect(latestStart).toBeLessThan(earliestClose);

      // One ledger row per model call, as the workflows counted them; cost adds up.
      const calls = await modelCallsInWorkflows(
        'acme',
        company.tasks.map((task) => task.id),
      );
      expect(await ledgerRows('acme')).toBe(calls);
      const { rows } = await env.pool.query<{ total: string }>(
        'SELECT sum(cost_usd) AS total FROM ledger WHERE company_id = $1',
        ['acme'],
      );
      expect(company.budget.spentUsd).toBeCloseTo(Number(rows[0]?.total), 6);
      expect(done.costUsd).toBeCloseTo(Number(rows[0]?.total), 6);

      // The database projection caught up with the workflows.
      const projection = await env.pool.query<{ status: string }>('SELECT status FROM tasks WHERE company_id = $1', [
        'acme',
      ]);
      expect(projection.rows.map((row) => row.status).sort()).toEqual(company.tasks.map(() => 'COMPLETED'));
    });
  });
});

describe('approvals', () => {
  it('waits for an operator approval, then completes', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'approve-co', template: duoTemplate({ oversight: 'semi' }) });
      const root = await env.client.submitGoal('approve-co', 'Deploy the new pricing page');
      const approvals: string[] = [];
      const done = await env.client.waitForTask('approve-co', root.id, {
        pollIntervalMs: 200,
        onApproval: async (approval) => {
          approvals.push(`${approval.agentId}:${approval.action}`);
          expect(
            (await env.client.status('approve-co')).tasks.find((task) => task.id === approval.taskId)?.status,
          ).toBe('AWAITING_APPROVAL');
          await env.client.approve('approve-co', approval.taskId, 'looks safe');
        },
      });
      expect(approvals).toEqual(['worker:deploy']);
      expect(done.status).toBe('COMPLETED');
      const { rows } = await env.pool.query('SELECT decision, decided_by FROM approvals WHERE company_id = $1', [
        'approve-co',
      ]);
      expect(rows).toEqual([{ decision: 'approved', decided_by: 'operator' }]);
    });
  });

  it('fails the task when the operator denies', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'deny-co', template: duoTemplate({ oversight: 'semi' }) });
      const root = await env.client.submitGoal('deny-co', 'Publish the quarterly numbers');
      const done = await env.client.waitForTask('deny-co', root.id, {
        pollIntervalMs: 200,
        onApproval: (approval) => env.client.deny('deny-co', approval.taskId, 'not before the board meets'),
      });
      expect(done.status).toBe('FAILED');
      expect(done.failureReason).toContain('not before the board meets');
      await expect(env.client.approve('deny-co', root.id)).rejects.toThrow();
    });
  });

  it('applies the policy default when nobody answers in time', async () => {
    await env.withWorker(async () => {
      const policies = { approvalTimeout: '2s', approvalDefault: 'approve' as const };
      await env.client.startCompany({ id: 'timeout-co', template: duoTemplate({ oversight: 'semi', policies }) });
      const root = await env.client.submitGoal('timeout-co', 'Release version 2');
      const done = await env.client.waitForTask('timeout-co', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const { rows } = await env.pool.query('SELECT decision, decided_by FROM approvals WHERE company_id = $1', [
        'timeout-co',
      ]);
      expect(rows).toEqual([{ decision: 'approved', decided_by: 'timeout' }]);
    });
  });

  it('needs no approval under full oversight', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'full-co', template: duoTemplate({ oversight: 'full' }) });
      const root = await env.client.submitGoal('full-co', 'Deploy the docs site');
      const done = await env.client.waitForTask('full-co', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const { rows } = await env.pool.query('SELECT count(*)::int AS n FROM approvals WHERE company_id = $1', [
        'full-co',
      ]);
      expect(rows[0]).toEqual({ n: 0 });
    });
  });
});

describe('budget', () => {
  it('parks a task at the hard ceiling, never past it, and resumes it when the budget is raised', async () => {
    await env.withWorker(async () => {
      // Less than one step holds: each reserves its prompt and 2048 output tokens at the offline price (~$0.0035).
      await env.client.startCompany({ id: 'thrifty', template: duoTemplate({ oversight: 'full', budgetUsd: 0.001 }) });
      const root = await env.client.submitGoal('thrifty', 'Write the onboarding checklist');
      let parked = false;
      for (let attempt = 0; attempt < 100 && !parked; attempt++) {
        const company = await env.client.status('thrifty');
        parked = company.tasks.some((task) => task.status === 'PARKED_BUDGET');
        if (!parked) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(parked).toBe(true);
      const spentWhileParked = (await env.client.status('thrifty')).budget.spentUsd;
      expect(spentWhileParked).toBeLessThanOrEqual(0.001);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await env.client.status('thrifty')).budget.spentUsd).toBe(spentWhileParked);

      await env.client.raiseBudget('thrifty', 5);
      const done = await env.client.waitForTask('thrifty', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      const audit = await env.pool.query<{ details: { status: string } }>(
        "SELECT details FROM audit_log WHERE company_id = $1 AND details->>'status' = 'PARKED_BUDGET'",
        ['thrifty'],
      );
      expect(audit.rows.length).toBeGreaterThanOrEqual(1);
    });
  });
});

describe('bad input', () => {
  it('rejects malformed updates with a validator and keeps the company running', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'strict', template: duoTemplate({ oversight: 'full' }) });
      await expect(env.client.submitGoal('strict', '   ')).rejects.toThrow(InvalidInputError);
      await expect(env.client.submitGoal('strict', 'x'.repeat(5000))).rejects.toThrow(/longer than/);
      await expect(env.client.raiseBudget('strict', -3)).rejects.toThrow(/positive/);
      const handle = env.client.temporal.workflow.getHandle('company:strict');
      const { hireUpdate } = await import('../../workflows/contracts/company.ts');
      await expect(
        handle.executeUpdate(hireUpdate, {
          args: [
            { id: 'ghost', name: 'G', role: 'x', department: 'nowhere', seniority: 'mid', reportsTo: 'boss' } as never,
          ],
        }),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/unknown department/) } });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const root = await env.client.submitGoal('strict', 'Tidy the backlog');
      expect(root.id).toBe('t1');
      expect((await env.client.waitForTask('strict', root.id, { pollIntervalMs: 200 })).status).toBe('COMPLETED');
    });
  });

  it('starting the same company twice is idempotent; another template under the same id is refused', async () => {
    await env.withWorker(async () => {
      const first = await env.client.startCompany({ id: 'twice', template: duoTemplate() });
      const second = await env.client.startCompany({ id: 'twice', template: duoTemplate() });
      expect([first.created, second.created]).toEqual([true, false]);
      expect(first.ready).toBe(true);
      // Starting a company schedules its memory consolidation; stopping it removes the schedule.
      const { memoryConsolidationScheduleId } = await import('../../workflows/contracts/memory.ts');
      const schedule = env.client.temporal.schedule.getHandle(memoryConsolidationScheduleId('twice'));
      expect((await schedule.describe()).action.type).toBe('startWorkflow');
      await expect(env.client.startCompany({ id: 'twice', template: 'startup' })).rejects.toThrow(/already running/);
      await env.client.stopCompany('twice');
      await expect(schedule.describe()).rejects.toThrow();
      await expect(env.client.stopCompany('twice')).rejects.toThrow(/already stopped/);
      expect((await env.client.status('twice')).status).toBe('STOPPED');
      await expect(env.client.startCompany({ id: 'twice', template: duoTemplate() })).rejects.toThrow(
        /choose another id/,
      );
    });
  });
});

describe('run_code in the agent loop', () => {
  it('an engineer writes a program and its test, runs it in the sandbox, and the reviewer sees the output', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'coders', template: duoTemplate({ oversight: 'full' }) });
      const root = await env.client.submitGoal('coders', 'Write a slug helper for page URLs');
      const done = await env.client.waitForTask('coders', root.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      // The draft the reviewer approved carries the real test result from the sandbox.
      expect(done.result).toContain('3 of 3 tests passed');
      const { rows } = await env.pool.query<{
        ok: boolean;
        exit_code: number;
        stdout: string;
        agent_id: string;
        artifacts: { path: string; content?: string }[];
      }>('SELECT ok, exit_code, stdout, agent_id, artifacts FROM code_runs WHERE company_id = $1', ['coders']);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ ok: true, exit_code: 0, agent_id: 'worker' });
      expect(rows[0]?.stdout).toContain('ok - write-a-slug-helper-for-page-urls');
      expect(rows[0]?.artifacts.map((artifact) => artifact.path).sort()).toEqual([
        'files/slug.sh',
        'files/test_slug.sh',
      ]);
    });
  });

  it('running code waits for an approval under supervised oversight', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'careful-coders', template: duoTemplate({ oversight: 'supervised' }) });
      const root = await env.client.submitGoal('careful-coders', 'Write a slug helper');
      const actions: string[] = [];
      const done = await env.client.waitForTask('careful-coders', root.id, {
        pollIntervalMs: 200,
        onApproval: async (approval) => {
          actions.push(approval.action);
          await env.client.deny('careful-coders', approval.taskId, 'no code today');
        },
      });
      expect(actions).toEqual(['run_code']);
      expect(done.status).toBe('FAILED');
      const { rows } = await env.pool.query('SELECT count(*)::int AS n FROM code_runs WHERE company_id = $1', [
        'careful-coders',
      ]);
      expect(rows[0]).toEqual({ n: 0 });
    });
  });
});

describe('continue-as-new', () => {
  it('keeps the org chart, tasks, numbering and spending across runs of the company workflow', async () => {
    await env.withWorker(async () => {
      const { CompanyTemplate } = await import('../../src/config/schemas.ts');
      const { snapshotFromTemplate } = await import('../../src/domain/company.ts');
      const company = snapshotFromTemplate('renewing', CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
      const handle = await env.client.temporal.workflow.start('companyWorkflow', {
        workflowId: 'company:renewing',
        taskQueue: env.taskQueue,
        // A tiny history limit forces continue-as-new after a goal or two.
        args: [{ company, historyLimit: 40 }],
      });
      const firstRun = handle.firstExecutionRunId;
      for (const goal of ['Sort the inbox', 'Plan the offsite', 'Draft the newsletter']) {
        const task = await env.client.submitGoal('renewing', goal);
        expect((await env.client.waitForTask('renewing', task.id, { pollIntervalMs: 200 })).status).toBe('COMPLETED');
      }
      const { viewQuery } = await import('../../workflows/contracts/company.ts');
      const view = await env.client.temporal.workflow.getHandle('company:renewing').query(viewQuery);
      expect(view.generation).toBeGreaterThanOrEqual(1);
      expect((await env.client.temporal.workflow.getHandle('company:renewing').describe()).runId).not.toBe(firstRun);
      expect(view.tasks.map((task) => task.id).sort()).toEqual(['t1', 't2', 't3']);
      expect(view.company.agents.map((agent) => agent.id)).toEqual(['boss', 'worker']);
      const { rows } = await env.pool.query<{ total: string }>(
        'SELECT sum(cost_usd) AS total FROM ledger WHERE company_id = $1',
        ['renewing'],
      );
      expect(view.spentUsd).toBeCloseTo(Number(rows[0]?.total), 6);
      await env.client.stopCompany('renewing');
    });
  });
});

describe('task reports', () => {
  it('a late report of an older task state (out-of-order delivery) does not set a finished task back', async () => {
    await env.withWorker(async () => {
      const template = duoTemplate({ oversight: 'full' });
      await env.client.startCompany({ id: 'late-report', template });
      const root = await env.client.submitGoal('late-report', 'Sort the inbox');
      expect((await env.client.waitForTask('late-report', root.id, { pollIntervalMs: 200 })).status).toBe('COMPLETED');
      const { taskUpdateSignal, viewQuery } = await import('../../workflows/contracts/company.ts');
      const handle = env.client.temporal.workflow.getHandle('company:late-report');
      const finished = (await handle.query(viewQuery)).tasks.find((task) => task.id === root.id);
      expect(finished?.version).toBeGreaterThan(1);
      expect(finished?.ownCostUsd).toBeGreaterThan(0);

      // What a status report sent early in the task's life looks like when the server delivers it last.
      await handle.signal(taskUpdateSignal, {
        task: { ...finished!, status: 'IN_PROGRESS', costUsd: 0, ownCostUsd: 0, version: 1 },
        pendingApproval: null,
      });
      const after = await handle.query(viewQuery);
      expect(after.tasks.find((task) => task.id === root.id)).toEqual(finished);
      expect(after.spentUsd).toBeCloseTo(finished!.ownCostUsd, 6);
      await env.client.stopCompany('late-report');
    });
  });
});
