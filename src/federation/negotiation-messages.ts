import { z } from 'zod';
import type { BuyerMove } from '../domain/negotiation.ts';

const rfqId = z.string().min(1).max(300);
const usd = z.number().positive().max(1_000_000);

/** A buyer's negotiation move as it arrives in an A2A message's metadata (`negotiation`). */
export const BuyerMoveSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rfq'),
    rfqId,
    skill: z.string().min(1).max(100),
    brief: z.string().min(1).max(8_000),
    deadline: z.iso.datetime(),
    maxPriceUsd: usd,
  }),
  z.object({ kind: z.literal('counter'), rfqId, priceUsd: usd }),
  z.object({ kind: z.literal('accept'), rfqId, offerId: z.string().min(1).max(300) }),
  z.object({ kind: z.literal('reject'), rfqId }),
]) satisfies z.ZodType<BuyerMove>;

/** The work of an accepted offer. */
export const DelegatedTaskSchema = z.object({
  kind: z.literal('task'),
  rfqId,
  offerId: z.string().min(1).max(300),
});

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `metadata.negotiation.${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid negotiation';
}
