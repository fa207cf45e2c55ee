/** How the work a memory was recalled into ended. */
export type ReinforcementOutcome = 'approve' | 'reject' | 'fail';

/** Reinforcement per outcome: approved work strengthens what it used; rejected and failed work weakens it. */
export const outcomeDelta: Record<ReinforcementOutcome, number> = { approve: 0.5, reject: -0.3, fail: -0.6 };

/** Reinforcement halves every this many days without new evidence. */
export const reinforcementHalfLifeDays = 14;

/** Importance fades with time unless recall keeps a memory in use: the half-life of its value. */
export const valueHalfLifeDays = 60;

const dayMs = 86_400_000;

export function decayedReinforcement(reinforcement: number, elapsedMs: number): number {
  return reinforcement * 0.5 ** (Math.max(0, elapsedMs) / dayMs / reinforcementHalfLifeDays);
}

/**
 * What a memory is still worth (about -0.5..1.5): importance fading since it was last used, plus
 * its reinforcement. Consolidation archives memories whose value fell below a threshold.
 */
export function memoryValue(importance: number, reinforcement: number, sinceLastUseMs: number): number {
  return importance * 0.5 ** (Math.max(0, sinceLastUseMs) / dayMs / valueHalfLifeDays) + 0.5 * Math.tanh(reinforcement);
}

/** The same decay in SQL: reinforcement as of now, from the value stored at `reinforced_at`. */
export function decayedReinforcementSql(alias = 'm'): string {
  return `(${alias}.reinforcement * power(0.5, extract(epoch FROM now() - ${alias}.reinforced_at) / 86400.0 / ${reinforcementHalfLifeDays}))::real`;
}

/** The same value in SQL (see {@link memoryValue}). */
export function memoryValueSql(alias = 'm'): string {
  return `(${alias}.importance * power(0.5, extract(epoch FROM now() - coalesce(${alias}.last_recalled_at, ${alias}.created_at)) / 86400.0 / ${valueHalfLifeDays})
    + 0.5 * tanh(${decayedReinforcementSql(alias)}))`;
}
