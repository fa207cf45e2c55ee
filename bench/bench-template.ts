import type { CompanyTemplateInput } from '../src/config/schemas.ts';

/** The trunk benches' company: one offline agent, no review, one task per goal (bench/trunk.ts, bench/step-statements.ts, bench/step-breakdown.ts). */
export const benchTemplate: CompanyTemplateInput = {
  name: 'bench',
  version: '1.0.0',
  company: { monthlyBudgetUsd: 1000, oversight: 'full' },
  departments: [{ name: 'work', head: 'solo', budgetShare: 1 }],
  agents: [{ id: 'solo', name: 'Solo', role: 'Analyst', department: 'work', seniority: 'mid', model: 'offline' }],
  policies: { reviewRequired: false, maxDecompositionDepth: 0, maxTasksPerGoal: 1 },
};
