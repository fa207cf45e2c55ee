/**
 * The twelfth round's chain repair in the offline extractor (src/memory/graph/offline-extractor.ts,
 * `offlineExtractorRules`) against the extractor before it, on the **tuning families only**: each
 * family's notes are stored twice in one database, once with the rules off and once with them on, and
 * every question is recalled from both stores one after the other (the order alternating per question),
 * so the two recalls' times share the machine's load. Prints answer@5 per store and depth and the
 * recall's wall time p50 / p95 per store. The rules decide what is stored; recall's code is the same.
 *
 *   node bench/chain-repair-ab.ts [families] [seeds]
 *   e.g. node bench/chain-repair-ab.ts tickets,steam 1,2,3
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';
import { defaultTuningFamilies, tuningMaker } from './tuning-makers.ts';

const families = (process.argv[2] ?? defaultTuningFamilies.join(',')).split(',');
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);
const stores = [
  ['before', { laterPronoun: false, ordinalOf: false }],
  ['repaired', { laterPronoun: true, ordinalOf: true }],
] as const;

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const original = { ...offlineExtractorRules };
const times = new Map<string, number[]>(stores.map(([name]) => [name, []]));
const answers = new Map<string, number>();
const asked = new Map<string, number>();
try {
  const work: { companies: Record<string, string>; question: string; answerKey: string; hops: number }[] = [];
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companies: Record<string, string> = {};
      for (const [name, rules] of stores) {
        Object.assign(offlineExtractorRules, rules);
        companies[name] = `${family}-${seed}-${name}`;
        await rememberNotes(context, companies[name], set.memories, 'chain-repair-ab');
      }
      Object.assign(offlineExtractorRules, original);
      for (const question of set.questions)
        work.push({
          companies,
          question: question.question,
          answerKey: question.supporting.at(-1) as string,
          hops: question.hops,
        });
    }
  const { rows } = await database.pool.query<{ id: string; company_id: string; memory_key: string }>(
    'SELECT id, company_id, memory_key FROM memories',
  );
  const idOf = new Map(rows.map((row) => [row.memory_key, Number(row.id)]));
  for (const [index, item] of work.entries()) {
    const order = index % 2 === 0 ? stores : [...stores].reverse();
    for (const [name] of order) {
      const companyId = item.companies[name] as string;
      const started = performance.now();
      const result = await recall(context, { companyId, viewer: { kind: 'operator' }, query: item.question, limit: 5 });
      times.get(name)?.push(performance.now() - started);
      const cell = `${name} ${item.hops}-hop`;
      asked.set(cell, (asked.get(cell) ?? 0) + 1);
      if (result.memories.some((memory) => memory.id === idOf.get(`${companyId}/${item.answerKey}`)))
        answers.set(cell, (answers.get(cell) ?? 0) + 1);
    }
  }
  const percentile = (values: number[], share: number) =>
    [...values].sort((left, right) => left - right)[Math.min(values.length - 1, Math.floor(share * values.length))] ??
    0;
  for (const [name] of stores) {
    const spent = times.get(name) ?? [];
    const cells = [2, 3].map((hops) => {
      const cell = `${name} ${hops}-hop`;
      return `${hops}-hop ${((answers.get(cell) ?? 0) / Math.max(1, asked.get(cell) ?? 0)).toFixed(3)} of ${asked.get(cell) ?? 0}`;
    });
    process.stdout.write(
      `${name.padEnd(9)} answer@5 ${cells.join(', ')} | recall wall p50 ${percentile(spent, 0.5).toFixed(1)} ms, p95 ${percentile(spent, 0.95).toFixed(1)} ms (${spent.length} recalls)\n`,
    );
  }
} finally {
  await database.stop();
}
