import type { AgentSpec } from '../config/schemas.ts';
import { seniorities, type OversightLevel, type Seniority } from './org-levels.ts';
import type { CompanySnapshot } from './types.ts';

export function seniorityRank(seniority: Seniority): number {
  return seniorities.indexOf(seniority);
}

export function findAgent(company: CompanySnapshot, agentId: string): AgentSpec | undefined {
  return company.agents.find((agent) => agent.id === agentId);
}

/** The top of the org chart: the one agent with no manager (template validation guarantees one). */
export function rootAgent(company: CompanySnapshot): AgentSpec {
  const root = company.agents.find((agent) => agent.reportsTo === null) ?? mostSenior(company.agents);
  if (!root) throw new Error(`company ${company.id} has no agents`);
  return root;
}

function mostSenior(agents: readonly AgentSpec[]): AgentSpec | undefined {
  return [...agents].sort(
    (a, b) => seniorityRank(b.seniority) - seniorityRank(a.seniority) || a.id.localeCompare(b.id),
  )[0];
}

/** Managers of an agent, nearest first. Stops on a cycle (fire/hire can leave odd shapes). */
export function reportingLine(company: CompanySnapshot, agentId: string): AgentSpec[] {
  const line: AgentSpec[] = [];
  const seen = new Set([agentId]);
  let current = findAgent(company, agentId);
  while (current?.reportsTo) {
    const manager = findAgent(company, current.reportsTo);
    if (!manager || seen.has(manager.id)) break;
    line.push(manager);
    seen.add(manager.id);
    current = manager;
  }
  return line;
}

/**
 * The reviewer of an author's work: the nearest manager in the reporting line; for the top of the
 * chart, the most senior other agent. Never the author (SynthOrg rule). Null when the company has
 * no other agent.
 */
export function chooseReviewer(company: CompanySnapshot, authorId: string): string | null {
  const manager = reportingLine(company, authorId)[0];
  if (manager) return manager.id;
  const others = company.agents.filter((agent) => agent.id !== authorId);
  return mostSenior(others)?.id ?? null;
}

/** Most specific wins: agent > department > company. */
export function effectiveOversight(company: CompanySnapshot, agentId: string): OversightLevel {
  const agent = findAgent(company, agentId);
  if (agent?.oversight) return agent.oversight;
  const department = company.departments.find((candidate) => candidate.name === agent?.department);
  return department?.oversight ?? company.oversight;
}

export type ActionRisk = 'none' | 'low' | 'medium' | 'high';

const approvalThreshold: Record<OversightLevel, ActionRisk[]> = {
  locked: ['low', 'medium', 'high'],
  supervised: ['medium', 'high'],
  semi: ['high'],
  full: [],
};

/** Whether an action of this risk needs a human approval at this oversight level. */
export function requiresApproval(level: OversightLevel, risk: ActionRisk): boolean {
  return approvalThreshold[level].includes(risk);
}

export type DelegationCheck = { ok: true } | { ok: false; reason: string };

/** Delegation rules: only to agents the delegator may delegate to, never back into the chain (no loops). */
export function checkDelegation(
  company: CompanySnapshot,
  fromId: string,
  toId: string,
  chain: readonly string[],
): DelegationCheck {
  const from = findAgent(company, fromId);
  if (!from) return { ok: false, reason: `unknown agent "${fromId}"` };
  if (!findAgent(company, toId)) return { ok: false, reason: `unknown agent "${toId}"` };
  if (!from.canDelegateTo.includes(toId)) return { ok: false, reason: `${fromId} may not delegate to ${toId}` };
  if (toId === fromId || chain.includes(toId)) return { ok: false, reason: `delegation to ${toId} would loop` };
  return { ok: true };
}

/** Agents an agent can hand subtasks to: its delegates, else its direct reports, else itself. */
export function subtaskAssignees(company: CompanySnapshot, agentId: string): string[] {
  const agent = findAgent(company, agentId);
  const delegates = (agent?.canDelegateTo ?? []).filter((id) => findAgent(company, id));
  if (delegates.length > 0) return delegates;
  const reports = company.agents.filter((candidate) => candidate.reportsTo === agentId).map((report) => report.id);
  return reports.length > 0 ? reports : [agentId];
}
