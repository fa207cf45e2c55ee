import type { ClusterSummary } from '../../../workflows/contracts/memory.ts';
import { decayedReinforcementSql } from '../decay.ts';
import { extractGraphOffline } from '../graph/offline-extractor.ts';
import { saveNewExtractions } from '../graph/graph-store.ts';
import type { MemoryLanguage } from '../language.ts';
import type { MemoryContext } from '../memory-context.ts';
import { embedTexts } from '../memory-context.ts';
import { maxMemoryContent } from '../types.ts';
import { ReservationRefusedError } from '../../db/spend-reservations.ts';
import { instructionTokens, summaryOutputTokens } from '../language.ts';
import { promptTokensOf, withMemorySpend } from '../paid-call.ts';
import { runStage } from './stage.ts';

const maxMembers = 20;
const reportedSummaries = 20;

interface Cluster {
  entity: string;
  scope: string;
  ownerId: string;
  ids: number[];
  contents: string[];
  importance: number;
  reinforcement: number;
}

/**
 * Summarises clusters of episodic memories into semantic ones. A cluster is the episodic memories
 * of one scope and owner that mention the same entity (the graph groups what belongs together);
 * each memory joins at most one cluster, largest clusters first. The summary is a new semantic
 * memory (importance: the cluster's highest; reinforcement: its mean); the episodes are archived
 * with `merged_into` pointing at it, so provenance stays traceable.
 */
export async function summariseClusters(
  context: MemoryContext,
  language: MemoryLanguage,
  target: { runKey: string; companyId: string },
  options: { minAgeHours: number; minSize: number; maxClusters: number },
): Promise<{ summarised: number; archived: number; summaries: ClusterSummary[]; summarizer: string }> {
  const clusters = await findClusters(context, target.companyId, options);
  const summaries: { cluster: Cluster; text: string }[] = [];
  let stopped: string | undefined;
  try {
    for (const [index, cluster] of clusters.entries()) {
      const purpose = `what the team learned about ${cluster.entity}`;
      const maxCharacters = Math.min(1_200, maxMemoryContent);
      // Reserved before the call, like an agent step: at the ceiling the stage stops summarising.
      const summary = await withMemorySpend(
        context.pool,
        {
          callKey: `${target.runKey}#cluster-${index}`,
          companyId: target.companyId,
          workflowId: target.runKey,
          purpose: 'memory cluster summary',
          model: language.model,
          promptTokens: instructionTokens + promptTokensOf([...cluster.contents, purpose]),
          maxOutputTokens: summaryOutputTokens(maxCharacters),
          ...(context.prices ? { prices: context.prices } : {}),
        },
        () => language.summarize(cluster.contents, purpose, maxCharacters),
      );
      summaries.push({ cluster, text: `${summary.text}`.trim() || cluster.contents[0] || cluster.entity });
    }
  } catch (error) {
    if (!(error instanceof ReservationRefusedError)) throw error;
    stopped = `stopped after ${summaries.length} of ${clusters.length} clusters: ${error.message}`;
  }
  let embedded: Awaited<ReturnType<typeof embedTexts>> = [];
  try {
    embedded = await embedTexts(
      context,
      summaries.map((summary) => summary.text),
      { callKey: `${target.runKey}#clusters`, companyId: target.companyId, workflowId: target.runKey },
    );
  } catch (error) {
    if (!(error instanceof ReservationRefusedError)) throw error;
    // Without embeddings the summaries cannot be stored: no episode is archived into them.
    stopped = `stopped before embedding ${summaries.length} summaries: ${error.message}`;
  }
  return runStage(context.pool, { ...target, stage: 'clusters' }, async (client) => {
    // Only episodes still active join a summary: a concurrent forget or merge wins.
    const { rows: liveRows } = await client.query<{ id: string }>(
      `SELECT id FROM memories WHERE company_id = $1 AND id = ANY($2::bigint[]) AND archived_at IS NULL ORDER BY id FOR UPDATE`,
      [target.companyId, summaries.flatMap(({ cluster }) => cluster.ids)],
    );
    const live = new Set(liveRows.map((row) => Number(row.id)));
    const kept = summaries
      .map((summary, index) => ({
        ...summary,
        index,
        vector: embedded[index],
        members: summary.cluster.ids.filter((id) => live.has(id)),
      }))
      .filter((summary) => summary.vector !== undefined && summary.members.length >= options.minSize);
    const { rows: created } = await client.query<{ id: string; memory_key: string }>(
      `INSERT INTO memories (memory_key, company_id, scope, owner_id, category, content, importance, reinforcement,
                             source, author_id, workflow_id, embedding_model, embedding, sketch, graph_extractor)
       SELECT key, $1, scope, owner_id, 'semantic', content, importance, reinforcement,
              'consolidation', 'memory-consolidation', $2, $3, embedding, sketch, 'offline'
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::real[], $9::real[],
                     $10::${context.backend.kind === 'pgvector' ? 'vector' : 'bytea'}[], $11::bit(256)[])
              AS s(key, scope, owner_id, content, importance, reinforcement, embedding, sketch)
       ON CONFLICT (memory_key) DO NOTHING RETURNING id, memory_key`,
      [
        target.companyId,
        target.runKey,
        context.embedder.model,
        kept.map((summary) => `${target.runKey}#cluster-${summary.index}`),
        kept.map((summary) => summary.cluster.scope),
        kept.map((summary) => summary.cluster.ownerId),
        kept.map((summary) => summary.text.slice(0, maxMemoryContent)),
        kept.map((summary) => summary.cluster.importance),
        kept.map((summary) => summary.cluster.reinforcement),
        kept.map((summary) => context.backend.encode((summary.vector as { embedding: Float32Array }).embedding)),
        kept.map((summary) => (summary.vector as { sketch: string }).sketch),
      ],
    );
    const idOf = new Map(created.map((row) => [row.memory_key, Number(row.id)]));
    const written = kept.flatMap((summary) => {
      const memoryId = idOf.get(`${target.runKey}#cluster-${summary.index}`);
      return memoryId === undefined ? [] : [{ ...summary, memoryId }];
    });
    await saveNewExtractions(
      client,
      target.companyId,
      written.map((summary) => ({ memoryId: summary.memoryId, extraction: extractGraphOffline(summary.text) })),
      'offline',
    );
    const archived = written.flatMap((summary) => summary.members.map((id) => ({ id, into: summary.memoryId })));
    await client.query(
      `UPDATE memories m SET archived_at = now(), archive_reason = 'summarised into semantic memory #' || a.target_id,
                             merged_into = a.target_id, updated_at = now()
         FROM unnest($1::bigint[], $2::bigint[]) AS a(id, target_id) WHERE m.id = a.id`,
      [archived.map((row) => row.id), archived.map((row) => row.into)],
    );
    return {
      summarised: written.length,
      archived: archived.length,
      summaries: written.slice(0, reportedSummaries).map((summary) => ({
        memoryId: summary.memoryId,
        entity: summary.cluster.entity,
        episodicIds: summary.members,
      })),
      summarizer: stopped === undefined ? language.model : `${language.model} (${stopped})`,
    };
  });
}

