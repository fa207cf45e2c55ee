import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { HeadcountAdvice } from '../../src/domain/headcount.ts';
import type { CompanyLoad, HeadcountLoopState, StaffProposal } from '../../src/domain/headcount-loop.ts';

/** The headcount workflow of one company (docs/scaling.md, "Headcount"), id `company:<id>:headcount`. */
export interface HeadcountInput {
  companyId: string;
  intervalMs: number;
  /** Carried across continue-as-new. */
  state?: HeadcountLoopState;
  /** Readings per run before continue-as-new (default 500). */
  readingsPerRun?: number;
}

export interface HeadcountView extends HeadcountLoopState {
  companyId: string;
  intervalMs: number;
  /** The advice of the last reading, per bounded role. */
  advice: HeadcountAdvice[];
  readings: number;
  stopped: boolean;
}

export interface StaffingDecision {
  proposalId: string;
  approve: boolean;
  by?: string;
  reason?: string;
}

/** The headcount workflow asks its company for a reading; the company answers with {@link headcountReadingSignal}. */
export interface ReadingRequest {
  requestId: string;
}

export interface ReadingReply {
  requestId: string;
  load: CompanyLoad;
}

/** A proposal the company applies; it answers with {@link staffChangeResultSignal}. */
export interface StaffChange {
  proposal: StaffProposal;
}

export interface StaffChangeResult {
  proposalId: string;
  ok: boolean;
  error?: string;
  /** Retire: the active tasks told to hand over to the successor. */
  handedOver: string[];
}

/** Sent to every active task of a retired agent: hand over to `successor` before the next step. */
export interface AgentRetired {
  agentId: string;
  successor: string;
  reason: string;
}

export const headcountStateQuery = defineQuery<HeadcountView>('headcountState');
export const decideStaffingUpdate = defineUpdate<StaffProposal, [StaffingDecision]>('decideStaffing');
export const stopHeadcountSignal = defineSignal<[]>('stopHeadcount');
export const headcountReadingSignal = defineSignal<[ReadingReply]>('headcountReading');
export const staffChangeResultSignal = defineSignal<[StaffChangeResult]>('staffChangeResult');

/** To the company workflow. */
export const readingRequestSignal = defineSignal<[ReadingRequest]>('headcountReadingRequest');
export const staffChangeSignal = defineSignal<[StaffChange]>('staffChange');

/** To task workflows. */
export const agentRetiredSignal = defineSignal<[AgentRetired]>('agentRetired');
