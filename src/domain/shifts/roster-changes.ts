import type { ShiftInterval } from './calendar.ts';
import type { Roster, ShiftSwap } from './roster.ts';
import { shiftAgents } from './roster.ts';

/** Longest call-in an operator or a page may ask for. */
export const maxCallInMs = 7 * 86_400_000;
/** How long a paged on-call agent stays on duty unless told otherwise. */
export const defaultCallInMs = 2 * 3_600_000;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why a swap cannot be made, or undefined when it can: the rotation and both agents must exist, the
 * first agent must work that rotation (on that date, after earlier swaps), the second must not
 * already, and a date must be a real one, today or later in the roster's zone.
 */
export function swapProblem(
  roster: Roster,
  agentIds: readonly string[],
  swap: ShiftSwap,
  today: string,
): string | undefined {
  const rotation = roster.shifts.rotations.find((candidate) => candidate.name === swap.rotation);
  if (!rotation) {
    return `unknown rotation "${swap.rotation}"; rotations: ${roster.shifts.rotations.map((r) => r.name).join(', ')}`;
  }
  if (!agentIds.includes(swap.from)) return `unknown agent "${swap.from}"`;
  if (!agentIds.includes(swap.to)) return `unknown agent "${swap.to}"`;
  if (swap.from === swap.to) return 'an agent cannot swap with itself';
  if (swap.date !== undefined) {
    if (!datePattern.test(swap.date) || Number.isNaN(Date.parse(`${swap.date}T00:00:00Z`))) {
      return `bad date "${swap.date}": use YYYY-MM-DD`;
    }
    if (swap.date < today) return `date ${swap.date} is in the past (today is ${today} in ${roster.shifts.timezone})`;
  }
  const probe: ShiftInterval = {
    rotation: swap.rotation,
    date: swap.date ?? today,
    startMs: 0,
    endMs: 0,
    start: rotation.start,
    end: rotation.end,
  };
  const agents = shiftAgents(roster, probe);
  if (!agents.includes(swap.from)) {
    return `agent "${swap.from}" does not work rotation "${swap.rotation}"${swap.date ? ` on ${swap.date}` : ''} (it has ${agents.join(', ')})`;
  }
  if (agents.includes(swap.to)) return `agent "${swap.to}" already works rotation "${swap.rotation}"`;
  return undefined;
}

/** Why a call-in cannot be made, or undefined. */
export function callInProblem(agentIds: readonly string[], agentId: unknown, forMs: unknown): string | undefined {
  if (typeof agentId !== 'string' || !agentIds.includes(agentId)) return `unknown agent "${String(agentId)}"`;
  if (
    forMs !== undefined &&
    (typeof forMs !== 'number' || !Number.isFinite(forMs) || forMs <= 0 || forMs > maxCallInMs)
  ) {
    return 'the call-in must last a positive duration of at most 7 days';
  }
  return undefined;
}
