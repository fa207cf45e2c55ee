import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { GuardVerdict, Proposal } from '../../src/domain/improvement.ts';
import type { RolloutMode, RolloutStage } from '../../src/domain/rollout.ts';
import type { GateThresholds } from '../../src/domain/rollout-gates.ts';

export interface ImprovementSettings {
  /** Manual: every proposal that passes the guards waits for `improve approve|reject`. */
  mode: 'manual' | 'autonomous';
  /** Time between rounds (a duration such as 1h). */
  every: string;
  /** The rollout each accepted proposal gets. */
  stages: RolloutStage[];
  checkEvery: string;
  /** How the loop's rollouts advance: the loop's own mode unless set. */
  rolloutMode?: RolloutMode;
  thresholds?: Partial<GateThresholds>;
  maxRolloutsPerWeek: number;
  maxFirstStagePercent: number;
  scopeAllowList: string[];
  /** Who proposes: the plain rules (unset, as before) or a model through the LLM path (docs/self-improvement.md). */
  proposer?: 'rules' | 'model';
  /** The proposer's model when `proposer` is `model` (`default`: SYNTHORG_MODEL, a provider, else offline). */
  proposerModel?: string;
}

export interface PendingProposal {
  id: number;
  proposal: Proposal;
  guards: GuardVerdict[];
}

export interface ImprovementState {
  paused: boolean;
  mode: 'manual' | 'autonomous';
  rounds: number;
  pending: PendingProposal | null;
  lastRound: string | null;
  lastOutcome: string | null;
  /** The last blocked proposal (patch and failed guards): the same one again is not stored again. */
  lastBlocked?: string | null;
}

export interface ImprovementLoopInput {
  companyId: string;
  settings: ImprovementSettings;
  state?: ImprovementState;
}

export interface ImprovementStatus extends ImprovementState {
  companyId: string;
  settings: ImprovementSettings;
}

export interface ProposalAnswer {
  id: number;
  by?: string;
  reason?: string;
}

export const pauseImprovementUpdate = defineUpdate<void, [{ by?: string; reason?: string }]>('pause');
export const resumeImprovementUpdate = defineUpdate<void, [{ by?: string }]>('resume');
export const approveProposalUpdate = defineUpdate<void, [ProposalAnswer]>('approveProposal');
export const rejectProposalUpdate = defineUpdate<void, [ProposalAnswer]>('rejectProposal');
export const improvementStatusQuery = defineQuery<ImprovementStatus>('status');

export function improvementWorkflowId(companyId: string): string {
  return `company:${companyId}:improve`;
}
