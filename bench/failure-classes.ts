import type { Pool } from 'pg';
import { aliasTable, pairedEntities } from '../src/memory/graph/alias-table.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import type { PassageStart } from '../src/memory/graph/passage-start.ts';
import type { RecalledMemory } from '../src/memory/types.ts';
import type { HeldOutQuestion } from './held-out-families.ts';
import type { StoredFamily } from './stored-family.ts';

/**
 * Why GraphRAG's default recall missed a question's answer note: the first thing that breaks when its chain is
 * followed through what the offline extractor stored, note by note (docs/memory-rounds.md, "Seventh round: GraphRAG failure
 * classes"). Read by bench/multi-hop-failures.ts (tuning families) and bench/held-out-failures.ts (held-out splits,
 * measurement only).
 *
 * - `linking`: no entity the question links is mentioned by the chain's first note (with the passage start the recall
 *   used: the start's notes do not include the chain's first);
 * - `relation missing` / `pronoun`: a chain note states no relation from the entity the chain reached to any other
 *   (`pronoun` when that note speaks through he / she / it / they or opens with "The …");
 * - `bridge not shared`: a chain note's relations reach entities, but none the next note mentions;
 * - `reached, outranked (low | high)`: the chain is intact and the answer note has a graph signal, but ranks below 5
 *   (`high` when the signal is ≥ 0.5);
 * - `intact, not reached`: the chain is intact and the walk never credits the answer note.
 */
export const failureClasses = [
  'linking',
  'relation missing',
  'pronoun',
  'bridge not shared',
  'intact, not reached',
  'reached, outranked (low)',
  'reached, outranked (high)',
] as const;
export type FailureClass = (typeof failureClasses)[number];

const pronoun = /\b(he|she|it|its|they|their|his|her|them|this|that one)\b|^(the|this) [a-z]+\b/i;

/** Each note's stored relations (entity ids) for one company. */
export async function relationsByMemory(
  pool: Pool,
  companyId: string,
): Promise<Map<number, { source: number; target: number }[]>> {
  const relations = new Map<number, { source: number; target: number }[]>();
  const { rows } = await pool.query<{ memory_id: string; source_id: string; target_id: string }>(
    'SELECT memory_id, source_id, target_id FROM memory_relations WHERE company_id = $1',
    [companyId],
  );
  for (const row of rows) {
    const list = relations.get(Number(row.memory_id)) ?? [];
    list.push({ source: Number(row.source_id), target: Number(row.target_id) });
    relations.set(Number(row.memory_id), list);
  }
  return relations;
}

/**
 * The class of a question whose answer note `ranked` (recall's top 50) does not hold in its top 5; undefined when it
 * does.
 */
export async function failureClass(
  pool: Pool,
  companyId: string,
  question: HeldOutQuestion,
  stored: StoredFamily,
  relations: ReadonlyMap<number, readonly { source: number; target: number }[]>,
  ranked: readonly RecalledMemory[],
  start?: PassageStart,
): Promise<FailureClass | undefined> {
  const chain = question.supporting.map((key) => stored.idOf.get(key) as number);
  const answer = chain.at(-1) as number;
  const rank = ranked.findIndex((memory) => memory.id === answer);
  if (rank >= 0 && rank < 5) return undefined;
  const linked = await linkQueryEntities(pool, companyId, question.question);
  let frontier = new Set(
    linked.map((seed) => seed.entityId).filter((id) => stored.mentions.get(chain[0] as number)?.has(id)),
  );
  // A passage start (src/memory/graph/passage-start.ts; the one the recall used) takes the chain's first
  // note as its first hop when it starts there: the entities it seeds through that note are those reached.
  let from = 0;
  if (start !== undefined) {
    const next = stored.mentions.get(chain[1] as number) ?? new Set();
    const seeded = start.seeds.filter((seed) => seed.via?.memoryId === chain[0]).map((seed) => seed.entityId);
    if (seeded.length === 0) return 'linking';
    frontier = new Set(seeded.filter((id) => next.has(id)));
    if (frontier.size === 0) return 'bridge not shared';
    from = 1;
  }
  if (frontier.size === 0) return 'linking';
  // The alias table (alias-table.ts): the walk reads a paired entity's relations as its own.
  const paired = async (ids: Set<number>) =>
    aliasTable.on ? new Set([...ids, ...(await pairedEntities(pool, companyId, [...ids]))]) : ids;
  for (const [index, memoryId] of chain.entries()) {
    if (index < from) continue;
    // Entities the note's relations reach from the frontier, transitively within the note.
    frontier = await paired(frontier);
    const reached = new Set<number>();
    let grown = true;
    while (grown) {
      grown = false;
      for (const { source, target } of relations.get(memoryId) ?? [])
        for (const [from, to] of [
          [source, target],
          [target, source],
        ] as const)
          if ((frontier.has(from) || reached.has(from)) && !frontier.has(to) && !reached.has(to)) {
            reached.add(to);
            grown = true;
          }
    }
    if (reached.size === 0) return pronoun.test(stored.contentOf.get(memoryId) ?? '') ? 'pronoun' : 'relation missing';
    if (index === chain.length - 1) break;
    const next = stored.mentions.get(chain[index + 1] as number) ?? new Set();
    frontier = new Set([...(await paired(reached))].filter((id) => next.has(id)));
    if (frontier.size === 0) return 'bridge not shared';
  }
  const signal = rank >= 0 ? (ranked[rank]?.signals.graph ?? 0) : 0;
  return signal > 0 ? `reached, outranked (${signal >= 0.5 ? 'high' : 'low'})` : 'intact, not reached';
}
