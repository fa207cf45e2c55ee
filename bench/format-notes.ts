/**
 * Shapes the twenty-second round's format families (bench/format-families.ts) write their notes in: a chat export's
 * lines with times that move forward, and ISO days. Draw order is part of each family's data.
 */
import type { Random } from './family-draws.ts';

const pad = (value: number) => String(value).padStart(2, '0');

/** A day of `year` as `2034-05-17`. */
export const isoDay = (random: Random, year: number) =>
  `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;

/** A time of day between 07:00 and 19:59 as `14:05`. */
export const clockTime = (random: Random) => `${pad(7 + Math.floor(random() * 13))}:${pad(Math.floor(random() * 60))}`;

/** Chat export lines (`[09:14] alice: …`), the first at a drawn time and each later one a few minutes on. */
export function chatExport(random: Random, lines: readonly (readonly [string, string])[]): string {
  let minutes = 7 * 60 + Math.floor(random() * 12 * 60);
  return lines
    .map(([speaker, text]) => {
      const line = `[${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}] ${speaker}: ${text}`;
      minutes += 1 + Math.floor(random() * 9);
      return line;
    })
    .join('\n');
}

/**
 * A value per key, made the first time the key is asked for and the same after: a player has one home postcode and a
 * designer one union number in every note that states it, so distractors never contradict one another.
 */
export function keptValues(): (key: string, make: () => string) => string {
  const kept = new Map<string, string>();
  return (key, make) => {
    if (!kept.has(key)) kept.set(key, make());
    return kept.get(key) as string;
  };
}
