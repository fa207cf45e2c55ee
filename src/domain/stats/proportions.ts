import { normalTwoSided } from './special-functions.ts';

/** Successes out of trials in one arm. */
export interface Proportion {
  successes: number;
  trials: number;
}

export interface ProportionTest {
  /** First rate minus second. */
  difference: number;
  statistic: number;
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled variance (no continuity correction), two-sided: the same as
 * R's `prop.test(correct = FALSE)` (whose X-squared is z²). p = 1 when either arm is empty or the
 * pooled rate is 0 or 1 (no evidence either way).
 */
export function twoProportionZTest(first: Proportion, second: Proportion): ProportionTest {
  const rate1 = first.trials > 0 ? first.successes / first.trials : 0;
  const rate2 = second.trials > 0 ? second.successes / second.trials : 0;
  const difference = rate1 - rate2;
  if (first.trials === 0 || second.trials === 0) return { difference, statistic: 0, pValue: 1 };
  const pooled = (first.successes + second.successes) / (first.trials + second.trials);
  const variance = pooled * (1 - pooled) * (1 / first.trials + 1 / second.trials);
  if (variance === 0) return { difference, statistic: 0, pValue: 1 };
  const statistic = difference / Math.sqrt(variance);
  return { difference, statistic, pValue: normalTwoSided(statistic) };
}

/**
 * Fisher's exact test on the 2×2 table [[a, b], [c, d]] (arm 1: a successes, b failures; arm 2: c, d),
 * two-sided the way R's `fisher.test` and scipy's `fisher_exact` compute it: the sum of the
 * probabilities of all tables with the same margins that are no more likely than the observed one.
 */
export function fisherExactTest(first: Proportion, second: Proportion): ProportionTest {
  const a = first.successes;
  const b = first.trials - first.successes;
  const c = second.successes;
  const d = second.trials - second.successes;
  const rate1 = first.trials > 0 ? a / first.trials : 0;
  const rate2 = second.trials > 0 ? c / second.trials : 0;
  const row1 = a + b;
  const column1 = a + c;
  const total = a + b + c + d;
  const logFactorials = [0];
  for (let n = 1; n <= total; n++) logFactorials.push((logFactorials[n - 1] as number) + Math.log(n));
  const lf = (n: number) => logFactorials[n] as number;
  const logProbability = (x: number) =>
    lf(row1) +
    lf(total - row1) +
    lf(column1) +
    lf(total - column1) -
    lf(total) -
    lf(x) -
    lf(row1 - x) -
    lf(column1 - x) -
    lf(total - row1 - column1 + x);
  const low = Math.max(0, column1 - (total - row1));
  const high = Math.min(row1, column1);
  const observed = logProbability(a);
  let pValue = 0;
  for (let x = low; x <= high; x++) {
    const logP = logProbability(x);
    // R's relative tolerance: tables as likely as the observed one (up to rounding) count.
    if (logP <= observed + Math.log1p(1e-7)) pValue += Math.exp(logP);
  }
  return { difference: rate1 - rate2, statistic: a, pValue: Math.min(1, pValue) };
}
