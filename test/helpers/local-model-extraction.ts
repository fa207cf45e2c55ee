import type { Pool } from 'pg';
import { benchEdgePolicy, startBenchExtractor, type BenchExtractor } from '../../bench/llm-extraction.ts';
import { rememberNotes } from '../../bench/multi-hop-evaluation.ts';
import type { SynthorgConfig } from '../../src/config/env.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { schemaExtraction } from '../../src/memory/graph/model-extraction.ts';
import { openMemoryContext } from '../../src/memory/memory-context.ts';
import { logLine } from './local-model.ts';

/** A note a local-model extraction test stores: written for the test, from no bench family. */
export interface TestNote {
  key: string;
  content: string;
}

/** One relation as stored: its ends' entity names and its label. */
export interface StoredRelation {
  source: string;
  target: string;
  relation: string;
}

/** Each note's graph as stored: its extractor, the names of the entities it mentions and the relations it states. */
export async function storedGraphs(pool: Pool, companyId: string) {
  const { rows } = await pool.query<{
    key: string;
    content: string;
    extractor: string;
    names: string[];
    relations: StoredRelation[];
  }>(
    `SELECT substr(m.memory_key, length($1) + 2) AS key, m.content, m.graph_extractor AS extractor,
            coalesce(array_agg(e.name) FILTER (WHERE e.id IS NOT NULL), '{}') AS names,
            coalesce((SELECT json_agg(json_build_object('source', s.name, 'target', t.name, 'relation', r.relation))
                        FROM memory_relations r
                        JOIN memory_entities s ON s.id = r.source_id JOIN memory_entities t ON t.id = r.target_id
                       WHERE r.memory_id = m.id), '[]') AS relations
       FROM memories m LEFT JOIN memory_mentions x ON x.memory_id = m.id LEFT JOIN memory_entities e ON e.id = x.entity_id
      WHERE m.company_id = $1 GROUP BY m.id ORDER BY m.id`,
    [companyId],
  );
  return rows;
}

/** True when `name` is named in `content` as whole words (the rule the schema request's grounding applies). */
export function namedIn(content: string, name: string): boolean {
  return ` ${normalizeEntityName(content)} `.includes(` ${normalizeEntityName(name)} `);
}

/**
 * The notes stored as `companyId`'s memories with the offline graph, then each note's graph asked of `model` with
 * the schema request (its graph in place of the offline one, or merged with it), as the memory bench does.
 */
export async function extractNotes(
  pool: Pool,
  config: SynthorgConfig,
  options: { model: string; companyId: string; notes: readonly TestNote[]; merge: boolean },
): Promise<BenchExtractor> {
  const context = await openMemoryContext(pool, createOfflineEmbedder());
  await rememberNotes(context, options.companyId, options.notes, 'test');
  const extractor = await startBenchExtractor(
    { model: options.model, merge: options.merge, request: schemaExtraction, edges: benchEdgePolicy(options.merge) },
    config,
    { total: options.notes.length, log: logLine },
  );
  await extractor.extractCompany(pool, options.companyId);
  return extractor;
}
