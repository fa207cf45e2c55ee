import { defaultPool, agentPlacement } from '../domain/placement.ts';
import type { HeadcountAdvice } from '../domain/headcount.ts';
import { adviseHeadcount } from '../domain/headcount.ts';
import { isTerminal } from '../domain/task-state.ts';
import type { CompanyViewState } from '../../workflows/contracts/company.ts';

/** `synthorg scaling show --json`: where each agent runs and what the headcount rules say of each bounded role. */
export interface ScalingView {
  companyId: string;
  failoverAfter: string | null;
  agents: { id: string; role: string; pool: string; fallback: string | null; activeTasks: number }[];
  roles: HeadcountAdvice[];
}

export function scalingView(state: CompanyViewState, nowMs: number): ScalingView {
  const { company } = state;
  const active = state.tasks.filter((task) => !isTerminal(task.status));
  const activeOf = (agentId: string) => active.filter((task) => task.assignee === agentId).length;
  const atBudgetCeiling = state.spentUsd >= company.monthlyBudgetUsd;
  return {
    companyId: company.id,
    failoverAfter: company.placement?.failoverAfter ?? null,
    agents: company.agents.map((agent) => {
      const placement = agentPlacement(company, agent.id);
      return {
        id: agent.id,
        role: agent.role,
        pool: placement?.pool ?? defaultPool,
        fallback: placement?.fallback ?? null,
        activeTasks: activeOf(agent.id),
      };
    }),
    roles: (company.scaling ?? []).map((spec) => {
      const staff = company.agents.filter((agent) => agent.role === spec.role);
      return adviseHeadcount(
        spec,
        {
          agents: staff.length,
          activeTasks: staff.reduce((sum, agent) => sum + activeOf(agent.id), 0),
          hiresToday: 0,
          atBudgetCeiling,
        },
        nowMs,
      );
    }),
  };
}
