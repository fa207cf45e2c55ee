import type { Pool } from 'pg';
import { ReservationRefusedError } from '../../db/spend-reservations.ts';
import type { PriceSettings } from '../../llm/price-policy.ts';
import { instructionTokens, summaryOutputTokens, type MemoryLanguage } from '../language.ts';
import { promptTokensOf, withMemorySpend } from '../paid-call.ts';
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
 * community (its central entities and the facts its relations state, summarised by the model for
 * the largest ones), for questions about the whole company (`graph_query` without an entity).
 */
export async function rebuildCommunities(
  pool: Pool,
  language: MemoryLanguage,
  target: { runKey: string; companyId: string },
  prices?: PriceSettings,
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
  for (const [entity, community] of labels) {
    const list = members.get(community) ?? [];
    list.push(entity);
    members.set(community, list);
  }
  const communities = [...members.entries()]
    .filter(([, entities]) => entities.length >= 2)
    .sort((left, right) => right[1].length - left[1].length || left[0] - right[0])
    .slice(0, maxCommunities);

  // Names, degrees and stated facts of every community, in two queries for the whole company.
  const { rows: entityRows } = await pool.query<{ id: string; name: string }>(
    'SELECT id, name FROM memory_entities WHERE company_id = $1 AND id = ANY($2::bigint[])',
    [target.companyId, communities.flatMap(([, entities]) => entities)],
  );
  const nameOf = new Map(entityRows.map((row) => [Number(row.id), row.name]));
  const degree = new Map<number, number>();
  for (const edge of edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + edge.weight);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + edge.weight);
  }
  const { rows: factRows } = await pool.query<{
    source_id: string;
    relation: string;
    target_id: string;
    memories: number;
  }>(
    `SELECT r.source_id, r.relation, r.target_id, count(DISTINCT r.memory_id)::int AS memories
       FROM memory_relations r JOIN memories m ON m.id = r.memory_id
      WHERE r.company_id = $1 AND m.archived_at IS NULL
      GROUP BY r.source_id, r.relation, r.target_id`,
    [target.companyId],
  );
  const factsByCommunity = new Map<number, { fact: string; memories: number }[]>();
  for (const row of factRows) {
    const community = labels.get(Number(row.source_id));
    if (community === undefined || !nameOf.has(Number(row.source_id))) continue;
    const list = factsByCommunity.get(community) ?? [];
    list.push({
      fact: `${nameOf.get(Number(row.source_id))} ${row.relation} ${nameOf.get(Number(row.target_id)) ?? '?'}`,
      memories: row.memories,
    });
    factsByCommunity.set(community, list);
  }

  const summaries: Community[] = [];
  let stopped: string | undefined;
  for (const [index, [label, entities]] of communities.entries()) {
    const title = [...entities]
      .sort((left, right) => (degree.get(right) ?? 0) - (degree.get(left) ?? 0) || left - right)
      .slice(0, 3)
      .map((id) => nameOf.get(id) ?? '?')
      .join(', ');
    const facts = (factsByCommunity.get(label) ?? [])
      .sort((left, right) => right.memories - left.memories || left.fact.localeCompare(right.fact))
      .slice(0, relationsPerSummary);
    let summary = `[offline summary] ${entities.length} entities around ${title}: ${facts
      .slice(0, 12)
      .map((row) => row.fact)
      .join('; ')}`;
    let summarizer = 'offline';
    if (!language.offline && index < maxModelSummaries && stopped === undefined) {
      const texts = facts.map((row) => row.fact);
      const purpose = `the part of the company around ${title}`;
      try {
        // Reserved before the call; at the ceiling the remaining communities keep the extractive summary.
        const result = await withMemorySpend(
          pool,
          {
            callKey: `${target.runKey}#community-${index}`,
            companyId: target.companyId,
            workflowId: target.runKey,
            purpose: 'memory community summary',
            model: language.model,
            promptTokens: instructionTokens + promptTokensOf([...texts, purpose]),
            maxOutputTokens: summaryOutputTokens(800),
            ...(prices ? { prices } : {}),
          },
          () => language.summarize(texts, purpose, 800),
        );
        summary = result.text;
        summarizer = language.model;
      } catch (error) {
        if (!(error instanceof ReservationRefusedError)) throw error;
        stopped = error.message;
      }
    }
    summaries.push({
      id: index + 1,
      title,
      summary: summary.slice(0, 4_000),
      entities,
      memoryCount: facts.reduce((sum, row) => sum + row.memories, 0),
      summarizer,
    });
  }
  return runStage(pool, { ...target, stage: 'communities' }, async (client) => {
    await client.query(
      'UPDATE memory_entities SET community_id = NULL WHERE company_id = $1 AND community_id IS NOT NULL',
      [target.companyId],
    );
    await client.query('DELETE FROM memory_communities WHERE company_id = $1', [target.companyId]);
    const pairs = summaries.flatMap((community) => community.entities.map((entity) => [entity, community.id] as const));
    await client.query(
      `UPDATE memory_entities e SET community_id = c.community_id
         FROM unnest($2::bigint[], $3::int[]) AS c(id, community_id) WHERE e.company_id = $1 AND e.id = c.id`,
      [target.companyId, pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
    );
    await client.query(
      `INSERT INTO memory_communities (company_id, community_id, title, summary, entity_count, memory_count, summarizer)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[])`,
      [
        target.companyId,
        summaries.map((community) => community.id),
        summaries.map((community) => community.title),
        summaries.map((community) => community.summary),
        summaries.map((community) => community.entities.length),
        summaries.map((community) => community.memoryCount),
        summaries.map((community) => community.summarizer),
      ],
    );
    return {
      communities: summaries.length,
      entities: summaries.reduce((sum, community) => sum + community.entities.length, 0),
      summarizer: language.offline
        ? 'offline'
        : stopped === undefined
          ? language.model
          : `${language.model} (offline summaries after the budget stop: ${stopped})`,
    };
  });
}

interface Community {
  id: number;
  title: string;
  summary: string;
  entities: number[];
  memoryCount: number;
  summarizer: string;
}
