import type { AgentSpec } from '../config/schemas.ts';
import type { CompanySnapshot } from './types.ts';

/**
 * Who may hand work to a newly hired agent: its manager, and every agent that already delegates to
 * someone of the hire's role. Only agents with a non-empty `canDelegateTo` are listed: an agent with
 * an empty list hands subtasks to its direct reports (src/domain/org-chart.ts, subtaskAssignees), a
 * set the hire joins by reporting to it, and adding one name would narrow that set to the hire alone.
 */
export function delegatorsOfHire(company: CompanySnapshot, hire: AgentSpec): string[] {
  const peers = new Set(company.agents.filter((agent) => agent.role === hire.role).map((agent) => agent.id));
  return company.agents
    .filter(
      (agent) =>
        agent.id !== hire.id &&
        agent.canDelegateTo.length > 0 &&
        (agent.id === hire.reportsTo || agent.canDelegateTo.some((id) => peers.has(id))),
    )
    .map((agent) => agent.id);
}

/** The company's agents with `hire` added and listed by its delegators (see {@link delegatorsOfHire}). */
export function agentsWithHire(company: CompanySnapshot, hire: AgentSpec): AgentSpec[] {
  const delegators = new Set(delegatorsOfHire(company, hire));
  return [
    ...company.agents.map((agent) =>
      delegators.has(agent.id) && !agent.canDelegateTo.includes(hire.id)
        ? { ...agent, canDelegateTo: [...agent.canDelegateTo, hire.id] }
        : agent,
    ),
    hire,
  ];
}

/** The company's agents without `agentId`: its reports move to its manager, nobody delegates to it. */
export function agentsWithout(company: CompanySnapshot, agentId: string): AgentSpec[] {
  const leaving = company.agents.find((agent) => agent.id === agentId);
  return company.agents
    .filter((agent) => agent.id !== agentId)
    .map((agent) => ({
      ...agent,
      reportsTo: agent.reportsTo === agentId ? (leaving?.reportsTo ?? null) : agent.reportsTo,
      canDelegateTo: agent.canDelegateTo.filter((id) => id !== agentId),
    }));
}

/** The first `<role>-<n>` id no agent has. */
export function freeAgentId(company: CompanySnapshot, role: string): string {
  const stem =
    role
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'agent';
  const taken = new Set(company.agents.map((agent) => agent.id));
  for (let number = 1; ; number++) {
    const id = `${stem}-${number}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * Who takes over a fired agent's work: the agent of its role with the fewest active tasks (the first
 * in the org chart on a tie), else its manager. `company` is the chart after the agent left.
 */
export function successorOfFired(
  company: CompanySnapshot,
  fired: AgentSpec,
  activeTasks: (agentId: string) => number,
): string {
  const peers = company.agents.filter((agent) => agent.role === fired.role && agent.id !== fired.id);
  const peer = peers.reduce<AgentSpec | undefined>(
    (best, agent) => (best === undefined || activeTasks(agent.id) < activeTasks(best.id) ? agent : best),
    undefined,
  );
  // The top of the chart cannot be fired, so a fired agent always has a manager.
  return peer?.id ?? fired.reportsTo!;
}
