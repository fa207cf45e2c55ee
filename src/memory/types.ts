import { z } from 'zod';

/** Who can see a memory: one agent, everyone in a department, or the whole company. */
export const MemoryScope = z.enum(['agent', 'department', 'company']);
export type MemoryScope = z.infer<typeof MemoryScope>;

/** What kind of knowledge it is (episodic: what happened; semantic: what is true; procedural: how to; social: who). */
export const MemoryCategory = z.enum(['episodic', 'semantic', 'procedural', 'social']);
export type MemoryCategory = z.infer<typeof MemoryCategory>;

export const MemorySource = z.enum(['agent', 'operator', 'consolidation', 'compaction']);
export type MemorySource = z.infer<typeof MemorySource>;

/** Longest memory content accepted, in characters; longer texts are summarised or split by the caller. */
export const maxMemoryContent = 8_000;

const companyId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a company id is a lowercase slug');
const name = z.string().min(1).max(200);

/** Where a memory came from: the task and workflow that wrote it. */
export const Provenance = z.object({
  taskId: z.string().max(500).optional(),
  workflowId: z.string().max(500).optional(),
});
export type Provenance = z.infer<typeof Provenance>;

/** A new memory. `key` makes the write idempotent: the same key never writes twice. */
export const MemoryWrite = z.object({
  key: z.string().min(1).max(600),
  companyId,
  scope: MemoryScope,
  /** Agent id, department name or company id, matching the scope. */
  ownerId: name,
  category: MemoryCategory.default('episodic'),
  content: z
    .string()
    .trim()
    .min(1)
    .max(maxMemoryContent, `memory content is limited to ${maxMemoryContent} characters`),
  importance: z.number().min(0).max(1).default(0.5),
  authorId: name,
  source: MemorySource.default('agent'),
  provenance: Provenance.default({}),
});
export type MemoryWrite = z.input<typeof MemoryWrite>;
export type ParsedMemoryWrite = z.output<typeof MemoryWrite>;

/**
 * A compare-and-set write of a named company-level memory (a slot such as `pricing-policy`).
 * `expectedVersion` 0 creates the slot; otherwise it must equal the stored version.
 */
export const SlotWrite = z.object({
  key: z.string().min(1).max(600),
  companyId,
  slot: z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,119}$/, 'a slot name is a lowercase path like "policy/pricing"'),
  expectedVersion: z.number().int().min(0),
  category: MemoryCategory.default('semantic'),
  content: z
    .string()
    .trim()
    .min(1)
    .max(maxMemoryContent, `memory content is limited to ${maxMemoryContent} characters`),
  importance: z.number().min(0).max(1).default(0.7),
  authorId: name,
  source: MemorySource.default('agent'),
  provenance: Provenance.default({}),
});
export type SlotWrite = z.input<typeof SlotWrite>;

/** Whose eyes a recall looks through: an agent sees its own, its department's and the company's memories. */
export type Viewer = { kind: 'agent'; agentId: string; department: string } | { kind: 'operator' };

export interface MemoryRecord {
  id: number;
  companyId: string;
  scope: MemoryScope;
  ownerId: string;
  slot: string | null;
  category: MemoryCategory;
  content: string;
  importance: number;
  reinforcement: number;
  version: number;
  source: MemorySource;
  authorId: string;
  taskId: string | null;
  workflowId: string | null;
  createdAt: string;
  archivedAt: string | null;
}

/** How much each signal contributed to a recalled memory's score (each in 0..1). */
export interface RecallSignals {
  vector: number;
  text: number;
  graph: number;
  recency: number;
  importance: number;
  reinforcement: number;
}

export interface RecalledMemory extends MemoryRecord {
  score: number;
  signals: RecallSignals;
}
