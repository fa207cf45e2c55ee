import { defaultPool, agentPlacement } from '../domain/placement.ts';
import type { HeadcountAdvice } from '../domain/headcount.ts';
import { adviseHeadcount } from '../domain/headcount.ts';
import type { StaffProposal } from '../domain/headcount-loop.ts';
import { isOpen, utcDay } from '../domain/headcount-loop.ts';
import { isTerminal } from '../domain/task-state.ts';
import type { CompanyViewState } from '../../workflows/contracts/company.ts';
import type { HeadcountView } from '../../workflows/contracts/headcount.ts';

/** `synthorg scaling show --json`: where each agent runs and what the headcount rules say of each bounded role. */
export interface ScalingView {
  companyId: string;
  failoverAfter: string | null;
  agents: { id: string; role: string; pool: string; fallback: string | null; activeTasks: number }[];
  roles: (HeadcountAdvice & { hiresToday: number; retiresToday: number })[];
  /** The company's headcount workflow, when it has `scaling`: open proposals first, then the latest closed ones. */
  headcount: { intervalMs: number; readings: number; proposals: StaffProposal[] } | null;
}

/** Closed proposals `scaling show` lists after the open ones. */
const shownClosed = 10;

export function scalingView(state: CompanyViewState, nowMs: number, loop?: HeadcountView): ScalingView {
  const { company } = state;
  const active = state.tasks.filter((task) => !isTerminal(task.status));
  const activeOf = (agentId: string) => active.filter((task) => task.assignee === agentId).length;
  const atBudgetCeiling = state.spentUsd >= company.monthlyBudgetUsd;
  const today = utcDay(nowMs);
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
      const counters = loop?.roles[spec.role]?.day === today ? loop.roles[spec.role] : undefined;
      const hiresToday = counters?.hires ?? 0;
      const retiresToday = counters?.retires ?? 0;
      const advice = adviseHeadcount(
        spec,
        {
          agents: staff.length,
          activeTasks: staff.reduce((sum, agent) => sum + activeOf(agent.id), 0),
          ...(counters?.lastChangeAtMs !== undefined ? { lastChangeAtMs: counters.lastChangeAtMs } : {}),
          hiresToday,
          retiresToday,
          atBudgetCeiling,
        },
        nowMs,
      );
      return { ...advice, hiresToday, retiresToday };
    }),
    headcount: loop
      ? {
          intervalMs: loop.intervalMs,
          readings: loop.readings,
          proposals: [
            ...loop.proposals.filter(isOpen),
            ...loop.proposals.filter((proposal) => !isOpen(proposal)).slice(-shownClosed),
          ],
        }
      : null,
  };
}
