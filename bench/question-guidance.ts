/**
 * Turns on the walk guided by the question's parse for a bench run (thirty-fifth round, src/memory/graph/
 * parse-guidance.ts): BENCH_PARSE_GUIDANCE='{"mode":"boost"}' (or "replace", with any of the guidance's weights)
 * sets the guidance, and BENCH_QUESTION_PARSES=FILE (written by bench/question-parses.ts) gives each question's
 * CoreNLP annotation, from which its relation lemmas are read. Neither set: the walk as it was.
 */
import { z } from 'zod';
import { parseGuidance, guideQuestion } from '../src/memory/graph/parse-guidance.ts';
import { questionRelations } from '../src/memory/graph/question-relations.ts';
import { CoreNlpDocument } from '../src/memory/parser/corenlp-document.ts';
import { parserPipeline } from '../src/memory/parser/corenlp-registry.ts';
import { BenchOptionError, jsonOption } from './bench-options.ts';
import { readCacheLines } from './extraction-cache.ts';

const GuidanceSetting = z
  .object({
    mode: z.enum(['off', 'boost', 'replace']),
    matched: z.number().min(0).max(1),
    outOfOrder: z.number().min(0).max(1),
    unmatched: z.number().min(0).max(1),
    linkOnly: z.number().min(0).max(1),
    coverage: z.number().min(0).max(4),
    reads: z.boolean(),
    synonym: z.number().min(0).max(1),
    verbsOnly: z.boolean(),
  })
  .partial()
  .strict();

/** Reads BENCH_PARSE_GUIDANCE and BENCH_QUESTION_PARSES; returns a line saying what the walk reads. */
export async function questionGuidanceFromEnvironment(
  json = process.env.BENCH_PARSE_GUIDANCE ?? '{}',
  file = process.env.BENCH_QUESTION_PARSES,
): Promise<string> {
  const setting = jsonOption('BENCH_PARSE_GUIDANCE', GuidanceSetting, json, '{"mode":"boost"}');
  const { verbsOnly = false, ...weights } = setting;
  Object.assign(parseGuidance, weights);
  if (parseGuidance.mode === 'off') return 'parse guidance off';
  if (file === undefined) throw new BenchOptionError('BENCH_PARSE_GUIDANCE needs BENCH_QUESTION_PARSES=FILE');
  const prefix = `${JSON.stringify(parserPipeline)} `;
  let questions = 0;
  for (const { key, document } of await readCacheLines(file, z.object({ key: z.string(), document: CoreNlpDocument })))
    if (key.startsWith(prefix)) {
      const question = key.slice(prefix.length);
      guideQuestion(question, questionRelations(question, document, verbsOnly));
      questions++;
    }
  return `parse guidance ${JSON.stringify({ ...parseGuidance, verbsOnly })}: ${questions} questions' parses from ${file}`;
}
