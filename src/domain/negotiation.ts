/**
 * Skill negotiation between companies (docs/federation.md, "Negotiation"): a buyer asks for a quote, a
 * seller offers, the buyer accepts, rejects or counters, in a bounded number of rounds. Pure rules: the
 * workflows on both sides and the A2A server share them.
 */

export const negotiationStates = ['QUOTED', 'ACCEPTED', 'REJECTED', 'EXPIRED', 'DECLINED'] as const;
export type NegotiationState = (typeof negotiationStates)[number];

/** Rounds of offer and counter-offer before the seller's last offer is final. */
export const maxNegotiationRounds = 3;

export interface QuoteRequest {
  rfqId: string;
  skill: string;
  brief: string;
  /** ISO time by which the buyer needs the result. */
  deadline: string;
  maxPriceUsd: number;
}

export interface Offer {
  offerId: string;
  rfqId: string;
  priceUsd: number;
  /** ISO time by which the seller promises the result. */
  deadline: string;
  /** 0..1: how sure the seller is to deliver a result that passes review. */
  confidence: number;
  round: number;
  /** Whether the seller will move on price again (false on the last round). */
  final: boolean;
  /** Who decided: `offline rules` (deterministic, see sellerQuote) or a model's name. */
  decidedBy: string;
}

/** What the seller's rules look at: how good it is at the skill, how busy it is, what money it has left. */
export interface SellerSituation {
  /** Best proficiency among its agents for the skill; undefined when none has it. */
  proficiency: number | undefined;
  activeTasks: number;
  budgetLeftUsd: number;
  /** Milliseconds since the epoch, from an activity (never the workflow's clock). */
  now: number;
}

/** Money is counted in cents on the wire and in the ledger: no float drift between two companies. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * The seller's first price by its offline rules: $0.50 per started 500 characters of brief, 50% more
 * for a weak skill than for a perfect one, 25% more per task already in flight. Undefined: no offer
 * (the company lacks the skill, or has no budget left to do the work).
 */
export function sellerQuote(request: QuoteRequest, situation: SellerSituation, offerId: string): Offer | undefined {
  if (situation.proficiency === undefined || situation.budgetLeftUsd <= 0) return undefined;
  const size = Math.max(1, Math.ceil(request.brief.length / 500));
  const price = roundUsd(0.5 * size * (1.5 - situation.proficiency) * (1 + 0.25 * situation.activeTasks));
  const minutes = 10 * (1 + situation.activeTasks);
  return {
    offerId,
    rfqId: request.rfqId,
    priceUsd: Math.max(0.01, price),
    deadline: new Date(situation.now + minutes * 60_000).toISOString(),
    confidence: roundUsd(situation.proficiency / (1 + 0.1 * situation.activeTasks)),
    round: 1,
    final: maxNegotiationRounds <= 1,
    decidedBy: 'offline rules',
  };
}

/**
 * The seller's answer to a counter-offer by its offline rules: a counter at or above 80% of its first
 * price is taken as it stands; a lower one is met halfway, never below that floor. On the last round
 * its offer is final.
 */
export function sellerCounter(previous: Offer, first: Offer, counterUsd: number, offerId: string): Offer {
  const floor = roundUsd(first.priceUsd * 0.8);
  const price =
    counterUsd >= floor ? roundUsd(counterUsd) : roundUsd(Math.max(floor, (previous.priceUsd + counterUsd) / 2));
  const round = previous.round + 1;
  return { ...previous, offerId, priceUsd: price, round, final: round >= maxNegotiationRounds };
}

/**
 * The buyer's choice among offers: those within its price and deadline, cheapest first, then the most
 * confident, then by partner id so the choice is the same on every replay.
 */
export function bestOffer<T extends { partnerId: string; offer: Offer }>(
  offers: readonly T[],
  request: Pick<QuoteRequest, 'maxPriceUsd' | 'deadline'>,
): T | undefined {
  const deadline = Date.parse(request.deadline);
  return offers
    .filter(
      (candidate) =>
        candidate.offer.priceUsd <= request.maxPriceUsd && Date.parse(candidate.offer.deadline) <= deadline,
    )
    .sort(
      (a, b) =>
        a.offer.priceUsd - b.offer.priceUsd ||
        b.offer.confidence - a.offer.confidence ||
        a.partnerId.localeCompare(b.partnerId),
    )[0];
}

/** The buyer's counter to an offer over its maximum: its maximum, while rounds remain. */
export function buyerCounter(offer: Offer, maxPriceUsd: number): number | undefined {
  if (offer.final || offer.priceUsd <= maxPriceUsd) return undefined;
  return roundUsd(maxPriceUsd);
}

/** A negotiation message a buyer sends (in A2A message metadata under `negotiation`). */
export type BuyerMove =
  | ({ kind: 'rfq' } & QuoteRequest)
  | { kind: 'counter'; rfqId: string; priceUsd: number }
  | { kind: 'accept'; rfqId: string; offerId: string }
  | { kind: 'reject'; rfqId: string };

/** A seller's answer. */
export type SellerReply =
  | { kind: 'offer'; offer: Offer }
  | { kind: 'accepted'; offerId: string; priceUsd: number }
  | { kind: 'declined'; rfqId: string; reason: string };
