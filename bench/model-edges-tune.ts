/**
 * How a model's relations should enter the graph (src/memory/graph/model-edges.ts), on tuning families only: each
 * family's first seed stored with the offline graph, then once per arm (model's graph instead, or merged with the
 * offline one) and edge policy, from recorded model replies only — a note without a reply in the cache keeps its
 * offline graph and is counted. No model runs; extract first with bench/llm-extraction-tune.ts and the same cache.
 *
 *   node bench/model-edges-tune.ts tickets,theatre CACHE[,CACHE…] [policies] [arms]
 *
 * Families come from the grid and the format families (one seed). MODEL_LINKS='{"weight":0.2}' overrides modelLinks.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { GraphExtraction } from '../src/memory/graph/extraction.ts';
import { saveExtraction } from '../src/memory/graph/graph-store.ts';
import { modelEdgePolicies, modelGraph, type ModelEdgePolicy, modelLinks } from '../src/memory/graph/model-edges.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { inTransaction } from '../src/memory/sql.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { formatFamilies } from './format-families.ts';
import { benchExtractionRequest } from './llm-extraction.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { tuneRecallCells } from './tune-set.ts';
import { tuningFamilies } from './tuning-families.ts';

const [familyList = 'tickets', cacheList = '', policyList = modelEdgePolicies.join(','), armList = 'merged,instead'] =
  process.argv.slice(2);
const model = 'local:qwen2.5-coder-0.5b';
const wanted = new Set(familyList.split(','));
const families = [...tuningFamilies([1]), ...formatFamilies([1])].filter(([name]) => wanted.has(name));
const policies = policyList.split(',') as ModelEdgePolicy[];
for (const policy of policies) if (!modelEdgePolicies.includes(policy)) throw new Error(`unknown policy ${policy}`);

const Reply = z.object({ key: z.string(), extractor: z.string(), extraction: GraphExtraction });
const replies = new Map<string, z.infer<typeof Reply>>();
for (const file of cacheList.split(',').filter((name) => name !== ''))
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const reply = Reply.safeParse(JSON.parse(line));
    if (reply.success) replies.set(reply.data.key, reply.data);
  }
Object.assign(modelLinks, JSON.parse(process.env.MODEL_LINKS ?? '{}') as Partial<typeof modelLinks>);
process.stdout.write(`model links ${JSON.stringify(modelLinks)}\n`);
const prefix = `${model} ${JSON.stringify(benchExtractionRequest)} `;

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const arms: [string, ModelEdgePolicy | undefined, boolean][] = [['offline', undefined, false]];
for (const arm of armList.split(','))
  for (const policy of policies) arms.push([`${arm} ${policy}`, policy, arm === 'merged']);
try {
  for (const [name, [set]] of families) {
    if (set === undefined) continue;
    for (const [arm, policy, merged] of arms) {
      const companyId = `${arm.replace(/[^a-z0-9]+/gi, '-')}-${name}`;
      await rememberNotes(context, companyId, set.memories, 'tune');
      let missing = 0;
      if (policy !== undefined) {
        const { rows } = await database.pool.query<{ id: string; content: string }>(
          'SELECT id, content FROM memories WHERE company_id = $1 ORDER BY id',
          [companyId],
        );
        for (const row of rows) {
          const reply = replies.get(`${prefix}${row.content}`);
          if (reply === undefined || !reply.extractor.startsWith('llm:')) {
            missing++;
            continue;
          }
          const offline = merged ? extractGraphOffline(row.content) : undefined;
          const graph = modelGraph(row.content, reply.extraction, offline, policy);
          await inTransaction(database.pool, (client) =>
            saveExtraction(client, companyId, Number(row.id), graph, reply.extractor),
          );
        }
      }
      for (const hops of [2, 3] as const) {
        const cells = await tuneRecallCells(context, companyId, set, hops);
        process.stdout.write(`${name} | ${arm} | ${hops}-hop | ${cells} | no reply ${missing}\n`);
      }
    }
  }
} finally {
  await database.stop();
}
