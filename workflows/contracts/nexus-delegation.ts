import * as nexus from 'nexus-rpc';
import type { TaskStatus } from '../../src/domain/task-state.ts';

/** What a buyer asks a seller company on the same Temporal cluster to do, over Nexus. */
export interface NexusDelegationInput {
  /** The company that asks (in its own namespace). */
  buyerCompanyId: string;
  /** The company that does the work (in the namespace the endpoint targets). */
  sellerCompanyId: string;
  goal: string;
  acceptanceCriteria?: string;
}

/** The seller's task as it ended. */
export interface NexusDelegationResult {
  sellerCompanyId: string;
  sellerTaskId: string;
  status: TaskStatus;
  result?: string;
  failureReason?: string;
}

/**
 * The Nexus service every SynthOrg worker handles: `delegate` runs the goal as a task of the seller
 * company, under its own review, budget and approval rules, and answers with the task's ending.
 */
export const delegationService = nexus.service('SynthorgDelegation', {
  delegate: nexus.operation<NexusDelegationInput, NexusDelegationResult>(),
});

/** Input of the buyer's workflow: which endpoint (one per seller namespace and task queue) to call. */
export interface NexusBuyerInput extends NexusDelegationInput {
  endpoint: string;
}

/**
 * The Nexus endpoint of a company: `synthorg-<namespace>-<companyId>`. Endpoints are cluster-wide and
 * company ids are unique per namespace only, so the name carries both (endpoint names allow letters,
 * digits, `-` and `_`; anything else in the namespace becomes `_`).
 */
export function nexusEndpointName(namespace: string, companyId: string): string {
  return `synthorg-${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}-${companyId}`;
}
