import type { HeldOutSet } from './held-out-families.ts';
import { formatFamilies } from './format-families.ts';
import { tuningFamilies } from './tuning-families.ts';
import { vectorOnlyWeights } from '../src/memory/recall-weights.ts';

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
