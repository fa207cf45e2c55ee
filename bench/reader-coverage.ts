/**
 * How often the note a reader hop needs is among the notes it could be shown, without a model (docs/memory-rounds.md,
 * twenty-fifth round). Along each question's true chain (the anchor at hop i is a name of the question, then the
 * true bridge of hop i − 1), is supporting note i among the first k notes naming the anchor, by each candidate
 * source? Tuning families only.
 *
 *   TUNE_SET=grid|formats READER_FAMILIES=tickets,handbook READER_QUESTIONS=3 node bench/reader-coverage.ts
 */
import { loadConfig } from '../src/config/env.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { mentions, nameSpans } from '../src/memory/reader/bridge-candidates.ts';
import { normalizeEntityName } from '../src/memory/graph/extraction.ts';
import { anchorMentions } from '../src/memory/reader/anchor-mentions.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { benchEmbedder } from './multi-hop-evaluation.ts';
import { storedTuneSet, trueBridges } from './reader-truth.ts';
import { tuneSetFamilies } from './tune-set.ts';

const depths = [1, 2, 3, 5, 10];
const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, benchEmbedder('offline', loadConfig()));
const only = process.env.READER_FAMILIES?.split(',');
const perFamily = Number(process.env.READER_QUESTIONS ?? '3');
type Note = { id: number; content: string };
type Source = (companyId: string, anchors: string[], query: string) => Promise<Note[]>;
const retrieved =
  (limit: number, extra: Partial<RecallRequest> = {}, anchorOnly = false): Source =>
  async (companyId, anchors, query) =>
    (
      await recall(context, {
        companyId,
        viewer: { kind: 'operator' },
        query: anchorOnly ? anchors.join(', ') : query,
        limit,
        walk: 'relations',
        ...extra,
      })
    ).memories;
// Every note the store links to the anchor's entity (memory_mentions), in the hop retrieval's order, then by id.
const mentioned: Source = async (companyId, anchors, query) => {
  const ranked = await retrieved(40)(companyId, anchors, query);
  const { rows } = await database.pool.query<{ id: string; content: string }>(
    `SELECT DISTINCT m.id, m.content FROM memory_mentions mm JOIN memory_entities e ON e.id = mm.entity_id
       JOIN memories m ON m.id = mm.memory_id WHERE e.company_id = $1 AND e.normalized = ANY($2::text[]) ORDER BY m.id`,
    [companyId, anchors.map(normalizeEntityName)],
  );
  const rank = new Map(ranked.map((note, index) => [note.id, index]));
  return rows
    .map((row) => ({ id: Number(row.id), content: row.content }))
    .sort((left, right) => (rank.get(left.id) ?? 1e9) - (rank.get(right.id) ?? 1e9) || left.id - right.id);
};
// The reader walk's own source (`mentioned: true`): a retrieval of ten with the anchor's stored notes asked for by id.
const pinned: Source = async (companyId, anchors, query) =>
  (
    await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query,
      limit: 10,
      walk: 'relations',
      ids: await anchorMentions(database.pool, companyId, anchors),
    })
  ).memories;
const sources: [string, Source][] = [
  ['GraphRAG pool 10 (round 24)', retrieved(10)],
  ['GraphRAG pool 20', retrieved(20)],
  ['GraphRAG pool 40', retrieved(40)],
  ['hybrid w/o graph pool 20', retrieved(20, { hops: 0 })],
  ['GraphRAG on the anchor alone, pool 20', retrieved(20, {}, true)],
  ['stored mentions of the anchor, GraphRAG order', mentioned],
  ['pool 10 with stored mentions by id (mentioned: true)', pinned],
];
// Per source: [bridge hops covered at each depth, answer hops covered at each depth, anchored notes seen].
const tally = new Map(
  sources.map(([name]) => [name, { bridge: depths.map(() => 0), answer: depths.map(() => 0), anchored: 0 }]),
);
let bridgeHops = 0;
let answerHops = 0;
try {
  for (const [name, sets] of tuneSetFamilies([1]).filter(([key]) => only === undefined || only.includes(key)))
    for (const [index, set] of sets.entries()) {
      const companyId = `${name}-${index}`;
      const { idOf, content, questions } = await storedTuneSet(context, companyId, set, 'coverage', perFamily);
      for (const question of questions) {
        const truth = trueBridges(question, content);
        const ids = question.supporting.map((key) => idOf.get(key) ?? -1);
        for (let hop = 0; hop < ids.length; hop++) {
          const anchors = hop === 0 ? nameSpans(question.question) : (truth[hop - 1] ?? []);
          if (anchors.length === 0) break;
          const answer = hop === ids.length - 1;
          if (answer) answerHops++;
          else bridgeHops++;
          const query = hop === 0 ? question.question : `${anchors[0]}: ${question.question}`;
          const chain = new Set(ids.slice(0, hop));
          for (const [source, notes] of sources) {
            const anchored = (await notes(companyId, anchors, query)).filter(
              (note) => !chain.has(note.id) && anchors.some((anchor) => mentions(note.content, anchor)),
            );
            const counts = tally.get(source);
            if (counts === undefined) continue;
            counts.anchored += anchored.length;
            const at = anchored.findIndex((note) => note.id === ids[hop]);
            const row = answer ? counts.answer : counts.bridge;
            for (const [slot, depth] of depths.entries()) if (at >= 0 && at < depth) row[slot] = (row[slot] ?? 0) + 1;
          }
        }
      }
    }
} finally {
  await database.stop();
}
const hops = bridgeHops + answerHops;
process.stdout.write(
  `true-chain hops: ${bridgeHops} bridge hops, ${answerHops} answer hops; supporting note among the first k anchored notes (k = ${depths.join(', ')})\n` +
    sources
      .map(([source]) => {
        const counts = tally.get(source);
        if (counts === undefined) return '';
        const cells = depths
          .map((depth, slot) => `k=${depth} ${counts.bridge[slot]}+${counts.answer[slot]}`)
          .join('  ');
        return `${source}: ${cells}  (anchored notes per hop ${(counts.anchored / hops).toFixed(1)})`;
      })
      .join('\n') +
    '\n',
);
