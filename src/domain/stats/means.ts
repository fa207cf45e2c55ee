import { normalTwoSided, studentTwoSided } from './special-functions.ts';

export interface MeanTest {
  /** Mean (Welch) or location shift direction (Mann–Whitney) of the first sample minus the second. */
  difference: number;
  statistic: number;
  pValue: number;
  degreesOfFreedom?: number;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function sampleVariance(values: readonly number[], center: number): number {
  return values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1);
}

/**
 * Welch's unequal-variances t-test, two-sided, as R's `t.test(x, y)` and scipy's
 * `ttest_ind(x, y, equal_var=False)`. p = 1 when either sample has fewer than two values or both
 * have no spread.
 */
export function welchTTest(first: readonly number[], second: readonly number[]): MeanTest {
  if (first.length < 2 || second.length < 2) {
    const difference = first.length > 0 && second.length > 0 ? mean(first) - mean(second) : 0;
    return { difference, statistic: 0, pValue: 1 };
  }
  const mean1 = mean(first);
  const mean2 = mean(second);
  const se1 = sampleVariance(first, mean1) / first.length;
  const se2 = sampleVariance(second, mean2) / second.length;
  const difference = mean1 - mean2;
  if (se1 + se2 === 0) return { difference, statistic: 0, pValue: difference === 0 ? 1 : 0 };
  const statistic = difference / Math.sqrt(se1 + se2);
  const degreesOfFreedom = (se1 + se2) ** 2 / (se1 ** 2 / (first.length - 1) + se2 ** 2 / (second.length - 1));
  return { difference, statistic, pValue: studentTwoSided(statistic, degreesOfFreedom), degreesOfFreedom };
}

/**
 * Mann–Whitney U test, two-sided, normal approximation with tie correction and continuity
 * correction: scipy's `mannwhitneyu(x, y, method='asymptotic')` (R's `wilcox.test(x, y, exact=FALSE)`).
 * The statistic is U of the first sample; `difference` is the sign of the shift (U above n1·n2/2 means
 * the first sample tends to be larger).
 */
export function mannWhitneyUTest(first: readonly number[], second: readonly number[]): MeanTest {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return { difference: 0, statistic: 0, pValue: 1 };
  const all = [...first.map((value) => ({ value, arm: 1 })), ...second.map((value) => ({ value, arm: 2 }))].sort(
    (left, right) => left.value - right.value,
  );
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let start = 0; start < all.length;) {
    let end = start;
    while (
      end + 1 < all.length &&
      (all[end + 1] as { value: number }).value === (all[start] as { value: number }).value
    )
      end++;
    const rank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) ranks[index] = rank;
    const tied = end - start + 1;
    tieTerm += tied ** 3 - tied;
    start = end + 1;
  }
  const rankSum1 = all.reduce((sum, item, index) => (item.arm === 1 ? sum + (ranks[index] as number) : sum), 0);
  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const expected = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { difference: 0, statistic: u1, pValue: 1 };
  const distance = Math.max(0, Math.abs(u1 - expected) - 0.5);
  return {
    difference: Math.sign(u1 - expected),
    statistic: u1,
    pValue: normalTwoSided(distance / Math.sqrt(variance)),
  };
}
