import type { PlacementSpec } from '../config/schemas.ts';
import type { CompanySnapshot } from './types.ts';

/** The pool every unplaced agent runs on: the company's own task queue, as before pools existed. */
export const defaultPool = 'default';

/**
 * The task queue of a worker pool (docs/scaling.md): `default` is the base queue itself, any other pool
 * `<base>@<pool>`, so pools of two deployments (two base queues) never share a queue.
 */
export function poolTaskQueue(baseQueue: string, pool: string): string {
  return pool === defaultPool ? baseQueue : `${baseQueue}@${pool}`;
}

/** Where an agent's activities run: its own placement, else its role's, else none (the company's queue). */
export function agentPlacement(company: CompanySnapshot, agentId: string): PlacementSpec | undefined {
  const agent = company.agents.find((candidate) => candidate.id === agentId);
  if (!agent) return undefined;
  return agent.placement ?? company.placement?.roles[agent.role];
}

/** One move of a task's work from a pool nobody served to its fallback, as the task records it. */
export interface PoolFailover {
  agentId: string;
  activity: string;
  fromPool: string;
  toPool: string;
  /** The task's step number when it happened. */
  step: number;
  at: string;
  reason: string;
}

/** Pool names a worker was given (`--pool a --pool b`, `SYNTHORG_POOLS=a,b`): slugs, each once. */
export function parsePoolList(text: string): { pools: string[]; problems: string[] } {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const problems = names
    .filter((name) => !/^[a-z0-9][a-z0-9-_]{0,63}$/.test(name))
    .map((name) => `pool "${name}": use lowercase letters, digits, "-" or "_"`);
  return { pools: [...new Set(names)], problems };
}
