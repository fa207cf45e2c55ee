import { describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../src/client/types.ts';
import type { CompanyTemplateInput } from '../../src/config/schemas.ts';
import { AgentAction, ReviewVerdict } from '../../src/domain/agent-action-schema.ts';
import { reviewEscalationAction } from '../../src/domain/review-escalation.ts';
import { localTestModel, logLine, useLocalModelEnv } from '../helpers/local-model.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';

const model = localTestModel;
const maxOutputTokens = 64;
const log = logLine;

let env: SynthorgTestEnv;
useLocalModelEnv((started) => (env = started));

/**
 * The smallest company that exercises the whole tree: a planner who may only decompose (and so
 * answers once its subtasks are done, assembling them) and a writer who may only answer; each
 * reviews the other's work.
 */
function tinyTemplate(): CompanyTemplateInput {
  return {
    name: 'tiny-local',
    version: '1.0.0',
    company: { monthlyBudgetUsd: 1, oversight: 'full' },
    departments: [{ name: 'ops', head: 'planner', budgetShare: 1 }],
    agents: [
      {
        id: 'planner',
        name: 'Pat',
        role: 'Team Lead',
        department: 'ops',
        seniority: 'lead',
        model,
        actions: ['decompose'],
        // Room for a subtask's three strings, and for the assembled answer.
        maxOutputTokens: 128,
      },
      {
        id: 'writer',
        name: 'Wyn',
        role: 'Writer',
        department: 'ops',
        seniority: 'mid',
        model,
        reportsTo: 'planner',
        actions: ['answer'],
      },
    ],
    policies: {
      maxDecompositionDepth: 1,
      maxChildrenPerTask: 1,
      maxTasksPerGoal: 2,
      maxRevisions: 1,
      maxOutputTokens,
      // A draft still rejected on its last revision goes to the operator (this test) instead of failing.
      onRevisionsExhausted: 'escalate',
    },
  };
}

interface LedgerRow {
  call_key: string;
  task_id: string;
  agent_id: string;
  model: string;
  offline: boolean;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  response: { action?: unknown; error?: string };
}

describe('a company on the local real model (SmolLM2-135M on llama.cpp)', () => {
  it('runs a goal to COMPLETED: decomposition, work, real reviews, escalation, assembly, every step schema-valid', async () => {
    const started = Date.now();
    // The operator: every escalation (a draft the reviewer still rejected on its last revision) is
    // shown with the reviewer's feedback and approved here, as a person would after reading it.
    const escalations: PendingApproval[] = [];
    const { done, company } = await env.withWorker(async () => {
      await env.client.startCompany({ id: 'tiny-local', template: tinyTemplate() });
      const root = await env.client.submitGoal('tiny-local', 'Write a two-sentence welcome note for new staff', {
        acceptanceCriteria: 'Friendly, names the team.',
      });
      const finished = await env.client.waitForTask('tiny-local', root.id, {
        pollIntervalMs: 500,
        onApproval: async (approval) => {
          escalations.push(approval);
          log(`local e2e: escalation of ${approval.taskId}: ${approval.reason ?? ''}`);
          await env.client.approve('tiny-local', approval.taskId, 'read the draft and the feedback; accepted');
        },
      });
      // Queried while the worker still runs: a query needs one.
      return { done: finished, company: await env.client.status('tiny-local') };
    });
    const wallSeconds = (Date.now() - started) / 1000;

    const children = company.tasks.filter((task) => task.parentId === done.id);
    const { rows } = await env.pool.query<LedgerRow>(
      'SELECT call_key, task_id, agent_id, model, offline, input_tokens, output_tokens, cost_usd, response FROM ledger WHERE company_id = $1 ORDER BY id',
      ['tiny-local'],
    );
    const steps = rows.filter((row) => !row.call_key.includes('#unusable') && !row.call_key.includes('#repair'));
    const repairs = rows.filter((row) => row.call_key.endsWith('#unusable')).length;
    const failedRepairs = rows.filter((row) => row.call_key.endsWith('#repair')).length;
    const tokens = rows.reduce(
      (sum, row) => ({ input: sum.input + row.input_tokens, output: sum.output + row.output_tokens }),
      { input: 0, output: 0 },
    );
    log(
      `local e2e: ${rows.length} model calls, ${steps.length} steps, ${repairs} repaired (${failedRepairs} failed), ` +
        `schema-valid first replies ${steps.length - repairs}/${steps.length}, ` +
        `tokens in ${tokens.input} out ${tokens.output}, ${wallSeconds.toFixed(1)} s, root ${done.status}`,
    );

    // The goal completes: decomposition, the subtask's work and review, assembly and its review all ran.
    // The 135M reviewer's verdicts do not judge the draft (`npm run bench -- local-reviewer`,
    // docs/local-model.md: the direct layout rejected 0/4 good and 0/4 bad hand-written drafts alike),
    // so a rejection on the last revision is escalated to the operator, who decides; the verdicts
    // stay recorded as given and each task's ending must follow from them and the operator's word.
    expect(done.status, done.failureReason).toBe('COMPLETED');
    expect(children.length).toBeGreaterThanOrEqual(1);
    for (const child of children) expect(child.status, child.failureReason).toBe('COMPLETED');
    for (const task of [...company.tasks, done]) {
      expect(task.reviewer).not.toBeNull();
      expect(task.reviewer).not.toBe(task.assignee);
    }
    expect(done.assignee).toBe('planner');
    expect(failedRepairs).toBe(0);

    // Every step's stored action validates against the schemas; the kinds show the whole tree ran.
    const kinds: string[] = [];
    for (const row of steps) {
      const action = row.response.action as { type?: string };
      const schema = action.type === 'review' ? ReviewVerdict : AgentAction;
      expect(schema.safeParse(action).success, JSON.stringify(action)).toBe(true);
      kinds.push(action.type === 'review' ? 'review' : `${row.task_id === done.id ? 'root' : 'child'}:${action.type}`);
    }
    expect(kinds).toContain('root:decompose');
    expect(kinds).toContain('child:answer');
    expect(kinds).toContain('root:answer');
    // Each task's work was reviewed by someone other than its author, the root's assembly included;
    // a COMPLETED task's last review approved it.
    expect(kinds.filter((kind) => kind === 'review').length).toBeGreaterThanOrEqual(children.length + 1);
    for (const task of [...children, done]) {
      const ofTask = steps.filter((row) => row.task_id === task.id);
      const reviews = ofTask.filter((row) => (row.response.action as { type?: string }).type === 'review');
      const drafts = ofTask.filter((row) => (row.response.action as { type?: string }).type === 'answer');
      const verdicts = reviews.map((row) => row.response.action as ReviewVerdict);
      expect(reviews.every((row) => row.agent_id !== task.assignee)).toBe(true);
      // Every draft was reviewed once, and a rejection before the last allowed revision got a new draft.
      expect(reviews.length, task.id).toBe(drafts.length);
      expect(verdicts.slice(0, -1).every((verdict) => verdict.verdict === 'reject')).toBe(true);
      const last = verdicts.at(-1);
      const escalated = escalations.filter((approval) => approval.taskId === task.id);
      const { rows: approvals } = await env.pool.query<{ action: string; decision: string; decided_by: string }>(
        'SELECT action, decision, decided_by FROM approvals WHERE company_id = $1 AND task_id = $2',
        ['tiny-local', task.id],
      );
      if (last?.verdict === 'approve') {
        // The reviewer approved: nobody was asked.
        expect(escalated, task.id).toEqual([]);
        expect(approvals, task.id).toEqual([]);
      } else {
        // Rejected at the last revision (after 1 + maxRevisions reviews): escalated with the reviewer's
        // feedback, approved by the operator, recorded as the operator's decision.
        expect(reviews.length, task.id).toBe(2);
        expect(
          escalated.map((approval) => approval.action),
          task.id,
        ).toEqual([reviewEscalationAction]);
        expect(escalated[0]?.reason).toMatch(/^rejected after 2 reviews: /);
        expect(escalated[0]?.reason).toContain(
          `${reviews[0]?.agent_id}: ${(verdicts[0]?.feedback ?? '').slice(0, 40)}`,
        );
        expect(approvals, task.id).toEqual([
          { action: reviewEscalationAction, decision: 'approved', decided_by: 'operator' },
        ]);
      }
    }
    log(
      `local e2e endings: ${[...children, done].map((task) => `${task.id} ${task.status}`).join(', ')}; ` +
        `verdicts ${kinds.filter((kind) => kind === 'review').length} (${steps.filter((row) => (row.response.action as { verdict?: string }).verdict === 'approve').length} approve), ` +
        `escalations approved by the operator ${escalations.length}`,
    );
    expect(done.result).toBeTruthy();
    // Assembly comes after the decomposition, once the subtasks have ended.
    expect(kinds.indexOf('root:answer')).toBeGreaterThan(kinds.indexOf('child:answer'));

    // Token counts are the server's real usage, within the output cap, and a local model is free.
    for (const row of rows) {
      expect(row.model).toBe(model);
      expect(row.offline).toBe(false);
      expect(row.input_tokens).toBeGreaterThan(100);
      expect(row.output_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeLessThanOrEqual(row.agent_id === 'planner' ? 128 : maxOutputTokens);
      expect(Number(row.cost_usd)).toBe(0);
    }
  }, 2_700_000);
});
