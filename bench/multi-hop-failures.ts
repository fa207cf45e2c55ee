/**
 * Why GraphRAG misses the answer, counted per class over the **tuning families only** (it imports no
 * held-out split: splits 6–9, bench/held-out-families-6.ts to -9.ts, stay unseen). For every
 * question whose answer memory is not in the top 5 of the default recall, the question's chain is
 * followed through the extractor's output, memory by memory, and the first thing that breaks names
 * the class:
 *
 * - `linking`: no entity the question links is mentioned by the chain's first memory;
 * - `relation missing` / `pronoun`: a chain memory states no relation from the entity the chain
 *   reached to any other (`pronoun` when that memory speaks through he / she / it / they / "the …"
 *   of a name in another sentence or clause);
 * - `bridge not shared`: a chain memory's relations reach entities, but none the next memory mentions
 *   (the bridge is spelt differently, or is no entity there);
 * - `reached, outranked`: the chain is intact and the answer memory has a graph signal, but ranks
 *   below 5 (`high` when the signal is ≥ 0.5);
 * - `intact, not reached`: the chain is intact and the walk never credits the answer memory.
 *
 *   node bench/multi-hop-failures.ts [families] [seeds] [--examples=class]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { storeFamily } from './stored-family.ts';
import { defaultTuningFamilies, tuningMaker } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? defaultTuningFamilies.join(',')).split(',');
const seeds = (positional[1] ?? '1').split(',').map(Number);
const examplesOf = process.argv.find((argument) => argument.startsWith('--examples='))?.slice(11);
const pronoun = /\b(he|she|it|its|they|their|his|her|them|this|that one)\b|^(the|this) [a-z]+\b/i;

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const counts = new Map<string, number>();
const perDepth = new Map<string, number>();
try {
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      const { idOf, contentOf, mentions } = await storeFamily(context, companyId, set, 'failures');
      const relations = new Map<number, { source: number; target: number; relation: string }[]>();
      for (const row of (
        await database.pool.query<{ memory_id: string; source_id: string; target_id: string; relation: string }>(
          'SELECT memory_id, source_id, target_id, relation FROM memory_relations WHERE company_id = $1',
          [companyId],
        )
      ).rows) {
        const list = relations.get(Number(row.memory_id)) ?? [];
        list.push({ source: Number(row.source_id), target: Number(row.target_id), relation: row.relation });
        relations.set(Number(row.memory_id), list);
      }
      for (const question of set.questions) {
        const chain = question.supporting.map((key) => idOf.get(key) as number);
        const answer = chain.at(-1) as number;
        const result = await recall(context, {
          companyId,
          viewer: { kind: 'operator' },
          query: question.question,
          limit: 50,
        });
        const rank = result.memories.findIndex((memory) => memory.id === answer);
        const depthKey = `${question.hops}-hop`;
        perDepth.set(`${depthKey} asked`, (perDepth.get(`${depthKey} asked`) ?? 0) + 1);
        if (rank >= 0 && rank < 5) continue;
        const seedsLinked = await linkQueryEntities(database.pool, companyId, question.question);
        let frontier = new Set(
          seedsLinked.map((seed) => seed.entityId).filter((id) => mentions.get(chain[0] as number)?.has(id)),
        );
        let kind: string | undefined = frontier.size === 0 ? 'linking' : undefined;
        for (const [index, memoryId] of chain.entries()) {
          if (kind) break;
          // Entities the memory's relations reach from the frontier, transitively within the memory.
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
          if (reached.size === 0) {
            kind = pronoun.test(contentOf.get(memoryId) ?? '') ? 'pronoun' : 'relation missing';
            break;
          }
          if (index === chain.length - 1) break;
          const next = mentions.get(chain[index + 1] as number) ?? new Set();
          frontier = new Set([...reached].filter((id) => next.has(id)));
          if (frontier.size === 0) kind = 'bridge not shared';
        }
        const signal = rank >= 0 ? (result.memories[rank]?.signals.graph ?? 0) : 0;
        kind ??= signal > 0 ? `reached, outranked (${signal >= 0.5 ? 'high' : 'low'})` : 'intact, not reached';
        const key = `${depthKey} ${kind}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (examplesOf !== undefined && kind.startsWith(examplesOf)) {
          console.log(`\n[${family} ${seed}] ${depthKey} ${kind} (rank ${rank}): ${question.question}`);
          for (const memoryId of chain) console.log(`   - ${contentOf.get(memoryId)}`);
          for (const memory of result.memories.slice(0, 3))
            console.log(`   top g=${memory.signals.graph.toFixed(2)}: ${memory.content}`);
        }
      }
    }
  for (const hops of ['2-hop', '3-hop']) {
    const asked = perDepth.get(`${hops} asked`) ?? 0;
    const missed = [...counts.entries()].filter(([key]) => key.startsWith(hops));
    const total = missed.reduce((sum, [, count]) => sum + count, 0);
    console.log(`${hops}: ${asked} asked, ${asked - total} answered in the top 5, ${total} missed`);
    for (const [key, count] of missed.sort((left, right) => right[1] - left[1]))
      console.log(`  ${key.slice(hops.length + 1).padEnd(28)} ${count}`);
  }
} finally {
  await database.stop();
}
