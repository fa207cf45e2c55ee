import { crowdedNotes } from '../src/memory/graph/crowded-notes.ts';

/**
 * MEMORY_CROWDED_NOTES='{"exponent":0.25}' turns the crowded-notes rule on (src/memory/graph/crowded-notes.ts, thirty-third
 * round; off by default) for a bench run: bench/memory.ts, bench/start-oracle.ts and bench/held-chain-misses.ts read it. Returns the
 * setting as the run uses it, for its log.
 */
export function crowdedNotesFromEnvironment(): string {
  Object.assign(crowdedNotes, JSON.parse(process.env.MEMORY_CROWDED_NOTES ?? '{}') as Partial<typeof crowdedNotes>);
  return `crowded notes ${JSON.stringify(crowdedNotes)}`;
}
