import type { RoleScalingSpec } from '../config/schemas.ts';
import { durationToMs } from './duration.ts';

/** What the headcount rule says of one role now (docs/scaling.md). */
export interface HeadcountAdvice {
  role: string;
  agents: number;
  min: number;
  max: number;
  activeTasks: number;
  /** Active tasks per agent of the role. */
  utilisation: number;
  action: 'hire' | 'retire' | 'hold';
  reason: string;
}

export interface RoleLoad {
  agents: number;
  activeTasks: number;
  /** When the role's headcount last changed (ms); undefined: never. */
  lastChangeAtMs?: number;
  hiresToday: number;
  /** Retirements of the role today (UTC); unset counts as none. */
  retiresToday?: number;
  /** True when the company is at its monthly budget ceiling: no hires then. */
  atBudgetCeiling: boolean;
}

/**
 * Hire when active tasks per agent exceed `hireAbove`, retire when below `retireBelow`, within
 * min..max, outside the cooldown, under the daily cap and never at the budget ceiling. Bounds first.
 */
export function adviseHeadcount(spec: RoleScalingSpec, load: RoleLoad, nowMs: number): HeadcountAdvice {
  const utilisation = load.agents === 0 ? (load.activeTasks > 0 ? Infinity : 0) : load.activeTasks / load.agents;
  const base = {
    role: spec.role,
    agents: load.agents,
    min: spec.min,
    max: spec.max,
    activeTasks: load.activeTasks,
    utilisation,
  };
  const hold = (reason: string): HeadcountAdvice => ({ ...base, action: 'hold', reason });
  if (load.agents < spec.min) return { ...base, action: 'hire', reason: `below the minimum of ${spec.min}` };
  if (load.agents > spec.max) return { ...base, action: 'retire', reason: `above the maximum of ${spec.max}` };
  const cooling = load.lastChangeAtMs !== undefined && nowMs - load.lastChangeAtMs < durationToMs(spec.cooldown);
  if (utilisation > spec.hireAbove) {
    if (load.agents >= spec.max) return hold(`busy, but at the maximum of ${spec.max}`);
    if (load.atBudgetCeiling) return hold('busy, but the company is at its budget ceiling');
    if (load.hiresToday >= spec.maxHiresPerDay)
      return hold(`busy, but ${load.hiresToday} hired today (cap ${spec.maxHiresPerDay})`);
    if (cooling) return hold(`busy, cooling down (${spec.cooldown})`);
    return {
      ...base,
      action: 'hire',
      reason: `${load.activeTasks} active tasks for ${load.agents} agents, above ${spec.hireAbove} each`,
    };
  }
  if (utilisation < spec.retireBelow && load.agents > spec.min) {
    const retired = load.retiresToday ?? 0;
    if (retired >= spec.maxRetiresPerDay)
      return hold(`idle, but ${retired} retired today (cap ${spec.maxRetiresPerDay})`);
    if (cooling) return hold(`idle, cooling down (${spec.cooldown})`);
    return {
      ...base,
      action: 'retire',
      reason: `${load.activeTasks} active tasks for ${load.agents} agents, below ${spec.retireBelow} each`,
    };
  }
  return hold('within the band');
}
