/**
 * What the alias table (src/memory/graph/alias-table.ts, thirty-second round) costs, on **tuning families only**: each
 * family's seed-1 notes are stored one note per write (as an agent remembers), once per setting in its own company,
 * counting the statements sent and the time per note; then every question is recalled per setting (three rounds,
 * interleaved), counting statements per recall, the questions whose count differs, and the median recall time. A
 * note and a question send no new statement: the forms ride in the entity upsert's statement, and the pairs are read
 * inside the linking and edge statements a recall already sends.
 *
 *   node bench/alias-table-cost.ts [families]
 */
import { performance } from 'node:perf_hooks';
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { aliasTable } from '../src/memory/graph/alias-table.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { tuningMaker } from './tuning-makers.ts';
import { countingPool } from './recording-pool.ts';

const families = (process.argv[2] ?? 'sites,dispatch,handbook,brewery,tickets').split(',');
const sent = { count: 0 };

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(countingPool(database.pool, sent), createOfflineEmbedder());
try {
  process.stdout.write(
    'family    notes with forms  statements/note off  on  ms/note stored off  on  statements/recall off  on  questions differing  median recall ms off  on\n',
  );
  for (const family of families) {
    const set = tuningMaker(family)(1);
    aliasTable.on = true;
    const withForms = set.memories.filter((memory) => extractGraphOffline(memory.content).aliasForms).length;
    aliasTable.on = false;
    // A warm-up store, so neither setting's timing pays for the first plans and the embedder's start.
    for (const memory of set.memories) await rememberNotes(context, `${family}-warm-up`, [memory], 'cost');
    const perNote: number[] = [];
    const timePerNote: number[] = [];
    for (const on of [false, true]) {
      aliasTable.on = on;
      sent.count = 0;
      const started = performance.now();
      for (const memory of set.memories) await rememberNotes(context, `${family}-${on}`, [memory], 'cost');
      timePerNote.push((performance.now() - started) / set.memories.length);
      perNote.push(sent.count / set.memories.length);
    }
    // Each question recalled off then on, three rounds, so drift in the machine's load falls on both alike.
    const perRecall: number[][] = [[], []];
    const times: number[][] = [[], []];
    for (let round = 0; round < 3; round++)
      for (const question of set.questions)
        for (const [index, on] of [false, true].entries()) {
          aliasTable.on = on;
          sent.count = 0;
          const started = performance.now();
          await recall(context, {
            companyId: `${family}-${on}`,
            viewer: { kind: 'operator' },
            query: question.question,
            limit: 5,
          });
          times[index]?.push(performance.now() - started);
          if (round === 0) perRecall[index]?.push(sent.count);
        }
    const median = (list: number[]) => [...list].sort((left, right) => left - right)[Math.floor(list.length / 2)] ?? 0;
    const recallTimes = times.map(median);
    aliasTable.on = false;
    const [off, on] = perRecall as [number[], number[]];
    const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
    const differing = off.filter((count, index) => count !== on[index]).length;
    process.stdout.write(
      `${family.padEnd(9)} ${`${withForms}/${set.memories.length}`.padStart(16)}  ${(perNote[0] as number).toFixed(2).padStart(19)}  ${(perNote[1] as number).toFixed(2)}  ${(timePerNote[0] as number).toFixed(2).padStart(18)}  ${(timePerNote[1] as number).toFixed(2)}  ${mean(off).toFixed(2).padStart(21)}  ${mean(on).toFixed(2)}  ${`${differing}/${off.length}`.padStart(19)}  ${(recallTimes[0] as number).toFixed(1).padStart(20)}  ${(recallTimes[1] as number).toFixed(1)}\n`,
    );
  }
} finally {
  await database.stop();
}
