import type { MemoryContext } from '../src/memory/memory-context.ts';
import type { HeldOutSet } from './held-out-families.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';

/** A family's notes as stored for one company: ids by the generator's keys, contents and entity mentions by id. */
export interface StoredFamily {
  idOf: Map<string, number>;
  contentOf: Map<number, string>;
  /** The entities each memory mentions. */
  mentions: Map<number, Set<number>>;
}

/**
 * Remembers a generated family's notes for `companyId` and reads back what the failure diagnoses
 * (bench/multi-hop-failures.ts, bench/answer-hop-failures.ts) look questions up by.
 */
export async function storeFamily(
  context: MemoryContext,
  companyId: string,
  set: HeldOutSet,
  authorId: string,
): Promise<StoredFamily> {
  await rememberNotes(context, companyId, set.memories, authorId);
  const { rows } = await context.pool.query<{ id: string; memory_key: string; content: string }>(
    'SELECT id, memory_key, content FROM memories WHERE company_id = $1',
    [companyId],
  );
  const idOf = new Map(rows.map((row) => [row.memory_key.slice(companyId.length + 1), Number(row.id)]));
  const contentOf = new Map(rows.map((row) => [Number(row.id), row.content]));
  const mentions = new Map<number, Set<number>>();
  const mentioned = await context.pool.query<{ memory_id: string; entity_id: string }>(
    'SELECT mm.memory_id, mm.entity_id FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id WHERE m.company_id = $1',
    [companyId],
  );
  for (const row of mentioned.rows)
    mentions.set(Number(row.memory_id), (mentions.get(Number(row.memory_id)) ?? new Set()).add(Number(row.entity_id)));
  return { idOf, contentOf, mentions };
}
