/**
 * Why GraphRAG misses the answer on **held-out** families, counted per class (bench/failure-classes.ts): the same
 * diagnosis bench/multi-hop-failures.ts runs on the tuning families, for a measurement of where a split's questions are
 * lost — in the extraction (linking, relations, bridges) or in the walk and the ranking. It changes nothing and tunes
 * nothing; a lever chosen after reading its output is no longer measured held out on the splits it read
 * (docs/memory-rounds.md says which splits were read, and when).
 *
 *   node bench/held-out-failures.ts <held-out family keys, comma-separated> [--examples=<class>] [--alias-table]
 *
 * `--alias-table` stores and recalls with src/memory/graph/alias-table.ts on (thirty-second round), and the classes
 * read the same pairs the walk reads.
 *
 * Each family's three generated companies (seeds 1–3) are stored as three companies, as `npm run bench -- memory`
 * scores them, with the offline embedder and extractor.
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { aliasTable } from '../src/memory/graph/alias-table.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { failureClass, failureClasses, relationsByMemory } from './failure-classes.ts';
import { multiHopFamilies } from './multi-hop-families.ts';
import { storeFamily } from './stored-family.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const examplesOf = process.argv.find((argument) => argument.startsWith('--examples='))?.slice(11);
aliasTable.on = process.argv.includes('--alias-table');
const keys = (positional[0] ?? '').split(',').filter((key) => key !== '');
if (keys.length === 0) {
  process.stderr.write(
    'usage: node bench/held-out-failures.ts <held-out family keys, comma-separated> [--examples=<class>]\n',
  );
  process.exit(2);
}
const families = multiHopFamilies(0, new Set(keys));
const unknown = keys.filter((key) => !families.some((family) => family.key === key));
const tuning = families.filter((family) => family.split === undefined).map((family) => family.key);
if (unknown.length > 0 || tuning.length > 0) {
  if (unknown.length > 0) process.stderr.write(`no such multi-hop family: ${unknown.join(', ')}\n`);
  if (tuning.length > 0)
    process.stderr.write(`not held out (use bench/multi-hop-failures.ts for these): ${tuning.join(', ')}\n`);
  process.exit(2);
}

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
/** `<family> <hops>-hop` → class → count; `answered` for questions whose answer is in the top 5. */
const counts = new Map<string, Map<string, number>>();
const add = (row: string, column: string) => {
  const cells = counts.get(row) ?? new Map<string, number>();
  cells.set(column, (cells.get(column) ?? 0) + 1);
  counts.set(row, cells);
};
try {
  for (const family of families)
    for (const [index, set] of family.sets.entries()) {
      const companyId = `${family.key}-${index + 1}`;
      process.stderr.write(`${family.key} seed ${index + 1}: storing ${set.memories.length} notes …\n`);
      const stored = await storeFamily(context, companyId, set, 'failures');
      const relations = await relationsByMemory(database.pool, companyId);
      for (const question of set.questions) {
        const ranked = (
          await recall(context, { companyId, viewer: { kind: 'operator' }, query: question.question, limit: 50 })
        ).memories;
        const kind = await failureClass(database.pool, companyId, question, stored, relations, ranked);
        for (const row of [`${family.key} ${question.hops}-hop`, `${family.split} ${question.hops}-hop`])
          add(row, kind ?? 'answered');
        if (kind !== undefined && examplesOf !== undefined && kind.startsWith(examplesOf)) {
          const answer = stored.idOf.get(question.supporting.at(-1) as string);
          console.log(`\n[${companyId}] ${question.hops}-hop ${kind}: ${question.question}`);
          for (const key of question.supporting)
            console.log(`   - ${stored.contentOf.get(stored.idOf.get(key) as number)}`);
          for (const memory of ranked.slice(0, 3))
            console.log(
              `   top g=${memory.signals.graph.toFixed(2)}${memory.id === answer ? ' (answer)' : ''}: ${memory.content}`,
            );
        }
      }
    }
  const columns = ['answered', ...failureClasses];
  console.log(
    `\n${'family / split'.padEnd(24)}${'asked'.padStart(7)}${columns.map((column) => column.padStart(Math.max(10, column.length + 2))).join('')}`,
  );
  for (const [row, cells] of counts) {
    const asked = [...cells.values()].reduce((sum, count) => sum + count, 0);
    console.log(
      `${row.padEnd(24)}${String(asked).padStart(7)}${columns.map((column) => String(cells.get(column) ?? 0).padStart(Math.max(10, column.length + 2))).join('')}`,
    );
  }
} finally {
  await database.stop();
}
