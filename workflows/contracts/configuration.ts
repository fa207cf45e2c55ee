import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ConfigurationPatch } from '../../src/config/configuration-schema.ts';
import type { ConfigChange, ConfigVersion } from '../../src/domain/configuration.ts';
import type { GateThresholds, GateVerdict, RolloutMetrics } from '../../src/domain/rollout-gates.ts';
import type { RolloutMode, RolloutStage, RolloutStatus } from '../../src/domain/rollout.ts';
import type { RolloutRecord } from '../../src/db/rollout-store.ts';
import type { ProposalRecord } from '../../src/db/improvement-store.ts';

/** A read for `synthorg config|rollout|improve`, answered by a worker from the database. */
export type ConfigurationRequest =
  | { kind: 'show'; companyId: string; version?: number }
  | { kind: 'history'; companyId: string }
  | { kind: 'diff'; companyId: string; from?: number; to?: number }
  | { kind: 'rollouts'; companyId: string }
  | { kind: 'rollout'; companyId: string; candidateVersion: number }
  | { kind: 'proposals'; companyId: string; limit?: number };

export type ConfigurationResponse =
  | { kind: 'show'; version: ConfigVersion; current: number }
  | { kind: 'history'; versions: ConfigVersion[]; current: number }
  | { kind: 'diff'; from: number; to: number; changes: ConfigChange[] }
  | { kind: 'rollouts'; rollouts: RolloutRecord[] }
  | { kind: 'rollout'; rollout: RolloutRecord; metrics: RolloutMetrics }
  | { kind: 'proposals'; proposals: ProposalRecord[] };

export interface ConfigurationQueryInput {
  request: ConfigurationRequest;
}

export interface ProposeVersionInput {
  companyId: string;
  patch: ConfigurationPatch;
  author: string;
  reason: string;
}

export interface RolloutWorkflowInput {
  companyId: string;
  candidateVersion: number;
  stages: RolloutStage[];
  mode: RolloutMode;
  author: string;
  reason: string;
  /** How often the gate reads the metrics (a duration such as 1m). */
  checkEvery: string;
  thresholds?: Partial<GateThresholds>;
  /** Carried across continue-as-new. */
  state?: RolloutState;
}

export interface RolloutDecisionRecord {
  at: string;
  stageIndex: number;
  decision: string;
  by: string;
  reason: string;
}

export interface RolloutState {
  status: RolloutStatus;
  stageIndex: number;
  stageStartedAtMs: number;
  verdict: GateVerdict | null;
  decisions: RolloutDecisionRecord[];
  baselineVersion: number;
}

export interface RolloutResult {
  companyId: string;
  candidateVersion: number;
  baselineVersion: number;
  status: RolloutStatus;
  stageIndex: number;
  verdict: GateVerdict | null;
  decisions: RolloutDecisionRecord[];
}

export interface RolloutView extends RolloutResult {
  mode: RolloutMode;
  stages: RolloutStage[];
  percent: number;
  awaitingApproval: boolean;
}

export interface StageApproval {
  /** The stage (1-based, as shown) being approved; refused if the rollout is elsewhere. */
  stage?: number;
  by?: string;
  reason?: string;
}

export const approveStageUpdate = defineUpdate<void, [StageApproval]>('approveStage');
export const abortRolloutUpdate = defineUpdate<void, [{ by?: string; reason?: string }]>('abort');
export const rolloutQuery = defineQuery<RolloutView>('rollout');
/** Completes once the rollout is registered (its baseline known), so a starter can report a refusal. */
export const rolloutOpenedUpdate = defineUpdate<RolloutView, []>('opened');
