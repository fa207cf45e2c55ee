import { z } from 'zod';
import { adjacentLinks } from '../src/memory/graph/adjacent-links.ts';
import { jsonOption } from './bench-options.ts';

const AdjacentLinksSetting = z
  .object({
    on: z.boolean(),
    label: z.string().min(1),
    pairs: z.enum(['all', 'ends']),
    disjoint: z.boolean(),
    weight: z.number().min(0).max(1),
    wordFloor: z.boolean(),
  })
  .partial()
  .strict();

/**
 * BENCH_ADJACENT_LINKS='{"on":true}' (any of the fields of `adjacentLinks`, src/memory/graph/adjacent-links.ts;
 * thirty-sixth round, off by default) has the offline extractor link the names of a note's adjacent sentences for a
 * bench run: bench/start-oracle.ts and bench/multi-hop-tune.ts read it. Returns the setting as the run uses it, for
 * its log.
 */
export function adjacentLinksFromEnvironment(json = process.env.BENCH_ADJACENT_LINKS ?? '{}'): string {
  Object.assign(adjacentLinks, jsonOption('BENCH_ADJACENT_LINKS', AdjacentLinksSetting, json, '{"on":true}'));
  return `adjacent links ${JSON.stringify(adjacentLinks)}`;
}
