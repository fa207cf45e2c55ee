/** Decomposition caps (SynthOrg rule): depth, children per level and total tasks per goal. */
export interface DecompositionLimits {
  depth: number;
  maxDepth: number;
  maxChildren: number;
  /** Tasks this subtree may still create, the task itself excluded. */
  allowance: number;
}

export interface DecompositionPlan {
  /** How many of the requested subtasks may be created. */
  accepted: number;
  /** Allowance handed to each accepted child, in order. */
  childAllowances: number[];
  /** Why fewer than requested were accepted, when they were. */
  reason?: string;
}

export function planDecomposition(requested: number, limits: DecompositionLimits): DecompositionPlan {
  if (limits.depth >= limits.maxDepth) {
    return { accepted: 0, childAllowances: [], reason: `maximum decomposition depth ${limits.maxDepth} reached` };
  }
  const accepted = Math.max(0, Math.min(requested, limits.maxChildren, limits.allowance));
  const remaining = limits.allowance - accepted;
  const childAllowances = Array.from(
    { length: accepted },
    (_, index) => Math.floor(remaining / accepted) + (index < remaining % accepted ? 1 : 0),
  );
  let reason: string | undefined;
  if (accepted < requested) {
    reason =
      accepted === limits.allowance
        ? `task cap for this goal reached (${limits.allowance} left)`
        : `at most ${limits.maxChildren} subtasks per task`;
  }
  return reason ? { accepted, childAllowances, reason } : { accepted, childAllowances };
}
