import { SandboxInputError } from './errors.ts';
import type { SandboxLimits } from './types.ts';

const limitNames = [
  'wallTimeMs',
  'cpuTimeSeconds',
  'memoryBytes',
  'maxProcesses',
  'maxOutputBytes',
  'maxFileBytes',
] as const satisfies readonly (keyof SandboxLimits)[];

/**
 * The limits of one run: what the caller asked for, never above the operator's ceiling. An agent asking
 * for more gets the ceiling, not an error, so a generous request still runs.
 */
export function resolveLimits(ceiling: SandboxLimits, requested: Partial<SandboxLimits> = {}): SandboxLimits {
  const resolved = { ...ceiling };
  for (const name of limitNames) {
    const value = requested[name];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw new SandboxInputError(`limit ${name} must be a positive number, got ${value}`);
    }
    resolved[name] = Math.min(Math.floor(value), ceiling[name]) || 1;
  }
  return resolved;
}
