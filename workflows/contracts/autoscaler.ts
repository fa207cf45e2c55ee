import { defineQuery } from '@temporalio/workflow';
import type { BacklogReading, PoolScalingPolicy, PoolScalingState } from '../../src/domain/autoscaling.ts';

export interface AutoscalerDecision {
  pool: string;
  at: string;
  from: number;
  to: number;
  reason: string;
  backlog: number;
}

export interface AutoscalerInput {
  pools: PoolScalingPolicy[];
  /** Time between two readings of the backlogs. */
  intervalMs: number;
  /** Readings per run before continue-as-new (keeps the history bounded); default 200. */
  ticksPerRun?: number;
  /** Carried across continue-as-new. */
  state?: AutoscalerState;
}

export interface AutoscalerState {
  pools: Record<string, PoolScalingState>;
  /** The newest decisions, oldest first (at most 50). */
  decisions: AutoscalerDecision[];
}

export interface AutoscalerView extends AutoscalerState {
  policies: PoolScalingPolicy[];
  readings: Record<string, BacklogReading>;
}

/** Workflow id of the autoscaler serving one deployment (base task queue). */
export function autoscalerWorkflowId(baseQueue: string): string {
  return `autoscaler:${baseQueue}`;
}

/** The task queue of the autoscaler and its activities: served only by `synthorg autoscale`. */
export function autoscalerTaskQueue(baseQueue: string): string {
  return `${baseQueue}@autoscaler`;
}

export const autoscalerStateQuery = defineQuery<AutoscalerView>('autoscalerState');
