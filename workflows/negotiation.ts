import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  allHandlersFinished,
  workflowInfo,
} from '@temporalio/workflow';
import type { createFederationActivities, PartnerOffer } from '../activities/federation.ts';
import {
  bestOffer,
  buyerCounter,
  maxNegotiationRounds,
  sellerCounter,
  sellerQuote,
} from '../src/domain/negotiation.ts';
import type { NegotiationState, Offer, QuoteRequest, SellerReply } from '../src/domain/negotiation.ts';
import type {
  BuyerNegotiationInput,
  BuyerNegotiationResult,
  SellerNegotiationInput,
  SellerNegotiationResult,
} from './contracts/negotiation.ts';
import { buyerMoveUpdate, delegationQuery, sellerNegotiationQuery } from './contracts/negotiation.ts';

type FederationActivities = ReturnType<typeof createFederationActivities>;

const local = proxyActivities<FederationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

const remote = proxyActivities<FederationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['UnknownPartner', 'PartnerRefused'],
  },
});

/** How long the wait for a partner's result may go without a heartbeat before another worker takes it over. */
export const defaultPartnerHeartbeatTimeout = '20 seconds';

/** The wait for the partner's result: it polls and heartbeats every second, and is safe to run again (a read). */
function waitForPartner(input: BuyerNegotiationInput) {
  return proxyActivities<FederationActivities>({
    startToCloseTimeout: '7 days',
    heartbeatTimeout: input.partnerHeartbeatTimeout ?? defaultPartnerHeartbeatTimeout,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['UnknownPartner'] },
  });
}

/**
 * The seller's side of one negotiation (`company:<seller>:negotiation:<buyer>:<rfqId>`): an offer by its
 * rules, counters for a bounded number of rounds, and on acceptance the seller's credit, once.
 */
export async function sellerNegotiationWorkflow(input: SellerNegotiationInput): Promise<SellerNegotiationResult> {
  const { request } = input;
  let state: NegotiationState = 'QUOTED';
  let offer: Offer | undefined;
  let credited = false;
  let ready = false;
  setHandler(sellerNegotiationQuery, () => ({ state, offer: offer ?? null }));
  setHandler(
    buyerMoveUpdate,
    async (move): Promise<SellerReply> => {
      await condition(() => ready);
      if (!offer || !first) return { kind: 'declined', rfqId: request.rfqId, reason: 'no offer for this skill' };
      switch (move.kind) {
        case 'rfq':
          return state === 'QUOTED' ? { kind: 'offer', offer } : closedReply();
        case 'counter': {
          if (state !== 'QUOTED') return closedReply();
          if (!offer.final) offer = sellerCounter(offer, first, move.priceUsd, `${request.rfqId}.${offer.round + 1}`);
          return { kind: 'offer', offer };
        }
        case 'accept':
          if (state === 'QUOTED' && move.offerId === offer.offerId) state = 'ACCEPTED';
          if (state !== 'ACCEPTED' || move.offerId !== offer.offerId) return closedReply();
          await condition(() => credited);
          return { kind: 'accepted', offerId: offer.offerId, priceUsd: offer.priceUsd };
        case 'reject':
          if (state === 'QUOTED') state = 'REJECTED';
          return closedReply();
      }
    },
    {
      validator: (move) => {
        if (move.rfqId !== request.rfqId)
          throw new Error(`this negotiation is about rfq ${request.rfqId}, not ${move.rfqId}`);
      },
    },
  );
  const situation = await local.sellerSituation({ companyId: input.companyId, skill: request.skill });
  const first = sellerQuote(request, situation, `${request.rfqId}.1`);
  offer = first;
  if (!first) state = 'DECLINED';
  ready = true;
  if (first) {
    const answered = await condition(() => state !== 'QUOTED', input.offerValidity ?? '10 minutes');
    if (!answered) state = 'EXPIRED';
    // The update handler moves the state; read it afresh rather than as narrowed above.
    if ((state as NegotiationState) === 'ACCEPTED' && offer) {
      await local.creditAcceptedOffer({
        companyId: input.companyId,
        partnerId: input.partnerId,
        offerId: offer.offerId,
        priceUsd: offer.priceUsd,
      });
      credited = true;
    }
  }
  await condition(allHandlersFinished);
  return { state, offer: offer ?? null };

  function closedReply(): SellerReply {
    return { kind: 'declined', rfqId: request.rfqId, reason: `this negotiation is ${state.toLowerCase()}` };
  }
}

/**
 * The buyer's side (`company:<buyer>:delegation:<taskId>:<n>`): quotes from partners, the best offer by
 * policy (counters within bounded rounds), acceptance, the charge once, the task sent once, and its
 * result. Cancelling this workflow cancels the partner's task.
 */
