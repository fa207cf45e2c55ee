/**
 * What lower-case things as entities (thirty-first round, `offlineExtractorRules.things`) cost a recall, on **tuning
 * families only**: each family's seed-1 notes are stored twice, with the rule off and on, and every question is
 * recalled `rounds` times per arm (arms alternating), each arm against its own store. Statements per recall (counted
 * in the last round) and median time, split by whether the question links a name in the store without things (those
 * must pay nothing more) or not.
 *
 *   node bench/thing-recall-cost.ts [families] [rounds]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { recordingPool, type SentStatement } from './recording-pool.ts';
import { tuningMaker } from './tuning-makers.ts';

const families = (process.argv[2] ?? 'brewery,halls,handbook,vending').split(',');
const rounds = Number(process.argv[3] ?? 5);
const database = await startPgliteDatabase({ vector: true });
const sink: { sent: SentStatement[] } = { sent: [] };
const context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const companyOf = (family: string, on: boolean) => `${family}-${on ? 'things' : 'plain'}`;
try {
  for (const family of families) {
    const set = tuningMaker(family)(1);
    for (const on of [false, true]) {
      offlineExtractorRules.things = on;
      await rememberNotes(context, companyOf(family, on), set.memories, 'cost');
    }
    offlineExtractorRules.things = false;
    const linking: string[] = [];
    const none: string[] = [];
    for (const question of set.questions)
      ((await linkQueryEntities(database.pool, companyOf(family, false), question.question)).length > 0
        ? linking
        : none
      ).push(question.question);
    for (const [group, questions] of [
      ['linking a name', linking],
      ['linking none', none],
    ] as const) {
      if (questions.length === 0) continue;
      const arms = new Map<boolean, { times: number[]; statements: number }>([
        [false, { times: [], statements: 0 }],
        [true, { times: [], statements: 0 }],
      ]);
      for (let round = 0; round < rounds; round++)
        for (const on of [false, true]) {
          offlineExtractorRules.things = on;
          const arm = arms.get(on) as { times: number[]; statements: number };
          for (const query of questions) {
            sink.sent.length = 0;
            const started = performance.now();
            await recall(context, { companyId: companyOf(family, on), viewer: { kind: 'operator' }, query, limit: 5 });
            arm.times.push(performance.now() - started);
            // Counted in the last round: the first pays one-off statements (prepared plans, caches).
            if (round === rounds - 1) arm.statements += sink.sent.length;
          }
        }
      const cells = [false, true].map((on) => {
        const arm = arms.get(on) as { times: number[]; statements: number };
        return `${on ? 'on' : 'off'} ${(arm.statements / questions.length).toFixed(2)} statements, median ${median(arm.times).toFixed(1)} ms`;
      });
      console.log(`${family} ${group} (${questions.length} questions): ${cells.join(' | ')}`);
    }
  }
} finally {
  offlineExtractorRules.things = false;
  await database.stop();
}
