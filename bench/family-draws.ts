/**
 * Seeded draws the generated memory families share (bench/held-out-families*.ts): each family keeps
 * its own vocabulary and phrasing; only these mechanics are common. Draw order is part of a family's
 * data, so these must not change the number or order of `random()` calls.
 */
export type Random = () => number;

export function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** `count` distinct items drawn from `make`, in draw order. */
export function distinct(random: Random, count: number, make: (random: Random) => string): string[] {
  const seen = new Set<string>();
  while (seen.size < count) seen.add(make(random));
  return [...seen];
}

/** A Fisher–Yates shuffle of a copy. */
export function shuffled<T>(random: Random, list: readonly T[]): T[] {
  const copy = [...list];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

export const months = 'January February March April May June July August September October November December'.split(
  ' ',
);

/** A date in `year` written one of three ways ("4 May 2036", "May 4, 2036", "the 4th of May 2036"). */
export function dateIn(year: number): (random: Random) => string {
  return (random) => {
    const day = 1 + Math.floor(random() * 28);
    const month = pick(random, months);
    return pick(random, [`${day} ${month} ${year}`, `${month} ${day}, ${year}`, `the ${day}th of ${month} ${year}`]);
  };
}
