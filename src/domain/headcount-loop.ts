import type { AgentSpec, RoleScalingSpec } from '../config/schemas.ts';
import { durationToMs } from './duration.ts';
import type { HeadcountAdvice } from './headcount.ts';
import { adviseHeadcount } from './headcount.ts';
import { effectiveOversight, findAgent, requiresApproval } from './org-chart.ts';
import type { OversightLevel } from '../config/schemas.ts';
import { freeAgentId } from './staffing.ts';
import type { CompanySnapshot, CompanyStatus } from './types.ts';

/**
 * The company acting on its own headcount advice (docs/scaling.md, "Headcount"): the pure part of
 * workflows/headcount.ts. A reading of the company's load gives advice per bounded role
 * (src/domain/headcount.ts); advice that stays the same for `sustain` readings becomes a proposal
 * (whom to hire from which agent, whom to retire and who takes over its tasks), which needs an
 * approval when the oversight level of the agent it concerns asks for one for a medium-risk action.
 */

/** What the company tells its headcount workflow at each reading. */
export interface CompanyLoad {
  company: CompanySnapshot;
  /** Active (not terminal) tasks per assignee. */
  activeByAgent: Record<string, number>;
  spentUsd: number;
  status: CompanyStatus;
}

/** Per role, per UTC day: changes made, when the last one was, and how long the advice has held. */
export interface RoleCounters {
  day: string;
  hires: number;
  retires: number;
  lastChangeAtMs?: number;
  streak?: { action: 'hire' | 'retire'; count: number };
}

export type ProposalStatus = 'AWAITING_APPROVAL' | 'APPROVED' | 'DENIED' | 'DONE' | 'FAILED';

/** One hire or retirement the company proposes, from proposal to outcome. */
export interface StaffProposal {
  id: string;
  role: string;
  kind: 'hire' | 'retire';
  /** Hire: the new agent's id; retire: the leaving agent. */
  agentId: string;
  /** Hire: the agent of the role whose department, seniority, model, skills, manager and placement it copies. */
  templateAgent?: string;
  /** Hire: the spec sent to the company. */
  spec?: AgentSpec;
  /** Retire: who takes over the leaving agent's active tasks. */
  successor?: string;
  /** The advice's reason, e.g. "5 active tasks for 2 agents, above 1.5 each". */
  reason: string;
  /** Oversight level of the agent concerned; `locked` and `supervised` need an approval. */
  oversight: OversightLevel;
  needsApproval: boolean;
  proposedAt: string;
  /** When an unanswered approval takes the company's `approvalDefault` (ms since epoch). */
  deadlineMs?: number;
  status: ProposalStatus;
  decidedBy?: string;
  decisionReason?: string;
  /** Retire: the tasks handed over to the successor. */
  handedOver?: string[];
  /** Set once the outcome is in the audit log. */
  closed?: boolean;
}

export interface HeadcountLoopState {
  roles: Record<string, RoleCounters>;
  proposals: StaffProposal[];
  nextProposal: number;
}

