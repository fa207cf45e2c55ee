/**
 * Statements a recall sends with bridge aliases off and on (src/memory/graph/bridge-aliases.ts, thirty-first round),
 * on **tuning families only**: each family's seed-1 notes are stored twice (one company per setting) and every
 * question recalled once per setting, counting the statements sent through the pool. The setting adds names to the
 * linking query a recall already sends, so the counts should match.
 *
 *   node bench/bridge-alias-statements.ts [families]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { bridgeAliases } from '../src/memory/graph/bridge-aliases.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { tuningMaker } from './tuning-makers.ts';
import { countingPool } from './recording-pool.ts';

const families = (process.argv[2] ?? 'dispatch,handbook,tickets,brewery').split(',');
const sent = { count: 0 };

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(countingPool(database.pool, sent), createOfflineEmbedder());
try {
  process.stdout.write('family     questions  statements/recall off  on\n');
  for (const family of families) {
    const set = tuningMaker(family)(1);
    const perSetting: number[] = [];
    for (const on of [false, true]) {
      bridgeAliases.on = on;
      const companyId = `${family}-${on ? 'on' : 'off'}`;
      await rememberNotes(context, companyId, set.memories, 'statements');
      sent.count = 0;
      for (const question of set.questions)
        await recall(context, { companyId, viewer: { kind: 'operator' }, query: question.question, limit: 5 });
      perSetting.push(sent.count / set.questions.length);
    }
    bridgeAliases.on = false;
    process.stdout.write(
      `${family.padEnd(10)} ${String(set.questions.length).padStart(9)}  ${(perSetting[0] as number).toFixed(2).padStart(21)}  ${(perSetting[1] as number).toFixed(2)}\n`,
    );
  }
} finally {
  await database.stop();
}
