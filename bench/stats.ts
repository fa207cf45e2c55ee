/** Percentile by nearest rank of an unsorted sample (milliseconds). */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Gaps between consecutive timestamps of each series: the time one step took, end to end. */
export function stepGaps(series: Iterable<readonly number[]>): number[] {
  const gaps: number[] = [];
  for (const times of series) {
    const sorted = [...times].sort((a, b) => a - b);
    for (let index = 1; index < sorted.length; index++)
      gaps.push((sorted[index] as number) - (sorted[index - 1] as number));
  }
  return gaps;
}
