import type { Pool } from 'pg';
import type { MemoryLanguage } from '../language.ts';
import { recordSpend } from '../consolidation/spend.ts';
import { runStage } from '../consolidation/stage.ts';

const maxIterations = 20;
/** Communities summarised by the model per run; the rest get an offline summary. */
const maxModelSummaries = 20;
const relationsPerSummary = 30;
/** Communities kept per company, largest first; small ones beyond this add little to an overview. */
const maxCommunities = 500;

/**
 * Label propagation over the relation graph: each entity takes the label most of its neighbours
 * carry (ties to the smallest), in id order, until nothing changes. Deterministic, so two runs on
 * the same graph agree. Returns a community id per entity that has a relation.
 */
export function labelPropagation(
  edges: readonly { source: number; target: number; weight: number }[],
): Map<number, number> {
  const neighbours = new Map<number, Map<number, number>>();
  const link = (from: number, to: number, weight: number) => {
    const row = neighbours.get(from) ?? new Map<number, number>();
    row.set(to, (row.get(to) ?? 0) + weight);
    neighbours.set(from, row);
  };
  for (const edge of edges) {
    if (edge.source === edge.target) continue;
    link(edge.source, edge.target, edge.weight);
    link(edge.target, edge.source, edge.weight);
  }
  const nodes = [...neighbours.keys()].sort((a, b) => a - b);
  const label = new Map(nodes.map((node) => [node, node]));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = false;
    for (const node of nodes) {
      const votes = new Map<number, number>();
      for (const [neighbour, weight] of neighbours.get(node) ?? []) {
        const candidate = label.get(neighbour) as number;
        votes.set(candidate, (votes.get(candidate) ?? 0) + weight);
      }
      let best = label.get(node) as number;
      let bestVotes = votes.get(best) ?? 0;
      for (const [candidate, count] of votes) {
        if (count > bestVotes || (count === bestVotes && candidate < best)) {
          best = candidate;
          bestVotes = count;
        }
      }
      if (best !== label.get(node)) {
        label.set(node, best);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return label;
}

/**
 * Rebuilds the company's communities: label propagation over its relations, then a summary per
 * community (its central entities and relations, summarised by the model for the largest ones), for
 * questions about the whole company (`graph_query` without an entity).
 */
export async function rebuildCommunities(
  pool: Pool,
  language: MemoryLanguage,
  target: { runKey: string; companyId: string },
): Promise<{ communities: number; entities: number; summarizer: string }> {
  const { rows: edgeRows } = await pool.query<{ source_id: string; target_id: string; weight: number }>(
    `SELECT r.source_id, r.target_id, count(*)::int AS weight
       FROM memory_relations r JOIN memories m ON m.id = r.memory_id
      WHERE r.company_id = $1 AND m.archived_at IS NULL
      GROUP BY r.source_id, r.target_id`,
    [target.companyId],
  );
  const edges = edgeRows.map((row) => ({
    source: Number(row.source_id),
    target: Number(row.target_id),
    weight: row.weight,
  }));
  const labels = labelPropagation(edges);
  const members = new Map<number, number[]>();
  for (const [entity, community] of labels) members.set(community, [...(members.get(community) ?? []), entity]);
  const communities = [...members.entries()]
    .filter(([, entities]) => entities.length >= 2)
    .sort((left, right) => right[1].length - left[1].length || left[0] - right[0])
    .slice(0, maxCommunities);

  const summaries: {
    id: number;
    title: string;
    summary: string;
    entities: number[];
    memoryCount: number;
    summarizer: string;
  }[] = [];
  for (const [index, [, entities]] of communities.entries()) {
    const { rows: names } = await pool.query<{ id: string; name: string; degree: number }>(
      `SELECT e.id, e.name, (SELECT count(*) FROM memory_relations r
                WHERE r.company_id = $1 AND (r.source_id = e.id OR r.target_id = e.id))::int AS degree
         FROM memory_entities e WHERE e.company_id = $1 AND e.id = ANY($2::bigint[])
        ORDER BY degree DESC, e.id LIMIT 5`,
      [target.companyId, entities],
    );
    const { rows: facts } = await pool.query<{ fact: string; memories: number }>(
      `SELECT s.name || ' ' || r.relation || ' ' || t.name AS fact, count(DISTINCT r.memory_id)::int AS memories
         FROM memory_relations r
         JOIN memory_entities s ON s.id = r.source_id
         JOIN memory_entities t ON t.id = r.target_id
        WHERE r.company_id = $1 AND r.source_id = ANY($2::bigint[])
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${relationsPerSummary}`,
      [target.companyId, entities],
    );
    const title = names
      .map((row) => row.name)
      .slice(0, 3)
      .join(', ');
    const useModel = !language.offline && index < maxModelSummaries;
    const summarizer = useModel ? language : undefined;
    let summary: string;
    if (summarizer) {
      const result = await summarizer.summarize(
        facts.map((row) => row.fact),
        `the part of the company around ${title}`,
        800,
      );
      await recordSpend(pool, {
        callKey: `${target.runKey}#community-${index}`,
        companyId: target.companyId,
        workflowId: target.runKey,
        purpose: 'memory community summary',
        spend: result.spend,
      });
      summary = result.text;
    } else {
      summary = `[offline summary] ${entities.length} entities around ${title}: ${facts
        .map((row) => row.fact)
        .slice(0, 12)
        .join('; ')}`;
    }
    summaries.push({
      id: index + 1,
      title,
      summary: summary.slice(0, 4_000),
      entities,
      memoryCount: facts.reduce((sum, row) => sum + row.memories, 0),
      summarizer: summarizer ? language.model : 'offline',
    });
  }
  return runStage(pool, { ...target, stage: 'communities' }, async (client) => {
    await client.query(
      'UPDATE memory_entities SET community_id = NULL WHERE company_id = $1 AND community_id IS NOT NULL',
      [target.companyId],
    );
    await client.query('DELETE FROM memory_communities WHERE company_id = $1', [target.companyId]);
    for (const community of summaries) {
      await client.query(
        'UPDATE memory_entities SET community_id = $3 WHERE company_id = $1 AND id = ANY($2::bigint[])',
        [target.companyId, community.entities, community.id],
      );
      await client.query(
        `INSERT INTO memory_communities (company_id, community_id, title, summary, entity_count, memory_count, summarizer)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          target.companyId,
          community.id,
          community.title,
          community.summary,
          community.entities.length,
          community.memoryCount,
          community.summarizer,
        ],
      );
    }
    return {
      communities: summaries.length,
      entities: summaries.reduce((sum, community) => sum + community.entities.length, 0),
      summarizer: language.offline ? 'offline' : language.model,
    };
  });
}
