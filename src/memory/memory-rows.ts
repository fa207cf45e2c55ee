import type { MemoryCategory, MemoryRecord, MemoryScope, MemorySource } from './types.ts';

import { decayedReinforcementSql } from './decay.ts';

/**
 * Reinforcement as of now (alias `m`). A memory never reinforced (0: most of a store, every memory of the
 * benchmark's) skips the decay: 0 times any decay is 0, the same bits, and the decay's numeric `power()` per
 * row was most of the final fetch's own work (docs/memory-rounds.md, eleventh round). -0 reads as 0 either way (a
 * numeric has no negative zero).
 */
export const reinforcementNowSql = `CASE WHEN m.reinforcement = 0 THEN 0::real ELSE ${decayedReinforcementSql()} END`;

/** The columns every memory read selects (alias `m`), matching {@link toMemoryRecord}. */
export const memoryColumns = `m.id, m.company_id, m.scope, m.owner_id, m.slot, m.category, m.content, m.importance,
  ${reinforcementNowSql} AS reinforcement, m.version, m.source, m.author_id, m.task_id, m.workflow_id,
  m.created_at, m.archived_at`;

export interface MemoryRow {
  id: string;
  company_id: string;
  scope: MemoryScope;
  owner_id: string;
  slot: string | null;
  category: MemoryCategory;
  content: string;
  importance: number;
  reinforcement: number;
  version: number;
  source: MemorySource;
  author_id: string;
  task_id: string | null;
  workflow_id: string | null;
  created_at: Date;
  archived_at: Date | null;
}

export function toMemoryRecord(row: MemoryRow): MemoryRecord {
  return {
    id: Number(row.id),
    companyId: row.company_id,
    scope: row.scope,
    ownerId: row.owner_id,
    slot: row.slot,
    category: row.category,
    content: row.content,
    importance: row.importance,
    reinforcement: row.reinforcement,
    version: row.version,
    source: row.source,
    authorId: row.author_id,
    taskId: row.task_id,
    workflowId: row.workflow_id,
    createdAt: row.created_at.toISOString(),
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
  };
}
