import { z } from 'zod';
import type { MemoryQueryInput, MemoryWriteInput } from '../../workflows/contracts/memory.ts';

/**
 * Memory requests from clients (`synthorg memory …`, scripts, the raw Temporal client) reach the
 * activities through a workflow without a type check; these schemas are the trust boundary, so a bad
 * request is a non-retryable InvalidInput naming the field instead of an error Temporal retries forever.
 */
const companyId = z.string().min(1).max(200);
const agentId = z.string().min(1).max(200).optional();
const placement = {
  scope: z.enum(['company', 'department', 'agent']).optional(),
  ownerId: z.string().min(1).max(200).optional(),
  category: z.enum(['episodic', 'semantic', 'procedural', 'social']).optional(),
  importance: z.number().min(0).max(1).optional(),
};

export const MemoryQueryInputSchema = z.object({
  companyId,
  query: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('search'), query: z.string().max(2_000), agentId, limit: z.number().int().optional() }),
    z.object({
      kind: z.literal('graph'),
      entity: z.string().min(1).max(500),
      hops: z.number().int().min(0).max(10).optional(),
      agentId,
    }),
    z.object({ kind: z.literal('reports'), limit: z.number().int().min(1).max(100).optional() }),
  ]),
}) satisfies z.ZodType<MemoryQueryInput>;

export const MemoryWriteInputSchema = z.object({
  companyId,
  workflowId: z.string().min(1),
  request: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('import'),
      document: z.string().min(1).max(1_000),
      format: z.enum(['markdown', 'text']),
      text: z.string(),
      contentHash: z.string().min(1).max(200),
      ...placement,
    }),
    z.object({ kind: z.literal('remember'), content: z.string(), ...placement }),
    z.object({ kind: z.literal('forget'), id: z.number().int(), reason: z.string().max(2_000).optional() }),
  ]),
}) satisfies z.ZodType<MemoryWriteInput & { workflowId: string }>;
