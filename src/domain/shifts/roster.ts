import type { ShiftsSpec } from '../../config/shift-schema.ts';
import type { ShiftInterval } from './calendar.ts';

/** `agentA` gives rotation `rotation` to `agentB`: on one local date, or from now on without one. */
export interface ShiftSwap {
  rotation: string;
  from: string;
  to: string;
  date?: string;
}

/** An agent on duty outside its rotations until an instant (urgent work, an operator's call-in). */
export interface CallIn {
  agentId: string;
  untilMs: number;
  reason: string;
}

/** An agent sent off duty until an instant (the end of the shift it was in). */
export interface OffDuty {
  agentId: string;
  untilMs: number;
}

/** The roster a shift workflow keeps, and carries across continue-as-new. */
export interface Roster {
  shifts: ShiftsSpec;
  swaps: ShiftSwap[];
  callIns: CallIn[];
  offDuty: OffDuty[];
}

/** Why an agent is on duty now and until when (null: always, it is in no rotation). */
export interface DutyEntry {
  agentId: string;
  reason: 'rotation' | 'unrostered' | 'call-in';
  rotation?: string;
  untilMs: number | null;
}

export function emptyRoster(shifts: ShiftsSpec): Roster {
  return { shifts, swaps: [], callIns: [], offDuty: [] };
}

/** The agents of one shift, after the swaps that apply to it (a dated swap only to its date). */
export function shiftAgents(roster: Roster, interval: ShiftInterval): string[] {
  const rotation = roster.shifts.rotations.find((candidate) => candidate.name === interval.rotation);
  let agents = [...(rotation?.agents ?? [])];
  for (const swap of roster.swaps) {
    if (swap.rotation !== interval.rotation) continue;
    if (swap.date !== undefined && swap.date !== interval.date) continue;
    agents = agents.map((id) => (id === swap.from ? swap.to : id));
  }
  return [...new Set(agents)];
}

/** Agents that work in shifts: named in a rotation or brought into one by a swap. */
export function rosteredAgents(roster: Roster): Set<string> {
  return new Set([
    ...roster.shifts.rotations.flatMap((rotation) => rotation.agents),
    ...roster.swaps.map((swap) => swap.to),
  ]);
}

/**
 * Who is on duty at an instant: the agents of every open shift, agents in no rotation, and
 * agents called in, less those sent off duty. Sorted by agent id, one entry each.
 */
export function onDutyAt(
  roster: Roster,
  intervals: readonly ShiftInterval[],
  atMs: number,
  companyAgentIds: readonly string[],
): DutyEntry[] {
  const entries = new Map<string, DutyEntry>();
  const rostered = rosteredAgents(roster);
  for (const agentId of companyAgentIds) {
    if (!rostered.has(agentId)) entries.set(agentId, { agentId, reason: 'unrostered', untilMs: null });
  }
  for (const interval of intervals) {
    if (interval.startMs > atMs || interval.endMs <= atMs) continue;
    for (const agentId of shiftAgents(roster, interval)) {
      const known = entries.get(agentId);
      if (known && (known.untilMs === null || known.untilMs >= interval.endMs)) continue;
      entries.set(agentId, { agentId, reason: 'rotation', rotation: interval.rotation, untilMs: interval.endMs });
    }
  }
  for (const callIn of roster.callIns) {
    if (callIn.untilMs <= atMs || entries.has(callIn.agentId)) continue;
    entries.set(callIn.agentId, { agentId: callIn.agentId, reason: 'call-in', untilMs: callIn.untilMs });
  }
  for (const off of roster.offDuty) {
    if (off.untilMs > atMs) entries.delete(off.agentId);
  }
  return [...entries.values()].sort((a, b) => a.agentId.localeCompare(b.agentId));
}

/** The next instant after `atMs` at which who is on duty may change, and what happens then. */
export function nextChange(
  roster: Roster,
  intervals: readonly ShiftInterval[],
  atMs: number,
): { atMs: number; label: string } | undefined {
  const zone = roster.shifts.timezone;
  const candidates: { atMs: number; label: string }[] = [];
  for (const interval of intervals) {
    if (interval.startMs > atMs) {
      candidates.push({ atMs: interval.startMs, label: `${interval.rotation} shift starts ${interval.start} ${zone}` });
    }
    if (interval.endMs > atMs) {
      candidates.push({ atMs: interval.endMs, label: `${interval.rotation} shift ends ${interval.end} ${zone}` });
    }
  }
  for (const callIn of roster.callIns) {
    if (callIn.untilMs > atMs) candidates.push({ atMs: callIn.untilMs, label: `call-in of ${callIn.agentId} ends` });
  }
  for (const off of roster.offDuty) {
    if (off.untilMs > atMs) candidates.push({ atMs: off.untilMs, label: `${off.agentId} back from off duty` });
  }
  candidates.sort((a, b) => a.atMs - b.atMs || a.label.localeCompare(b.label));
  const first = candidates[0];
  if (!first) return undefined;
  // Boundaries at the same instant (one shift ends as the next starts) are one change.
  const together = candidates.filter((candidate) => candidate.atMs === first.atMs).map((candidate) => candidate.label);
  return { atMs: first.atMs, label: [...new Set(together)].join('; ') };
}

/** Drops call-ins, off-duty entries and dated swaps that can no longer matter. */
export function pruneRoster(roster: Roster, atMs: number, today: string): Roster {
  return {
    ...roster,
    swaps: roster.swaps.filter((swap) => swap.date === undefined || swap.date >= previousDate(today)),
    callIns: roster.callIns.filter((callIn) => callIn.untilMs > atMs),
    offDuty: roster.offDuty.filter((off) => off.untilMs > atMs),
  };
}

/** A night shift that started yesterday may still be open: its dated swap is kept a day longer. */
function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
