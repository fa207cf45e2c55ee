/**
 * What the passage start (thirtieth round, src/memory/graph/passage-start.ts) costs a recall, on **tuning families
 * only**: per family, the statements a recall sends and its median time, lever off and on, split by whether the
 * question links an entity (it fires only where none is linked). Each family's seed-1 company is stored once (offline
 * embedder), then every question is recalled `rounds` times per arm, arms alternating.
 *
 * With `--partial` (issue 14) the arms are `passageStart.partial` off and on, both with the start on, and the linking
 * questions are split by whether their linked names only qualify their start (`qualifiedName`: only those may pay).
 *
 *   node bench/passage-start-cost.ts [families] [rounds] [--partial]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { linkQueryEntities } from '../src/memory/graph/graph-walk.ts';
import { passageStart, qualifiedName } from '../src/memory/graph/passage-start.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { recordingPool, type SentStatement } from './recording-pool.ts';
import { tuningMaker } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? 'brewery,handbook,vending').split(',');
const rounds = Number(positional[1] ?? 5);
const partial = process.argv.includes('--partial');
const database = await startPgliteDatabase({ vector: true });
const sink: { sent: SentStatement[] } = { sent: [] };
const context = await openMemoryContext(recordingPool(database.pool, sink), createOfflineEmbedder());
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
try {
  for (const family of families) {
    const companyId = `${family}-1`;
    const set = tuningMaker(family)(1);
    await rememberNotes(context, companyId, set.memories, 'cost');
    const groups = partial ? ['linking, qualified', 'linking, not qualified'] : ['linking', 'linking none'];
    for (const group of groups) {
      const questions = [];
      for (const question of set.questions) {
        const linked = await linkQueryEntities(database.pool, companyId, question.question);
        const names = linked.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
        const qualified = linked.length > 0 && qualifiedName(question.question, names);
        const into = partial
          ? qualified
            ? groups[0]
            : linked.length > 0
              ? groups[1]
              : undefined
          : linked.length > 0
            ? groups[0]
            : groups[1];
        if (into === group) questions.push(question.question);
      }
      if (questions.length === 0) continue;
      const arms = new Map<boolean, { times: number[]; statements: number }>([
        [false, { times: [], statements: 0 }],
        [true, { times: [], statements: 0 }],
      ]);
      for (let round = 0; round < rounds; round++)
        for (const on of [false, true]) {
          if (partial) Object.assign(passageStart, { on: true, partial: on });
          else passageStart.on = on;
          const arm = arms.get(on) as { times: number[]; statements: number };
          for (const query of questions) {
            sink.sent.length = 0;
            const started = performance.now();
            await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 5 });
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
  Object.assign(passageStart, { on: false, partial: false });
  await database.stop();
}
