import type { CompanyTemplateInput, PolicySpec } from '../../src/config/schemas.ts';

/**
 * A two-agent company: a lead who can only delegate (no decomposition) and a worker who reports to
 * the lead. The worker's every answer is reviewed by the lead.
 */
export function duoTemplate(
  options: {
    oversight?: 'locked' | 'supervised' | 'semi' | 'full';
    budgetUsd?: number;
    policies?: Partial<PolicySpec>;
  } = {},
): CompanyTemplateInput {
  return {
    name: 'duo',
    version: '1.0.0',
    company: { monthlyBudgetUsd: options.budgetUsd ?? 10, oversight: options.oversight ?? 'semi' },
    departments: [{ name: 'ops', head: 'boss', budgetShare: 1 }],
    agents: [
      {
        id: 'boss',
        name: 'Bo',
        role: 'Operations Lead',
        department: 'ops',
        seniority: 'lead',
        model: 'offline',
        canDelegateTo: ['worker'],
      },
      {
        id: 'worker',
        name: 'Wren',
        role: 'Operations Engineer',
        department: 'ops',
        seniority: 'mid',
        model: 'offline',
        reportsTo: 'boss',
      },
    ],
    policies: {
      maxDecompositionDepth: 0,
      maxChildrenPerTask: 2,
      maxTasksPerGoal: 5,
      approvalTimeout: '1h',
      ...options.policies,
    },
  };
}

/** A boss who splits work between two engineers, `worker` and `second` (duoTemplate plus one). */
export function teamTemplate(oversight: 'full' | 'supervised' = 'full') {
  const base = duoTemplate({ oversight, policies: { maxDecompositionDepth: 1, maxTasksPerGoal: 5 } });
  return {
    ...base,
    agents: [
      ...base.agents.map((agent) => (agent.id === 'boss' ? { ...agent, canDelegateTo: ['worker', 'second'] } : agent)),
      {
        id: 'second',
        name: 'Sam',
        role: 'Operations Engineer',
        department: 'ops',
        seniority: 'mid' as const,
        model: 'offline',
        reportsTo: 'boss',
      },
    ],
  };
}
