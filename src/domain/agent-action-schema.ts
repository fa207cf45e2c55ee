import { z } from 'zod';

/*
 * The zod schemas of a step's decision, apart from src/domain/agent-action.ts so that workflow code, which
 * imports that module, keeps zod out of its bundle (docs/faults-and-load-rounds.md, "Seventh round: zod out of the
 * workflow bundle"). Parsing a model's answer happens in activities.
 */

/**
 * What one agent step (one model call) decides. The same shape comes from the offline simulator and,
 * parsed and validated, from a real model's JSON answer.
 */
export const SubtaskRequest = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  acceptanceCriteria: z.string().max(1000).default(''),
  assignee: z.string().optional(),
});
export type SubtaskRequest = z.infer<typeof SubtaskRequest>;

export const AgentAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('answer'), text: z.string().min(1) }),
  z.object({ type: z.literal('decompose'), subtasks: z.array(SubtaskRequest).min(1).max(20) }),
  z.object({ type: z.literal('delegate'), to: z.string().min(1), note: z.string().default('') }),
  z.object({
    type: z.literal('remember'),
    content: z.string().min(1).max(4000),
    /** Who may recall it: the agent alone, its department, or the whole company (the default). */
    scope: z.enum(['agent', 'department', 'company']).optional(),
    category: z.enum(['episodic', 'semantic', 'procedural', 'social']).optional(),
    importance: z.number().min(0).max(1).optional(),
    /** A named company memory (e.g. `policy/pricing`), written with compare-and-set on `expectedVersion`. */
    slot: z.string().min(1).max(120).optional(),
    expectedVersion: z.number().int().min(0).optional(),
  }),
  z.object({
    type: z.literal('recall'),
    query: z.string().min(1).max(500),
    /** Memory ids to bring back (pointers left by context compaction). */
    ids: z.array(z.number().int().positive()).max(20).optional(),
  }),
  z.object({
    type: z.literal('forget'),
    ids: z.array(z.number().int().positive()).min(1).max(20),
    reason: z.string().max(500).default(''),
  }),
  z.object({
    type: z.literal('graph_query'),
    /** An entity name; empty asks for an overview of the whole company. */
    entity: z.string().max(200).default(''),
    /** With an empty entity, a question about the whole company: community summaries are ranked by it. */
    question: z.string().max(500).default(''),
    hops: z.number().int().min(1).max(3).default(2),
  }),
  z.object({
    type: z.literal('compact_context'),
    /** Most recent transcript entries kept verbatim. */
    keep: z.number().int().min(0).max(20).default(4),
    note: z.string().max(500).default(''),
  }),
  z.object({
    type: z.literal('run_code'),
    language: z.enum(['bash', 'node', 'python']),
    code: z.string().min(1).max(100_000),
    files: z
      .array(z.object({ path: z.string().min(1).max(200), content: z.string().max(200_000) }))
      .max(20)
      .default([]),
  }),
  z.object({
    /** Buy the work from a partner company over A2A (docs/federation.md): negotiated, charged once, reviewed here. */
    type: z.literal('delegate_external'),
    skill: z.string().min(1).max(100),
    brief: z.string().min(1).max(8_000),
    maxPriceUsd: z.number().positive().max(10_000),
    /** How long the partner may take, e.g. "2h". */
    deadline: z
      .string()
      .regex(/^\d{1,5}(s|m|h|d)$/)
      .default('2h'),
  }),
  z.object({
    type: z.literal('request_approval'),
    action: z.string().min(1).max(100),
    risk: z.enum(['low', 'medium', 'high']),
    reason: z.string().default(''),
  }),
]);
export type AgentAction = z.infer<typeof AgentAction>;

export const ReviewVerdict = z.object({
  type: z.literal('review'),
  verdict: z.enum(['approve', 'reject']),
  feedback: z.string().default(''),
});
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;
