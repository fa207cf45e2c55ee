/**
 * The twenty-second round's tuning families in other formats (chat exports, YAML, tickets, calendars, log lines,
 * header-less rows), written by an engineer who did not read the ranking or extraction code: an extra set beside the
 * 23-family grid of bench/tuning-families.ts, run with `TUNE_SET=formats node bench/multi-hop-tune.ts`. Not in the
 * grid's default run, which stays the project's reference.
 */
import type { HeldOutSet } from './held-out-families.ts';
import { outApiaries } from './tuning-family-apiary.ts';
import { sundayLeague } from './tuning-family-league.ts';
import { touringTheatre } from './tuning-family-theatre.ts';

export const formatMakers: Readonly<Record<string, (seed: number) => HeldOutSet>> = {
  theatre: touringTheatre,
  apiary: outApiaries,
  league: sundayLeague,
};

/** The format families by name, one question set per seed. */
export function formatFamilies(seeds: readonly number[]): [string, HeldOutSet[]][] {
  return Object.entries(formatMakers).map(([name, make]) => [name, seeds.map((seed) => make(seed))]);
}
