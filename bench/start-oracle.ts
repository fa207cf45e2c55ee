/**
 * How much of a split GraphRAG would answer were each question's start found: every question is recalled twice, as
 * `npm run bench -- memory` recalls it (GraphRAG with the defaults), and with the walk started at the chain's first
 * note (`startNotes`, the way a passage start starts it: graph/passage-start.ts `passageStartAt`). The second figure is
 * an oracle — no recall can read which note a chain starts at — that splits a split's misses into those lost at the
 * start (linking) and those lost after it (a bridge the extractor wrote another way, a relation missing, the ranking).
 * Beside them, how many questions' chains the graph holds at all: each note of the chain shares an entity with the next
 * (a chain it does not hold, no walk follows). It changes nothing and tunes nothing; a lever chosen after reading it on a held-out split is no longer measured held
 * out there (docs/memory-rounds.md says which splits were read, and when).
 *
 *   node bench/start-oracle.ts <family keys, comma-separated>
 *
 * Each family's three generated companies (seeds 1–3) are stored as three companies in one PGlite store, with the
 * offline embedder and extractor; MEMORY_EXTRACTOR='{"things":true}' stores them with extractor rules changed, as
 * bench/memory.ts reads it; MEMORY_CROWDED_NOTES='{"exponent":0.25}' recalls with the crowded-notes rule on (off by default).
 * ORACLE_EXTRACTOR=corenlp+offline (any `--extractor` value of bench/memory.ts) re-extracts each company's notes with
 * that extractor before the chains are read, ORACLE_EXTRACTION_CACHE=FILE as its `--extraction-cache`.
 * BENCH_PARSE_GUIDANCE and BENCH_QUESTION_PARSES guide the walk by each question's parse (bench/question-guidance.ts).
 * BENCH_ADJACENT_LINKS='{"on":true}' has the offline extractor link adjacent sentences' names (bench/adjacent-links-setting.ts).
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { offlineExtractorRules } from '../src/memory/graph/offline-extractor-rules.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { multiHopFamilies } from './multi-hop-families.ts';
import { storeFamily } from './stored-family.ts';
import { crowdedNotesFromEnvironment } from './crowded-notes-setting.ts';
import { rareNotes } from './held-chain-classes.ts';
import { loadConfig } from '../src/config/env.ts';
import { stopLocalModels } from '../src/llm/local-model/registry.ts';
import { stopCoreNlpServers } from '../src/memory/parser/corenlp-registry.ts';
import { extractionRow, parseExtractorOption, startFamiliesExtractor } from './llm-extraction.ts';
import { questionGuidanceFromEnvironment } from './question-guidance.ts';
import { adjacentLinksFromEnvironment } from './adjacent-links-setting.ts';
import { optionsOrExit } from './bench-options.ts';

const keys = (process.argv[2] ?? '').split(',').filter((key) => key !== '');
if (keys.length === 0) {
  process.stderr.write('usage: node bench/start-oracle.ts <family keys, comma-separated>\n');
  process.exit(2);
}
const families = multiHopFamilies(0, new Set(keys));
const unknown = keys.filter((key) => !families.some((family) => family.key === key));
if (unknown.length > 0) {
  process.stderr.write(`no such multi-hop family: ${unknown.join(', ')}\n`);
  process.exit(2);
}
Object.assign(
  offlineExtractorRules,
  JSON.parse(process.env.MEMORY_EXTRACTOR ?? '{}') as Partial<typeof offlineExtractorRules>,
);
process.stderr.write(`offline extractor rules ${JSON.stringify(offlineExtractorRules)}\n`);
process.stderr.write(`${crowdedNotesFromEnvironment()}\n`);
process.stderr.write(`${optionsOrExit('start-oracle', () => adjacentLinksFromEnvironment())}\n`);
process.stderr.write(`${await questionGuidanceFromEnvironment()}\n`);

/**
 * Per row (`<family> <hops>-hop`, `<split> <hops>-hop`), questions: asked; whose chain's notes each share an entity with
 * the next (the graph holds the chain: no walk follows one it does not); share one that at most {@link rareNotes} notes
 * mention (a bridge, not a date or a site every note says); answered as recalled; from the chain's first note; only
 * then.
 */
const columns = ['asked', 'chain in graph', 'by a rare one', 'recalled', 'from start', 'only then'] as const;
const rows = new Map<string, number[]>();
const count = (row: string, cells: readonly boolean[]) => {
  const counts = rows.get(row) ?? columns.map(() => 0);
  for (const [at, cell] of cells.entries()) if (cell) counts[at] = (counts[at] ?? 0) + 1;
  rows.set(row, counts);
};

const extractor = await startFamiliesExtractor(
  parseExtractorOption(process.env.ORACLE_EXTRACTOR ?? 'offline'),
  loadConfig(),
  families,
  {
    ...(process.env.ORACLE_EXTRACTION_CACHE ? { cacheFile: process.env.ORACLE_EXTRACTION_CACHE } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  },
);
process.stderr.write(`extractor ${extractor?.label ?? 'offline'}\n`);
const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
try {
  for (const family of families)
    for (const [index, set] of family.sets.entries()) {
      const companyId = `${family.key}-${index + 1}`;
      process.stderr.write(`${family.key} seed ${index + 1}: storing ${set.memories.length} notes, then asking …\n`);
      const stored = await storeFamily(
        context,
        companyId,
        set,
        'oracle',
        extractor ? (company) => extractor.extractCompany(database.pool, company) : undefined,
      );
      const notesOf = stored.notesPerEntity;
      for (const question of set.questions) {
        const first = stored.idOf.get(question.supporting[0] as string) as number;
        const answer = stored.idOf.get(question.supporting.at(-1) as string) as number;
        const base = { companyId, viewer: { kind: 'operator' as const }, query: question.question, limit: 5 };
        const inTop = async (startNotes?: number[]) =>
          (await recall(context, { ...base, ...(startNotes ? { startNotes } : {}) })).memories.some(
            (memory) => memory.id === answer,
          );
        const chain = question.supporting.map(
          (key) => stored.mentions.get(stored.idOf.get(key) as number) ?? new Set<number>(),
        );
        const shares = (rare: boolean) =>
          chain
            .slice(1)
            .every((next, at) =>
              [...next].some((entity) => chain[at]?.has(entity) && (!rare || (notesOf.get(entity) ?? 0) <= rareNotes)),
            );
        const recalled = await inTop();
        const started = await inTop([first]);
        for (const row of [
          `${family.key} ${question.hops}-hop`,
          `${family.split ?? 'tuning families'} ${question.hops}-hop`,
        ])
          count(row, [true, shares(false), shares(true), recalled, started, started && !recalled]);
      }
    }
  const width = (column: string) => Math.max(8, column.length + 2);
  console.log(`\n${'family / split'.padEnd(24)}${columns.map((column) => column.padStart(width(column))).join('')}`);
  for (const [row, counts] of rows)
    console.log(
      `${row.padEnd(24)}${counts.map((value, at) => String(value).padStart(width(columns[at] as string))).join('')}`,
    );
  if (extractor) console.log(`\n${extractionRow('start oracle', extractor).join('  ')}`);
} finally {
  await database.stop();
  await stopLocalModels();
  await stopCoreNlpServers();
}
