import { stableHash } from './hash.ts';
import { durationPattern } from './duration.ts';

/**
 * Staged rollouts of a configuration version (docs/self-improvement.md). A rollout runs stage after
 * stage; it ends promoted (the candidate becomes current), rolled back (a gate found a regression,
 * too few samples in time, or a broken assignment) or aborted by an operator.
 */
export const rolloutStatuses = ['RUNNING', 'AWAITING_APPROVAL', 'PROMOTED', 'ROLLED_BACK', 'ABORTED'] as const;
export type RolloutStatus = (typeof rolloutStatuses)[number];

const transitions: Record<RolloutStatus, readonly RolloutStatus[]> = {
  // AWAITING_APPROVAL: manual mode, a stage passed its gate and waits for an operator.
  RUNNING: ['RUNNING', 'AWAITING_APPROVAL', 'PROMOTED', 'ROLLED_BACK', 'ABORTED'],
  // A regression found while waiting still rolls back; an approval moves on to the next stage.
  AWAITING_APPROVAL: ['RUNNING', 'PROMOTED', 'ROLLED_BACK', 'ABORTED'],
  PROMOTED: [],
  ROLLED_BACK: [],
  ABORTED: [],
};

export class IllegalRolloutTransitionError extends Error {
  override readonly name = 'IllegalRolloutTransitionError';
}

export function rolloutTransition(from: RolloutStatus, to: RolloutStatus): RolloutStatus {
  if (!transitions[from].includes(to))
    throw new IllegalRolloutTransitionError(`rollout cannot go from ${from} to ${to}`);
  return to;
}

export function isRolloutActive(status: RolloutStatus): boolean {
  return status === 'RUNNING' || status === 'AWAITING_APPROVAL';
}

export interface RolloutStage {
  /** Share of new goals that run the candidate, 1-100. A stage of 100 is the promotion. */
  percent: number;
  /** Finished goals each arm needs before the gate may decide. */
  minSamples: number;
  /** Longest the stage may take to reach its sample; then it rolls back as inconclusive. */
  maxDuration: string;
}

export type RolloutMode = 'manual' | 'autonomous';
export type Arm = 'current' | 'baseline' | 'candidate';

/** The bucket (0-99) of a goal in a rollout: a stable hash, so the same goal always lands in the same arm. */
export function rolloutBucket(companyId: string, candidateVersion: number, rootTaskId: string): number {
  // FNV-1a's low bits change little between ids like t11 and t12; a murmur3 finaliser spreads them.
  let hash = stableHash(`${companyId}:${candidateVersion}:${rootTaskId}`);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % 100;
}

/** Buckets below the stage's percent run the candidate; a goal in the candidate arm stays there as stages grow. */
export function armFor(bucket: number, percent: number): 'candidate' | 'baseline' {
  return bucket < percent ? 'candidate' : 'baseline';
}

/** Problems with a list of stages, each naming the field (`stages[1].percent`); empty when fine. */
export function stageIssues(stages: readonly RolloutStage[]): string[] {
  const issues: string[] = [];
  if (stages.length === 0) issues.push('stages: at least one stage is needed');
  stages.forEach((stage, index) => {
    if (!Number.isInteger(stage.percent) || stage.percent < 1 || stage.percent > 100) {
      issues.push(`stages[${index}].percent: a whole number from 1 to 100, got ${stage.percent}`);
    }
    const previous = stages[index - 1];
    if (previous && stage.percent <= previous.percent) {
      issues.push(`stages[${index}].percent: stages must grow (${previous.percent} then ${stage.percent})`);
    }
    if (!Number.isInteger(stage.minSamples) || stage.minSamples < 1) {
      issues.push(`stages[${index}].minSamples: a whole number of at least 1, got ${stage.minSamples}`);
    }
    if (typeof stage.maxDuration !== 'string' || !durationPattern.test(stage.maxDuration)) {
      issues.push(`stages[${index}].maxDuration: a duration such as 30m or 2h, got ${String(stage.maxDuration)}`);
    }
  });
  const last = stages[stages.length - 1];
  if (last && last.percent !== 100) issues.push(`stages[${stages.length - 1}].percent: the last stage must be 100`);
  return issues;
}

/** `10,50,100` → stages with the given sample and duration. */
export function parseStagePercents(text: string, minSamples: number, maxDuration: string): RolloutStage[] {
  return text.split(',').map((part) => ({ percent: Number(part.trim()), minSamples, maxDuration }));
}

export function rolloutWorkflowId(companyId: string, candidateVersion: number): string {
  return `company:${companyId}:rollout:${candidateVersion}`;
}