export function emptyHeadcountState(): HeadcountLoopState {
  return { roles: {}, proposals: [], nextProposal: 1 };
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A proposal still waiting for its approval or for the company to apply it. */
export function isOpen(proposal: StaffProposal): boolean {
  return proposal.status === 'AWAITING_APPROVAL' || proposal.status === 'APPROVED';
}

/** Counters of a role for today: yesterday's hires and retirements do not count against today's caps. */
export function countersFor(state: HeadcountLoopState, role: string, nowMs: number): RoleCounters {
  const day = utcDay(nowMs);
  const known = state.roles[role];
  const counters: RoleCounters = known?.day === day ? known : { ...known, day, hires: 0, retires: 0 };
  state.roles[role] = counters;
  return counters;
}

/** Agents a role may lose without breaking the org chart: not its top, no department head, nobody's manager. */
function retirable(company: CompanySnapshot, role: string): AgentSpec[] {
  return company.agents.filter(
    (agent) =>
      agent.role === role &&
      agent.reportsTo !== null &&
      !company.departments.some((department) => department.head === agent.id) &&
      !company.agents.some((other) => other.reportsTo === agent.id),
  );
}

type Plan = Pick<StaffProposal, 'kind' | 'agentId' | 'templateAgent' | 'spec' | 'successor' | 'oversight'>;

/**
 * Whom to hire (a copy of the role's first agent, under a free `<role>-<n>` id) or to retire (the
 * least busy retirable agent, the newest on a tie; its tasks go to the least busy other agent of the
 * role, else its manager). A string says why nothing can be proposed.
 */
export function planStaffChange(load: CompanyLoad, advice: HeadcountAdvice): Plan | string {
  const { company, activeByAgent } = load;
  const active = (id: string) => activeByAgent[id] ?? 0;
  const staff = company.agents.filter((agent) => agent.role === advice.role);
  if (advice.action === 'hire') {
    const base = staff[0];
    if (!base) return `no agent of role "${advice.role}" to copy a hire from`;
    const id = freeAgentId(company, advice.role);
    const spec: AgentSpec = {
      ...base,
      id,
      name: `${advice.role} ${id}`,
      canDelegateTo: [],
    };
    delete spec.oversight;
    delete spec.budgetLimitUsd;
    return { kind: 'hire', agentId: id, templateAgent: base.id, spec, oversight: effectiveOversight(company, base.id) };
  }
  const candidates = retirable(company, advice.role);
  const leaving = candidates.reduce<AgentSpec | undefined>(
    (best, agent) => (best === undefined || active(agent.id) <= active(best.id) ? agent : best),
    undefined,
  );
  if (!leaving) return `no agent of role "${advice.role}" can leave (each heads a department or manages someone)`;
  const peers = staff.filter((agent) => agent.id !== leaving.id);
  const successor =
    peers.reduce<AgentSpec | undefined>(
      (best, agent) => (best === undefined || active(agent.id) < active(best.id) ? agent : best),
      undefined,
    )?.id ?? leaving.reportsTo!;
  return {
    kind: 'retire',
    agentId: leaving.id,
    successor,
    oversight: effectiveOversight(company, leaving.id),
  };
}

export interface HeadcountReading {
  advice: HeadcountAdvice[];
  proposals: StaffProposal[];
}

/**
 * One reading: the advice for each bounded role, streaks updated, and the proposals to make now.
 * A role with an open proposal gets no second one; a company that is not running is only read.
 */
export function readHeadcount(state: HeadcountLoopState, load: CompanyLoad, nowMs: number): HeadcountReading {
  const { company } = load;
  const atBudgetCeiling = load.spentUsd >= company.monthlyBudgetUsd;
  const advice: HeadcountAdvice[] = [];
  const proposals: StaffProposal[] = [];
  for (const spec of company.scaling ?? []) {
    const counters = countersFor(state, spec.role, nowMs);
    const staff = company.agents.filter((agent) => agent.role === spec.role);
    const roleAdvice = adviseHeadcount(
      spec,
      {
        agents: staff.length,
        activeTasks: staff.reduce((sum, agent) => sum + (load.activeByAgent[agent.id] ?? 0), 0),
        ...(counters.lastChangeAtMs !== undefined ? { lastChangeAtMs: counters.lastChangeAtMs } : {}),
        hiresToday: counters.hires,
        retiresToday: counters.retires,
        atBudgetCeiling,
      },
      nowMs,
    );
    advice.push(roleAdvice);
    if (roleAdvice.action === 'hold') {
      delete counters.streak;
      continue;
    }
    const count = counters.streak?.action === roleAdvice.action ? counters.streak.count + 1 : 1;
    counters.streak = { action: roleAdvice.action, count };
    if (load.status !== 'RUNNING' || count < sustainOf(spec)) continue;
    if (state.proposals.some((proposal) => proposal.role === spec.role && isOpen(proposal))) continue;
    const plan = planStaffChange(load, roleAdvice);
    if (typeof plan === 'string') {
      advice[advice.length - 1] = { ...roleAdvice, action: 'hold', reason: `${roleAdvice.reason}; ${plan}` };
      continue;
    }
    const needsApproval = requiresApproval(plan.oversight, 'medium');
    proposals.push({
      ...plan,
      id: `p${state.nextProposal++}`,
      role: spec.role,
      reason: roleAdvice.reason,
      needsApproval,
      proposedAt: new Date(nowMs).toISOString(),
      ...(needsApproval
        ? { status: 'AWAITING_APPROVAL', deadlineMs: nowMs + durationToMs(company.policies.approvalTimeout) }
        : {
            status: 'APPROVED',
            decidedBy: 'headcount',
            decisionReason: `oversight ${plan.oversight}: no approval needed`,
          }),
    });
  }
  state.proposals.push(...proposals);
  return { advice, proposals };
}

function sustainOf(spec: RoleScalingSpec): number {
  return spec.sustain ?? 1;
}

/** Proposals whose approval timed out take the company's `approvalDefault`; returns the ones changed. */
export function expireApprovals(
  state: HeadcountLoopState,
  approvalDefault: 'approve' | 'deny',
  nowMs: number,
): StaffProposal[] {
  const expired = state.proposals.filter(
    (proposal) =>
      proposal.status === 'AWAITING_APPROVAL' && proposal.deadlineMs !== undefined && nowMs >= proposal.deadlineMs,
  );
  for (const proposal of expired) {
    proposal.status = approvalDefault === 'approve' ? 'APPROVED' : 'DENIED';
    proposal.decidedBy = 'timeout';
    proposal.decisionReason = `no answer before the approval timeout; the company's default is to ${approvalDefault}`;
  }
  return expired;
}

/** After a change is applied: today's counters and the cooldown start; the streak starts again. */
export function recordChange(state: HeadcountLoopState, proposal: StaffProposal, nowMs: number): void {
  const counters = countersFor(state, proposal.role, nowMs);
  if (proposal.kind === 'hire') counters.hires++;
  else counters.retires++;
  counters.lastChangeAtMs = nowMs;
  delete counters.streak;
}

/** Open proposals and the newest closed ones: what a run carries into the next (continue-as-new). */
export function trimProposals(state: HeadcountLoopState, keptClosed = 50): HeadcountLoopState {
  const closed = state.proposals.filter((proposal) => !isOpen(proposal) && proposal.closed);
  const dropped = new Set(closed.slice(0, Math.max(0, closed.length - keptClosed)));
  return { ...state, proposals: state.proposals.filter((proposal) => !dropped.has(proposal)) };
}

/** The checks the company makes before it applies a proposal (the org chart may have changed since). */
export function staffChangeProblem(company: CompanySnapshot, proposal: StaffProposal): string | undefined {
  if (proposal.kind === 'hire') {
    const spec = proposal.spec;
    if (!spec) return 'the proposal has no agent spec';
    if (findAgent(company, spec.id)) return `agent "${spec.id}" already works here`;
    if (!company.departments.some((department) => department.name === spec.department)) {
      return `unknown department "${spec.department}"`;
    }
    if (spec.reportsTo === null || !findAgent(company, spec.reportsTo)) return 'reportsTo must name an agent';
    return undefined;
  }
  const agent = findAgent(company, proposal.agentId);
  if (!agent) return `unknown agent "${proposal.agentId}"`;
  if (agent.reportsTo === null) return `${agent.id} is the top of the org chart`;
  if (company.departments.some((department) => department.head === agent.id)) return `${agent.id} heads a department`;
  if (!proposal.successor || proposal.successor === agent.id || !findAgent(company, proposal.successor)) {
    return `successor "${proposal.successor ?? ''}" is not another agent of the company`;
  }
  return undefined;
}

/** The business id of a company's headcount workflow. */
export function headcountWorkflowId(companyId: string): string {
  return `company:${companyId}:headcount`;
}
