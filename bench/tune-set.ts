import type { HeldOutSet } from './held-out-families.ts';
import { formatFamilies } from './format-families.ts';
import { tuningFamilies } from './tuning-families.ts';
import { vectorOnlyWeights } from '../src/memory/recall-weights.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { scoreQuestions } from './multi-hop-evaluation.ts';

/**
 * The tuning families the TUNE_SET environment variable names: `grid` (the default, bench/tuning-families.ts) or
 * `formats` (chat, YAML, tickets, log lines: bench/format-families.ts). Any other value is an error naming it.
 */
export function tuneSetFamilies(seeds: readonly number[]): [string, HeldOutSet[]][] {
  const set = process.env.TUNE_SET ?? 'grid';
  if (set !== 'grid' && set !== 'formats') throw new Error(`TUNE_SET must be grid or formats, not "${set}"`);
  return set === 'formats' ? formatFamilies(seeds) : tuningFamilies(seeds);
}

/** The three recall arms the tuning benches compare on each family: GraphRAG, hybrid without the graph, vector only. */
export const tuneRecallModes = [
  ['GraphRAG', {}],
  ['hybrid w/o graph', { hops: 0 }],
  ['vector only', { hops: 0, weights: vectorOnlyWeights }],
] as const;

/** One row's cells for a company's questions of `hops` hops: each of {@link tuneRecallModes} as `answers/questions (supporting)`. */
export async function tuneRecallCells(
  context: MemoryContext,
  companyId: string,
  set: HeldOutSet,
  hops: 2 | 3,
): Promise<string> {
  const asked = set.questions.filter((question) => question.hops === hops);
  const cells = [];
  for (const [mode, options] of tuneRecallModes) {
    const score = await scoreQuestions(context, companyId, asked, options);
    cells.push(`${mode} ${score.answers}/${score.questions} (${(score.supporting / score.questions).toFixed(2)})`);
  }
  return cells.join(' | ');
}
