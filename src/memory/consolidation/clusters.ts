import type { ClusterSummary } from '../../../workflows/contracts/memory.ts';
import { decayedReinforcementSql } from '../decay.ts';
import { extractGraphOffline } from '../graph/offline-extractor.ts';
import { saveExtraction } from '../graph/graph-store.ts';
import type { MemoryLanguage } from '../language.ts';
import type { MemoryContext } from '../memory-context.ts';
import { embedTexts } from '../memory-context.ts';
import { maxMemoryContent } from '../types.ts';
import { recordSpend } from './spend.ts';
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
  for (const [index, cluster] of clusters.entries()) {
    const summary = await language.summarize(
      cluster.contents,
      `what the team learned about ${cluster.entity}`,
      Math.min(1_200, maxMemoryContent),
    );
    await recordSpend(context.pool, {
      callKey: `${target.runKey}#cluster-${index}`,
      companyId: target.companyId,
      workflowId: target.runKey,
      purpose: 'memory cluster summary',
      spend: summary.spend,
    });
    summaries.push({ cluster, text: `${summary.text}`.trim() || cluster.contents[0] || cluster.entity });
  }
  const embedded = await embedTexts(
    context,
    summaries.map((summary) => summary.text),
  );
  return runStage(context.pool, { ...target, stage: 'clusters' }, async (client) => {
    let archived = 0;
    const reported: ClusterSummary[] = [];
    for (const [index, { cluster, text }] of summaries.entries()) {
      const vector = embedded[index];
      if (!vector) continue;
      // Only episodes still active join the summary: a concurrent forget or merge wins.
      const { rows: live } = await client.query<{ id: string }>(
        `SELECT id FROM memories WHERE company_id = $1 AND id = ANY($2::bigint[]) AND archived_at IS NULL FOR UPDATE`,
        [target.companyId, cluster.ids],
      );
      if (live.length < options.minSize) continue;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO memories (memory_key, company_id, scope, owner_id, category, content, importance, reinforcement,
                               source, author_id, workflow_id, embedding_model, embedding, sketch)
         VALUES ($1, $2, $3, $4, 'semantic', $5, $6, $7, 'consolidation', 'memory-consolidation', $8, $9, $10, $11::bit(256))
         ON CONFLICT (memory_key) DO NOTHING RETURNING id`,
        [
          `${target.runKey}#cluster-${index}`,
          target.companyId,
          cluster.scope,
          cluster.ownerId,
          text.slice(0, maxMemoryContent),
          cluster.importance,
          cluster.reinforcement,
          target.runKey,
          context.embedder.model,
          context.backend.encode(vector.embedding),
          vector.sketch,
        ],
      );
      const created = rows[0];
      if (!created) continue;
      const memoryId = Number(created.id);
      await saveExtraction(client, target.companyId, memoryId, extractGraphOffline(text), 'offline');
      const episodicIds = live.map((row) => Number(row.id));
      await client.query(
        `UPDATE memories SET archived_at = now(), archive_reason = $2, merged_into = $3, updated_at = now()
          WHERE id = ANY($1::bigint[])`,
        [episodicIds, `summarised into semantic memory #${memoryId}`, memoryId],
      );
      archived += episodicIds.length;
      if (reported.length < reportedSummaries) reported.push({ memoryId, entity: cluster.entity, episodicIds });
    }
    return { summarised: summaries.length, archived, summaries: reported, summarizer: language.model };
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
