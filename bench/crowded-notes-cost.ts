/**
 * What the crowded-notes rule (src/memory/graph/crowded-notes.ts, thirty-third round) costs a recall, on **tuning
 * families only**: each family's seed-1 notes are stored once and every question recalled with the rule off and on,
 * alternating, counting the statements sent through the pool and the wall time. The rule reads the walked notes' names
 * in one statement after the walk, so a recall should send one more.
 *
 *   node bench/crowded-notes-cost.ts [families] [exponent]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { crowdedNotes } from '../src/memory/graph/crowded-notes.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { tuningMaker } from './tuning-makers.ts';
import { countingPool } from './recording-pool.ts';

const families = (process.argv[2] ?? 'dispatch,handbook,tickets,brewery,clinics,parts').split(',');
const exponent = Number(process.argv[3] ?? '0.25');
const sent = { count: 0 };

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(countingPool(database.pool, sent), createOfflineEmbedder());
try {
  process.stdout.write('family     questions  statements/recall off  on   ms/recall off  on\n');
  for (const family of families) {
    const set = tuningMaker(family)(1);
    await rememberNotes(context, family, set.memories, 'statements');
    const statements = [0, 0];
    const milliseconds = [0, 0];
    for (const question of set.questions)
      for (const [at, on] of [false, true].entries()) {
        crowdedNotes.exponent = on ? exponent : 0;
        sent.count = 0;
        const started = performance.now();
        await recall(context, { companyId: family, viewer: { kind: 'operator' }, query: question.question, limit: 5 });
        milliseconds[at] = (milliseconds[at] ?? 0) + performance.now() - started;
        statements[at] = (statements[at] ?? 0) + sent.count;
      }
    crowdedNotes.exponent = 0;
    const per = (values: number[], at: number) => ((values[at] as number) / set.questions.length).toFixed(2);
    process.stdout.write(
      `${family.padEnd(10)} ${String(set.questions.length).padStart(9)}  ${per(statements, 0).padStart(21)}  ${per(statements, 1)}  ${per(milliseconds, 0).padStart(13)}  ${per(milliseconds, 1)}\n`,
    );
  }
} finally {
  await database.stop();
}
