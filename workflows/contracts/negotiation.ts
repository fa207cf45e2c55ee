import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BuyerMove, NegotiationState, Offer, QuoteRequest, SellerReply } from '../../src/domain/negotiation.ts';

export interface SellerNegotiationInput {
  companyId: string;
  partnerId: string;
  request: QuoteRequest;
  /** How long an offer stands without an answer (default 10 minutes). */
  offerValidity?: string;
}

export interface SellerNegotiationResult {
  state: NegotiationState;
  offer: Offer | null;
}

export interface BuyerNegotiationInput {
  companyId: string;
  /** The local task that delegates, and its agent: the charge is booked against them. */
  taskId: string;
  agentId: string;
  partners: string[];
  skill: string;
  brief: string;
  maxPriceUsd: number;
  /** How long from now the buyer gives the seller (a duration such as "2h"); the deadline is computed in an activity. */
  deadline: string;
  /**
   * How long the wait for the partner's result may go without a heartbeat before Temporal gives it to another worker
   * (default 20 seconds): after a worker dies, the wait resumes this long after its last heartbeat.
   */
  partnerHeartbeatTimeout?: string;
}

export type DelegationStatus = 'NEGOTIATING' | 'WAITING_FOR_PARTNER' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'NO_DEAL';

export interface BuyerNegotiationResult {
  status: DelegationStatus;
  partnerId?: string;
  offerId?: string;
  priceUsd?: number;
  remoteTaskId?: string;
  result?: string;
  reason?: string;
  rounds: number;
}

/** The buyer's move, answered by the seller's workflow (the A2A server forwards it). */
export const buyerMoveUpdate = defineUpdate<SellerReply, [BuyerMove]>('buyerMove');
export const sellerNegotiationQuery = defineQuery<SellerNegotiationResult>('sellerNegotiation');
export const delegationQuery = defineQuery<BuyerNegotiationResult>('delegation');
