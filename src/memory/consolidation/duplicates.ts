import type { Pool } from 'pg';
import type { DuplicateMerge } from '../../../workflows/contracts/memory.ts';
import { decayedReinforcementSql } from '../decay.ts';
import { cosine } from '../embedding/embedder.ts';
import type { MemoryContext } from '../memory-context.ts';
import { runStage } from './stage.ts';

const bands = 16;
const bandBits = 16;
/** Buckets larger than this are degenerate (near-empty texts); their pairs are not worth comparing. */
const bucketCap = 32;
const reportedMerges = 20;

/**
 * Finds groups of near-duplicate memories (same company, scope, owner and embedding model) and keeps
 * one of each group. Candidates come from locality-sensitive hashing on the stored sketches (16
 * bands of 16 bits: a pair at cosine 0.95 shares a band with probability about 0.96), confirmed by
 * exact cosine on the embeddings. The kept memory takes the highest importance and the summed
 * reinforcement and recall count; the others are archived with `merged_into` pointing at it.
 */
export async function mergeDuplicates(
  context: MemoryContext,
  target: { runKey: string; companyId: string },
  minSimilarity: number,
): Promise<{ groups: number; archived: number; merges: DuplicateMerge[] }> {
  const groups = await findDuplicateGroups(context, target.companyId, minSimilarity);
  return runStage(context.pool, { ...target, stage: 'duplicates' }, async (client) => {
    const { rows } = await client.query<{
      id: string;
      importance: number;
      reinforcement: number;
      recall_count: number;
    }>(
      `SELECT m.id, m.importance, ${decayedReinforcementSql()} AS reinforcement, m.recall_count
         FROM memories m WHERE m.company_id = $1 AND m.id = ANY($2::bigint[]) AND m.archived_at IS NULL
        ORDER BY m.id FOR UPDATE`,
      [target.companyId, groups.flat()],
    );
    const live = new Map(rows.map((row) => [Number(row.id), row]));
    const kept: { id: number; importance: number; reinforcement: number; recallCount: number }[] = [];
    const archived: { id: number; keptId: number }[] = [];
    const merges: DuplicateMerge[] = [];
    for (const group of groups) {
      // A member archived since the pairs were found (a concurrent forget) is left out.
      const members = group.flatMap((id) => {
        const row = live.get(id);
        return row ? [{ ...row, id }] : [];
      });
      if (members.length < 2) continue;
      members.sort(
        (left, right) =>
          right.importance - left.importance || right.recall_count - left.recall_count || right.id - left.id,
      );
      const [keeper, ...rest] = members as [(typeof members)[number], ...typeof members];
      kept.push({
        id: keeper.id,
        importance: Math.max(...members.map((member) => member.importance)),
        reinforcement: members.reduce((sum, member) => sum + member.reinforcement, 0),
        recallCount: members.reduce((sum, member) => sum + member.recall_count, 0),
      });
      for (const member of rest) archived.push({ id: member.id, keptId: keeper.id });
      if (merges.length < reportedMerges)
        merges.push({ keptId: keeper.id, mergedIds: rest.map((member) => member.id).sort((a, b) => a - b) });
    }
    if (kept.length > 0) {
      await client.query(
        `UPDATE memories m SET importance = k.importance, reinforcement = k.reinforcement, reinforced_at = now(),
                               recall_count = k.recall_count, updated_at = now()
           FROM unnest($1::bigint[], $2::real[], $3::real[], $4::int[]) AS k(id, importance, reinforcement, recall_count)
          WHERE m.id = k.id`,
        [
          kept.map((row) => row.id),
          kept.map((row) => row.importance),
          kept.map((row) => row.reinforcement),
          kept.map((row) => row.recallCount),
        ],
      );
      await client.query(
        `UPDATE memories m SET archived_at = now(), archive_reason = 'near-duplicate of #' || a.kept_id,
                               merged_into = a.kept_id, updated_at = now()
           FROM unnest($1::bigint[], $2::bigint[]) AS a(id, kept_id)
          WHERE m.id = a.id`,
        [archived.map((row) => row.id), archived.map((row) => row.keptId)],
      );
    }
    return { groups: kept.length, archived: archived.length, merges };
  });
}

/** Connected groups of memories whose pairwise cosine reaches `minSimilarity`, found via sketch bands. */
export async function findDuplicateGroups(
  context: MemoryContext,
  companyId: string,
  minSimilarity: number,
): Promise<number[][]> {
  const pairs = await candidatePairs(context.pool, companyId);
  if (pairs.length === 0) return [];
  const ids = [...new Set(pairs.flat())];
  const embeddings = await loadEmbeddings(context, companyId, ids);
  const parent = new Map<number, number>();
  const find = (id: number): number => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as number;
    parent.set(id, root);
    return root;
  };
  for (const [left, right] of pairs) {
    const a = embeddings.get(left);
    const b = embeddings.get(right);
    if (!a || !b || cosine(a, b) < minSimilarity) continue;
    const rootLeft = find(left);
    const rootRight = find(right);
    if (rootLeft !== rootRight) parent.set(Math.max(rootLeft, rootRight), Math.min(rootLeft, rootRight));
  }
  const groups = new Map<number, number[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()].filter((group) => group.length > 1).map((group) => group.sort((a, b) => a - b));
}

async function candidatePairs(pool: Pool, companyId: string): Promise<[number, number][]> {
  const { rows } = await pool.query<{ ids: string[] }>(
    `SELECT array_agg(m.id ORDER BY m.id) AS ids
       FROM memories m CROSS JOIN generate_series(0, ${bands - 1}) AS band
      WHERE m.company_id = $1 AND m.archived_at IS NULL AND m.slot IS NULL
      GROUP BY m.scope, m.owner_id, m.embedding_model, band, substring(m.sketch FROM band * ${bandBits} + 1 FOR ${bandBits})
     HAVING count(*) BETWEEN 2 AND ${bucketCap}`,
    [companyId],
  );
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  for (const row of rows) {
    const ids = row.ids.map(Number);
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]}:${ids[j]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([ids[i] as number, ids[j] as number]);
      }
    }
  }
  return pairs;
}

/** Embeddings by id, read in chunks (an embedding is a few KB). */
export async function loadEmbeddings(
  context: MemoryContext,
  companyId: string,
  ids: number[],
): Promise<Map<number, Float32Array>> {
  const embeddings = new Map<number, Float32Array>();
  for (let start = 0; start < ids.length; start += 2_000) {
    const { rows } = await context.pool.query<{ id: string; embedding: unknown }>(
      'SELECT id, embedding FROM memories WHERE company_id = $1 AND id = ANY($2::bigint[])',
      [companyId, ids.slice(start, start + 2_000)],
    );
    for (const row of rows) embeddings.set(Number(row.id), context.backend.decode(row.embedding));
  }
  return embeddings;
}
