/**
 * Parses every question of the named families with the parser extractor's CoreNLP pipeline and appends each
 * annotation to a cache file (thirty-fifth round), as bench/parser-extractor.ts keeps a note's: one JSON line
 * `{ key, document }`, the key being the pipeline and the text. The walk guided by the question's parse
 * (src/memory/graph/parse-guidance.ts) reads the file given as BENCH_QUESTION_PARSES; a question the file already
 * holds is not parsed again.
 *
 *   node bench/question-parses.ts <family keys, comma-separated> <cache file>
 */
import { appendFile } from 'node:fs/promises';
import { z } from 'zod';
import { loadConfig } from '../src/config/env.ts';
import { CoreNlpDocument } from '../src/memory/parser/corenlp-document.ts';
import { ensureCoreNlpServer, parserPipeline, stopCoreNlpServers } from '../src/memory/parser/corenlp-registry.ts';
import { readCacheLines } from './extraction-cache.ts';
import { multiHopFamilies } from './multi-hop-families.ts';

const keys = new Set((process.argv[2] ?? '').split(',').filter((key) => key !== ''));
const file = process.argv[3];
const families = multiHopFamilies(0, keys);
if (families.length === 0 || file === undefined) {
  process.stderr.write('usage: node bench/question-parses.ts <family keys, comma-separated> <cache file>\n');
  process.exit(2);
}
const pipelineKey = JSON.stringify(parserPipeline);
const held = new Set(
  (await readCacheLines(file, z.object({ key: z.string(), document: CoreNlpDocument }))).map((line) => line.key),
);
const questions = [
  ...new Set(families.flatMap((family) => family.sets.flatMap((set) => set.questions.map((q) => q.question)))),
].filter((question) => !held.has(`${pipelineKey} ${question}`));
process.stderr.write(`${questions.length} questions to parse (${held.size} held)\n`);
const started = performance.now();
try {
  const server = await ensureCoreNlpServer(loadConfig(), parserPipeline, (line) => process.stderr.write(`${line}\n`), {
    threads: 2,
  });
  let next = 0;
  const worker = async () => {
    while (next < questions.length) {
      const question = questions[next++] as string;
      const document = await server.annotate(question);
      await appendFile(file, `${JSON.stringify({ key: `${pipelineKey} ${question}`, document })}\n`);
    }
  };
  await Promise.all([worker(), worker()]);
  process.stderr.write(
    `${questions.length} questions in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(server start ${server.startSeconds.toFixed(1)} s)\n`,
  );
} finally {
  await stopCoreNlpServers();
}