async function findClusters(
  context: MemoryContext,
  companyId: string,
  options: { minAgeHours: number; minSize: number; maxClusters: number },
): Promise<Cluster[]> {
  const { rows } = await context.pool.query<{
    entity: string;
    scope: string;
    owner_id: string;
    ids: string[];
    contents: string[];
    importances: number[];
    reinforcements: number[];
  }>(
    `SELECT e.name AS entity, m.scope, m.owner_id,
            array_agg(m.id ORDER BY m.created_at, m.id) AS ids,
            array_agg(m.content ORDER BY m.created_at, m.id) AS contents,
            array_agg(m.importance ORDER BY m.created_at, m.id) AS importances,
            array_agg(${decayedReinforcementSql()} ORDER BY m.created_at, m.id) AS reinforcements
       FROM memories m
       JOIN memory_mentions mm ON mm.memory_id = m.id
       JOIN memory_entities e ON e.id = mm.entity_id
      WHERE m.company_id = $1 AND m.archived_at IS NULL AND m.category = 'episodic' AND m.slot IS NULL
        AND m.created_at <= now() - make_interval(secs => $2)
      GROUP BY e.id, e.name, m.scope, m.owner_id
     HAVING count(*) >= $3
      ORDER BY count(*) DESC, e.id`,
    [companyId, options.minAgeHours * 3600, options.minSize],
  );
  const taken = new Set<number>();
  const clusters: Cluster[] = [];
  for (const row of rows) {
    const members = row.ids
      .map((id, index) => ({
        id: Number(id),
        content: row.contents[index] ?? '',
        importance: row.importances[index] ?? 0,
        reinforcement: row.reinforcements[index] ?? 0,
      }))
      .filter((member) => !taken.has(member.id));
    for (let start = 0; start + options.minSize <= members.length; start += maxMembers) {
      const chunk = members.slice(start, start + maxMembers);
      if (chunk.length < options.minSize) break;
      for (const member of chunk) taken.add(member.id);
      clusters.push({
        entity: row.entity,
        scope: row.scope,
        ownerId: row.owner_id,
        ids: chunk.map((member) => member.id),
        contents: chunk.map((member) => member.content),
        importance: Math.max(...chunk.map((member) => member.importance)),
        reinforcement: chunk.reduce((sum, member) => sum + member.reinforcement, 0) / chunk.length,
      });
      if (clusters.length >= options.maxClusters) return clusters;
    }
  }
  return clusters;
}
