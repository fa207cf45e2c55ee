import { z } from 'zod';

/*
 * Apart from src/domain/training-critique.ts, whose prefix workflow code imports, so that zod stays out of
 * the workflow bundle (docs/faults-and-load-rounds.md, "Seventh round: zod out of the workflow bundle").
 */

/** The reply's shape: one field, held to `critiqueJsonSchema` (src/domain/training-critique.ts) where the provider takes one. */
export const critiqueReply = z.object({ critique: z.string().trim().min(1).max(2_000) });
export type CritiqueReply = z.infer<typeof critiqueReply>;
