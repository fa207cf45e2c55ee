/**
 * Why GraphRAG misses the answer, counted per class over the **tuning families only** (it imports no
 * held-out split: splits 6–9, bench/held-out-families-6.ts to -9.ts, stay unseen). For every
 * question whose answer memory is not in the top 5 of the default recall, the question's chain is
 * followed through the extractor's output, memory by memory, and the first thing that breaks names
 * the class (bench/failure-classes.ts says what each means).
 *
 * With `--start` the recall starts a question that links no entity at its passage start (thirtieth round,
 * src/memory/graph/passage-start.ts), and its classes are read from there; with `--partial` too a question whose linked
 * names only qualify its start (`passageStart.partial`). With `--aliases` the notes are stored and the questions linked
 * with bridge aliases on (src/memory/graph/bridge-aliases.ts, thirty-first round).
 *
 * With `--things` the notes are stored with lower-case things as entities and questions link them (thirty-first round,
 * `offlineExtractorRules.things`, src/memory/graph/thing-phrases.ts); `--thing-bridges` lets the walk cross them
 * (`thingLinking.bridge`).
 *
 *   node bench/multi-hop-failures.ts [families] [seeds] [--examples=class] [--start [--partial]] [--things [--thing-bridges]] [--aliases]
 *     [--alias-table]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import { passageStart, questionStart } from '../src/memory/graph/passage-start.ts';
import { bridgeAliases } from '../src/memory/graph/bridge-aliases.ts';
import { aliasTable } from '../src/memory/graph/alias-table.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { thingLinking } from '../src/memory/graph/thing-phrases.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { failureClass, relationsByMemory } from './failure-classes.ts';
import { storeFamily } from './stored-family.ts';
import { defaultTuningFamilies, tuningMaker } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? defaultTuningFamilies.join(',')).split(',');
const seeds = (positional[1] ?? '1').split(',').map(Number);
const examplesOf = process.argv.find((argument) => argument.startsWith('--examples='))?.slice(11);
passageStart.on = process.argv.includes('--start');
passageStart.partial = process.argv.includes('--partial');
bridgeAliases.on = process.argv.includes('--aliases');
aliasTable.on = process.argv.includes('--alias-table');
offlineExtractorRules.things = process.argv.includes('--things');
thingLinking.bridge = process.argv.includes('--thing-bridges');

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const counts = new Map<string, number>();
const perDepth = new Map<string, number>();
try {
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      const stored = await storeFamily(context, companyId, set, 'failures');
      const relations = await relationsByMemory(database.pool, companyId);
      for (const question of set.questions) {
        const chain = question.supporting.map((key) => stored.idOf.get(key) as number);
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
        // The start the recall used, if any (a question linking only what qualifies its start too, with --partial).
        const linked = await linkQueryEntities(database.pool, companyId, question.question);
        const names = linked.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
        const start = await questionStart(
          database.pool,
          companyId,
          question.question,
          names,
          linked.length,
          () => 'TRUE',
        );
        const kind = await failureClass(database.pool, companyId, question, stored, relations, result.memories, start);
        if (kind === undefined) continue;
        const key = `${depthKey} ${kind}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (examplesOf !== undefined && kind.startsWith(examplesOf)) {
          console.log(`\n[${family} ${seed}] ${depthKey} ${kind} (rank ${rank}): ${question.question}`);
          for (const memoryId of chain) console.log(`   - ${stored.contentOf.get(memoryId)}`);
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
