/**
 * Why chains the graph holds go unanswered (thirty-third round): for each question whose chain notes each share with the
 * next an entity at most 10 notes mention (bench/start-oracle.ts's "by a rare one") and whose answer note is not in the
 * top 5 when the walk starts at the chain's first note (`startNotes`), where recall put the answer and what outranked
 * it. Tuning families only: a class read on a held-out split tunes the next lever on it.
 *
 *   node bench/held-chain-misses.ts <family keys, comma-separated> [examples]
 *
 * A miss is classed by the first that holds: `not reached` (the walk credits the answer note nothing; `lost at hop k`
 * says the deepest chain note it did credit), `graph below` (with the graph signal alone the answer is not in the top
 * 5), else `blend` (the graph ranks it top 5, the hybrid's other signals push it out). The notes recall ranks above the
 * answer are counted by kind: the chain's own earlier notes, siblings (sharing a rare entity with the note before the
 * answer: one hop off the chain's end), near the chain (sharing a rare entity with another chain note), and elsewhere.
 * `examples` prints that many misses with their chain and outrankers. HELD_MISSES_START=off reads default recall instead;
 * MEMORY_CROWDED_NOTES='{"exponent":0.25}' recalls with the crowded-notes rule on (off by default).
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { multiHopFamilies } from './multi-hop-families.ts';
import { graphOnly, storeFamily } from './stored-family.ts';
import { crowdedNotesFromEnvironment } from './crowded-notes-setting.ts';
import { heldChainMiss, missClasses, outrankerKinds, rareNotes } from './held-chain-classes.ts';

const keys = (process.argv[2] ?? '').split(',').filter((key) => key !== '');
const examples = Number(process.argv[3] ?? '0');
if (keys.length === 0 || !Number.isInteger(examples)) {
  process.stderr.write('usage: node bench/held-chain-misses.ts <family keys, comma-separated> [examples]\n');
  process.exit(2);
}
const families = multiHopFamilies(0, new Set(keys));
const unknown = keys.filter((key) => !families.some((family) => family.key === key));
if (unknown.length > 0 || families.some((family) => family.split !== undefined)) {
  process.stderr.write(
    `no such tuning family: ${[...unknown, ...families.flatMap((f) => (f.split ? [f.key] : []))]}\n`,
  );
  process.exit(2);
}
const fromStart = process.env.HELD_MISSES_START !== 'off';
process.stderr.write(`${crowdedNotesFromEnvironment()}\n`);

const classCounts = new Map<string, number>();
const kindCounts = new Map<string, number>();
const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
let printed = 0;

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
try {
  for (const family of families)
    for (const [index, set] of family.sets.entries()) {
      const companyId = `${family.key}-${index + 1}`;
      process.stderr.write(`${family.key} seed ${index + 1}: storing ${set.memories.length} notes, then asking …\n`);
      const stored = await storeFamily(context, companyId, set, 'held-chains');
      const notesOf = stored.notesPerEntity;
      const rare = (id: number) =>
        new Set([...(stored.mentions.get(id) ?? [])].filter((entity) => (notesOf.get(entity) ?? 0) <= rareNotes));
      for (const question of set.questions) {
        const chain = question.supporting.map((key) => stored.idOf.get(key) as number);
        const base = { companyId, viewer: { kind: 'operator' as const }, query: question.question, limit: 50 };
        const request = fromStart ? { ...base, startNotes: [chain[0] as number] } : base;
        const held = chain
          .slice(1)
          .every((id, at) => [...rare(id)].some((entity) => rare(chain[at] as number).has(entity)));
        if (!held) continue;
        add(classCounts, `${question.hops}-hop held`);
        const ranked = (await recall(context, request)).memories.map((memory) => memory.id);
        const answer = chain.at(-1) as number;
        const rank = ranked.indexOf(answer);
        if (rank >= 0 && rank < 5) continue;
        const graphRanked = (await recall(context, { ...request, weights: graphOnly })).memories;
        const graph = new Map(graphRanked.map((memory) => [memory.id, memory.signals.graph]));
        const miss = heldChainMiss({ chain, ranked, graphRanked: graphRanked.map((m) => m.id), graph, rare });
        add(classCounts, `${question.hops}-hop ${miss.kind}`);
        for (const kind of miss.outrankers) add(kindCounts, `${question.hops}-hop ${kind}`);
        if (printed < examples) {
          printed++;
          console.log(`\n[${family.key} seed ${index + 1}] ${question.question}\n  ${miss.kind}; rank ${rank}`);
          for (const [at, id] of chain.entries())
            console.log(
              `  chain ${at}: (${(graph.get(id) ?? 0).toFixed(2)}) ${stored.contentOf.get(id)?.slice(0, 150)}`,
            );
          for (const [at, id] of ranked.slice(0, Math.min(5, rank < 0 ? 5 : rank)).entries())
            console.log(
              `  above ${at} ${miss.outrankers[at]} (${(graph.get(id) ?? 0).toFixed(2)}): ${stored.contentOf.get(id)?.slice(0, 150)}`,
            );
        }
      }
    }
  console.log(`\n${fromStart ? 'started at the first note' : 'default recall'}; misses by class:`);
  for (const hops of ['2-hop', '3-hop'])
    console.log(
      `  ${hops}: held ${classCounts.get(`${hops} held`) ?? 0}, ${missClasses.map((kind) => `${kind} ${classCounts.get(`${hops} ${kind}`) ?? 0}`).join(', ')}`,
    );
  console.log('notes ranked above the answer (top 5), by kind:');
  for (const hops of ['2-hop', '3-hop'])
    console.log(
      `  ${hops}: ${outrankerKinds.map((kind) => `${kind} ${kindCounts.get(`${hops} ${kind}`) ?? 0}`).join(', ')}`,
    );
} finally {
  await database.stop();
}
