import { describe, expect, it } from 'vitest';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import {
  checkDelegation,
  chooseReviewer,
  effectiveOversight,
  reportingLine,
  requiresApproval,
  rootAgent,
  subtaskAssignees,
} from '../../src/domain/org-chart.ts';
import { planDecomposition } from '../../src/domain/decomposition.ts';
import { addUsd, costOf, isOverBudget } from '../../src/domain/budget.ts';

const company = snapshotFromTemplate(
  'acme',
  CompanyTemplate.parse({
    name: 'acme',
    version: '1.0.0',
    company: { monthlyBudgetUsd: 100, oversight: 'supervised' },
    departments: [
      { name: 'exec', head: 'ceo', budgetShare: 0.2 },
      { name: 'eng', head: 'cto', budgetShare: 0.8, oversight: 'semi' },
    ],
    agents: [
      { id: 'ceo', name: 'C', role: 'CEO', department: 'exec', seniority: 'c_suite', canDelegateTo: ['cto'] },
      {
        id: 'cto',
        name: 'T',
        role: 'CTO',
        department: 'eng',
        seniority: 'c_suite',
        reportsTo: 'ceo',
        canDelegateTo: ['dev'],
      },
      {
        id: 'dev',
        name: 'D',
        role: 'Engineer',
        department: 'eng',
        seniority: 'mid',
        reportsTo: 'cto',
        oversight: 'full',
      },
      { id: 'vp', name: 'V', role: 'VP', department: 'exec', seniority: 'vp', reportsTo: 'ceo' },
    ],
  }),
);

describe('org chart rules', () => {
  it('finds the root and reporting lines', () => {
    expect(rootAgent(company).id).toBe('ceo');
    expect(reportingLine(company, 'dev').map((agent) => agent.id)).toEqual(['cto', 'ceo']);
  });

  it('never lets an author review its own work', () => {
    expect(chooseReviewer(company, 'dev')).toBe('cto');
    expect(chooseReviewer(company, 'cto')).toBe('ceo');
    // The top of the chart is reviewed by the most senior other agent.
    expect(chooseReviewer(company, 'ceo')).toBe('cto');
    for (const agent of company.agents) expect(chooseReviewer(company, agent.id)).not.toBe(agent.id);
  });

  it('takes the most specific oversight level: agent > department > company', () => {
    expect(effectiveOversight(company, 'dev')).toBe('full');
    expect(effectiveOversight(company, 'cto')).toBe('semi');
    expect(effectiveOversight(company, 'ceo')).toBe('supervised');
  });

  it('asks for approval above the oversight level', () => {
    expect(requiresApproval('full', 'high')).toBe(false);
    expect(requiresApproval('semi', 'high')).toBe(true);
    expect(requiresApproval('semi', 'medium')).toBe(false);
    expect(requiresApproval('supervised', 'medium')).toBe(true);
    expect(requiresApproval('locked', 'low')).toBe(true);
  });

  it('delegates only along canDelegateTo and never in a loop', () => {
    expect(checkDelegation(company, 'ceo', 'cto', [])).toEqual({ ok: true });
    expect(checkDelegation(company, 'ceo', 'dev', [])).toMatchObject({ ok: false });
    expect(checkDelegation(company, 'cto', 'dev', ['dev'])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('loop'),
    });
    expect(checkDelegation(company, 'cto', 'ghost', [])).toMatchObject({ ok: false });
  });

  it('hands subtasks to delegates, else direct reports, else the agent itself', () => {
    expect(subtaskAssignees(company, 'ceo')).toEqual(['cto']);
    expect(subtaskAssignees(company, 'vp')).toEqual(['vp']);
  });
});

describe('decomposition caps', () => {
  it('refuses at the maximum depth', () => {
    expect(planDecomposition(3, { depth: 2, maxDepth: 2, maxChildren: 4, allowance: 10 })).toMatchObject({
      accepted: 0,
    });
  });

  it('caps children per task and splits the remaining allowance', () => {
    const plan = planDecomposition(6, { depth: 0, maxDepth: 2, maxChildren: 3, allowance: 10 });
    expect(plan.accepted).toBe(3);
    expect(plan.childAllowances).toEqual([3, 2, 2]);
    expect(plan.reason).toContain('at most 3');
  });

  it('caps the total tasks of a goal', () => {
    const plan = planDecomposition(4, { depth: 1, maxDepth: 3, maxChildren: 4, allowance: 2 });
    expect(plan).toEqual({ accepted: 2, childAllowances: [0, 0], reason: 'task cap for this goal reached (2 left)' });
  });
});

describe('budget arithmetic', () => {
  it('adds money without floating drift and prices tokens', () => {
    expect(addUsd(0.1, 0.2)).toBe(0.3);
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 500_000 }, { inputPerMillion: 2, outputPerMillion: 8 })).toBe(
      6,
    );
  });

  it('treats reaching the ceiling as over budget', () => {
    expect(isOverBudget(5, 5)).toBe(true);
    expect(isOverBudget(4.999999, 5)).toBe(false);
  });
});
