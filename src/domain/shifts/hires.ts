import type { ShiftsSpec } from '../../config/shift-schema.ts';

/** What placing a hire needs to know of an agent. */
export interface HireAgent {
  id: string;
  role: string;
  department: string;
}

/**
 * The rotation a newly hired agent joins (docs/shifts.md, "Hiring"): the company's policy is that a
 * hire works like its peers. Among the rotations that hold agents of its role, it joins the one with
 * the fewest of them (the thinnest coverage of the role); with none, among those holding agents of
 * its department; ties go to fewer agents overall, then to roster order. Undefined when neither its
 * role nor its department works in shifts: like its peers, it is always on duty.
 */
export function rotationForHire(
  shifts: ShiftsSpec,
  agents: readonly HireAgent[],
  hired: HireAgent,
): string | undefined {
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const pick = (peer: (agent: HireAgent) => boolean): string | undefined => {
    const ranked = shifts.rotations
      .map((rotation, order) => {
        const peers = rotation.agents.filter((id) => id !== hired.id && byId.has(id) && peer(byId.get(id)!)).length;
        return { name: rotation.name, peers, size: rotation.agents.length, order };
      })
      .filter((candidate) => candidate.peers > 0)
      .sort((a, b) => a.peers - b.peers || a.size - b.size || a.order - b.order);
    return ranked[0]?.name;
  };
  return pick((agent) => agent.role === hired.role) ?? pick((agent) => agent.department === hired.department);
}

/** The roster's shifts with `agentId` added to `rotation`. */
export function withHire(shifts: ShiftsSpec, rotation: string, agentId: string): ShiftsSpec {
  return {
    ...shifts,
    rotations: shifts.rotations.map((candidate) =>
      candidate.name === rotation && !candidate.agents.includes(agentId)
        ? { ...candidate, agents: [...candidate.agents, agentId] }
        : candidate,
    ),
  };
}
