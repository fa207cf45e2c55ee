import type { AgentSpec } from '../../config/schemas.ts';

/** Tasks an agent works at once (`maxConcurrentTasks` of the agent); a cap with shifts (docs/shifts.md). */
export const defaultMaxConcurrentTasks = 3;

type Agent = Pick<AgentSpec, 'id' | 'role' | 'department'> & { maxConcurrentTasks?: number };

/** The most tasks `agent` may work at once. */
export function capacityOf(agent: Agent | undefined): number {
  return agent?.maxConcurrentTasks ?? defaultMaxConcurrentTasks;
}

/** Whether `agent` may take one more task, given the work slots each agent holds. */
export function hasRoom(agent: Agent | undefined, held: ReadonlyMap<string, number>): boolean {
  return agent !== undefined && (held.get(agent.id) ?? 0) < capacityOf(agent);
}

/**
 * The least loaded of the candidates: agents below their `maxConcurrentTasks` first, then fewer
 * open tasks, then the preferred agent, then by id (deterministic). Open tasks include parents waiting
 * for subtasks; the cap itself counts work slots only (`hasRoom`), which a waiting parent gives back.
 */
export function leastLoaded(
  candidates: readonly Agent[],
  load: ReadonlyMap<string, number>,
  preferred?: string,
): string | undefined {
  const ranked = [...candidates].sort((a, b) => {
    const loadA = load.get(a.id) ?? 0;
    const loadB = load.get(b.id) ?? 0;
    const fullA = loadA >= (a.maxConcurrentTasks ?? defaultMaxConcurrentTasks) ? 1 : 0;
    const fullB = loadB >= (b.maxConcurrentTasks ?? defaultMaxConcurrentTasks) ? 1 : 0;
    return (
      fullA - fullB ||
      loadA - loadB ||
      Number(b.id === preferred) - Number(a.id === preferred) ||
      a.id.localeCompare(b.id)
    );
  });
  return ranked[0]?.id;
}

/**
 * Who takes a new task meant for `preferred`: an on-duty agent of the same role, the least loaded.
 * With `held` (the work slots each agent holds), only agents below their `maxConcurrentTasks`.
 * Undefined when nobody of the role is on duty (or has room): the task waits (WAITING_FOR_SHIFT).
 */
export function routeTask(
  company: { agents: readonly Agent[] },
  preferred: string,
  onDuty: ReadonlySet<string>,
  load: ReadonlyMap<string, number>,
  held?: ReadonlyMap<string, number>,
): string | undefined {
  const wanted = company.agents.find((agent) => agent.id === preferred);
  if (!wanted) return undefined;
  const sameRole = company.agents.filter(
    (agent) => agent.role === wanted.role && onDuty.has(agent.id) && (held === undefined || hasRoom(agent, held)),
  );
  return leastLoaded(sameRole, load, preferred);
}

/**
 * Who takes over a leaving agent's task at a shift change: an on-duty agent of the same role, else
 * of the same department, else the department's head if on duty. Undefined: nobody is there (the
 * caller calls in the on-call agent, or the task waits for a shift).
 */
export function handoffTarget(
  company: { agents: readonly Agent[]; departments: readonly { name: string; head: string }[] },
  leaving: string,
  onDuty: ReadonlySet<string>,
  load: ReadonlyMap<string, number>,
  held?: ReadonlyMap<string, number>,
): string | undefined {
  const agent = company.agents.find((candidate) => candidate.id === leaving);
  if (!agent) return undefined;
  const present = company.agents.filter(
    (candidate) =>
      candidate.id !== leaving && onDuty.has(candidate.id) && (held === undefined || hasRoom(candidate, held)),
  );
  const sameRole = present.filter((candidate) => candidate.role === agent.role);
  if (sameRole.length > 0) return leastLoaded(sameRole, load);
  const sameDepartment = present.filter((candidate) => candidate.department === agent.department);
  if (sameDepartment.length > 0) return leastLoaded(sameDepartment, load);
  const head = company.departments.find((department) => department.name === agent.department)?.head;
  const roomy =
    held === undefined ||
    hasRoom(
      company.agents.find((candidate) => candidate.id === head),
      held,
    );
  return head !== undefined && head !== leaving && onDuty.has(head) && roomy ? head : undefined;
}

/** The on-call agent of an agent's department, if the roster names one. */
export function onCallFor(
  company: { agents: readonly Agent[] },
  onCall: Readonly<Record<string, string>>,
  agentId: string,
): string | undefined {
  const department = company.agents.find((agent) => agent.id === agentId)?.department;
  return department === undefined ? undefined : onCall[department];
}
