/**
 * Per-question diagnosis of GraphRAG on one family (never a held-out one): which entities the
 * question links, what the extractor made of each supporting memory (its relations), whether the
 * answer memory is reached by the walk, its rank and what outranks it. Format families too (`league`, …).
 *
 *   node bench/multi-hop-diagnose.ts <family> [seed] [hops]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { formatMakers } from './format-families.ts';
import { tuningMaker } from './tuning-makers.ts';

const [name = 'events', seedText = '1', hopsText = ''] = process.argv.slice(2);
// The format families (bench/format-families.ts) by their names as well.
const set = (formatMakers[name] ?? tuningMaker(name))(Number(seedText));
const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const companyId = 'diagnose';
try {
  await rememberNotes(context, companyId, set.memories, 'diagnose');
  const { rows } = await database.pool.query<{ id: string; memory_key: string; content: string }>(
    'SELECT id, memory_key, content FROM memories WHERE company_id = $1',
    [companyId],
  );
  const idOf = new Map(rows.map((row) => [row.memory_key.slice(companyId.length + 1), Number(row.id)]));
  const contentOf = new Map(rows.map((row) => [Number(row.id), row.content]));
  const relationsOf = async (memoryId: number) =>
    (
      await database.pool.query<{ relation: string; source: string; target: string }>(
        `SELECT r.relation, s.name AS source, t.name AS target FROM memory_relations r
           JOIN memory_entities s ON s.id = r.source_id JOIN memory_entities t ON t.id = r.target_id
          WHERE r.memory_id = $1`,
        [memoryId],
      )
    ).rows.map((row) => `${row.source} -${row.relation}-> ${row.target}`);
  let answered = 0;
  let asked = 0;
  for (const question of set.questions.filter((q) => hopsText === '' || q.hops === Number(hopsText))) {
    asked++;
    const linked = await linkQueryEntities(database.pool, companyId, question.question);
    const result = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: question.question,
      limit: 50,
      ...(process.env.DIAGNOSE_WALK ? { walk: process.env.DIAGNOSE_WALK as 'relations' } : {}),
    });
    const ids = question.supporting.map((key) => idOf.get(key) as number);
    const rankOf = (id: number) => result.memories.findIndex((memory) => memory.id === id);
    const answerRank = rankOf(ids.at(-1) as number);
    if (answerRank >= 0 && answerRank < 5) answered++;
    console.log(`\n=== ${question.hops}-hop: ${question.question}`);
    console.log(`linked: ${linked.map((seed) => `${seed.name} (${seed.weight.toFixed(2)})`).join(', ') || 'none'}`);
    for (const id of ids) {
      const memory = result.memories.find((m) => m.id === id);
      console.log(
        `  support #${rankOf(id)} g=${memory?.signals.graph.toFixed(2) ?? '-'} v=${memory?.signals.vector.toFixed(2) ?? '-'} t=${memory?.signals.text.toFixed(2) ?? '-'} | ${contentOf.get(id)} | ${(await relationsOf(id)).join('; ')}`,
      );
    }
    for (const [rank, memory] of result.memories.slice(0, 5).entries())
      if (!ids.includes(memory.id))
        console.log(
          `  top#${rank} g=${memory.signals.graph.toFixed(2)} v=${memory.signals.vector.toFixed(2)} t=${memory.signals.text.toFixed(2)} | ${memory.content}`,
        );
  }
  console.log(`\nanswer@5 ${answered}/${asked}`);
} finally {
  await database.stop();
}