export async function buyerNegotiationWorkflow(input: BuyerNegotiationInput): Promise<BuyerNegotiationResult> {
  const rfqId = workflowInfo().workflowId;
  const state: BuyerNegotiationResult = { status: 'NEGOTIATING', rounds: 0 };
  setHandler(delegationQuery, () => state);
  const deadline = await local.deadlineFromNow({ duration: input.deadline });
  const request: QuoteRequest = {
    rfqId,
    skill: input.skill,
    brief: input.brief,
    deadline,
    maxPriceUsd: input.maxPriceUsd,
  };
  const quotes = await remote.requestQuotes({ companyId: input.companyId, partners: input.partners, request });
  let offers: PartnerOffer[] = quotes.offers;
  state.rounds = 1;
  let chosen = bestOffer(offers, request);
  while (!chosen && state.rounds < maxNegotiationRounds) {
    // Counter the cheapest offer that is over the price but still negotiable.
    const target = [...offers]
      .filter((candidate) => buyerCounter(candidate.offer, input.maxPriceUsd) !== undefined)
      .sort((a, b) => a.offer.priceUsd - b.offer.priceUsd || a.partnerId.localeCompare(b.partnerId))[0];
    if (!target) break;
    state.rounds++;
    const reply = await remote.negotiate({
      companyId: input.companyId,
      partnerId: target.partnerId,
      move: { kind: 'counter', rfqId, priceUsd: input.maxPriceUsd },
      messageId: `${rfqId}:counter:${state.rounds}`,
    });
    offers = offers.map((candidate) =>
      candidate.partnerId === target.partnerId && reply.kind === 'offer'
        ? { ...candidate, offer: reply.offer }
        : candidate,
    );
    if (reply.kind !== 'offer') offers = offers.filter((candidate) => candidate.partnerId !== target.partnerId);
    chosen = bestOffer(offers, request);
  }
  const losers = offers.filter((candidate) => candidate !== chosen);
  await Promise.all(
    losers.map((candidate) =>
      remote
        .negotiate({
          companyId: input.companyId,
          partnerId: candidate.partnerId,
          move: { kind: 'reject', rfqId },
          messageId: `${rfqId}:reject`,
        })
        .catch(() => undefined),
    ),
  );
  if (!chosen) {
    const declined = quotes.declined.map((entry) => `${entry.partnerId}: ${entry.reason}`).join('; ');
    return finish({
      status: 'NO_DEAL',
      reason: `no offer within $${input.maxPriceUsd} and the deadline after ${state.rounds} round(s)${declined ? ` (${declined})` : ''}`,
    });
  }
  const accepted = await remote.negotiate({
    companyId: input.companyId,
    partnerId: chosen.partnerId,
    move: { kind: 'accept', rfqId, offerId: chosen.offer.offerId },
    messageId: `${rfqId}:accept`,
  });
  if (accepted.kind !== 'accepted') {
    return finish({ status: 'NO_DEAL', reason: `partner ${chosen.partnerId} did not take the acceptance` });
  }
  Object.assign(state, { partnerId: chosen.partnerId, offerId: accepted.offerId, priceUsd: accepted.priceUsd });
  await local.chargeAcceptedOffer({
    companyId: input.companyId,
    partnerId: chosen.partnerId,
    offerId: accepted.offerId,
    priceUsd: accepted.priceUsd,
    taskId: input.taskId,
    agentId: input.agentId,
    workflowId: rfqId,
  });
  const remoteTaskId = await remote.sendDelegatedTask({
    companyId: input.companyId,
    partnerId: chosen.partnerId,
    offerId: accepted.offerId,
    rfqId,
    brief: input.brief,
    messageId: `${rfqId}:task`,
  });
  state.remoteTaskId = remoteTaskId;
  state.status = 'WAITING_FOR_PARTNER';
  const partnerId = chosen.partnerId;
  try {
    const outcome = await waitForPartner(input).awaitRemoteTask({
      companyId: input.companyId,
      partnerId,
      remoteTaskId,
    });
    return finish({
      status: outcome.state === 'COMPLETED' ? 'COMPLETED' : outcome.state === 'CANCELLED' ? 'CANCELLED' : 'FAILED',
      result: outcome.result,
    });
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() =>
      remote.cancelRemoteTask({ companyId: input.companyId, partnerId, remoteTaskId }),
    );
    finish({ status: 'CANCELLED', reason: 'cancelled here; the partner’s task was cancelled too' });
    throw error;
  }

  function finish(change: Partial<BuyerNegotiationResult>): BuyerNegotiationResult {
    Object.assign(state, change);
    return state;
  }
}
