import { describe, expect, it } from 'vitest';
import {
  fisherExactTest,
  mannWhitneyUTest,
  normalTwoSided,
  studentTwoSided,
  twoProportionZTest,
  welchTTest,
} from '../../src/domain/stats/index.ts';

// Reference values computed independently with scipy 1.17.1 (stats.fisher_exact, ttest_ind(equal_var=False),
// mannwhitneyu(method='asymptotic'), chi2_contingency(correction=False), t.sf, norm.sf); the sleep data is
// R's `sleep` data set, whose Welch test R's documentation shows as t = -1.8608, df = 17.776, p = 0.07939.
const sleepGroup1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleepGroup2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
const cheap = [0.012, 0.015, 0.011, 0.02, 0.013];
const dear = [0.03, 0.028, 0.025, 0.031, 0.027, 0.029, 0.033];

const close = (actual: number, expected: number, relative = 1e-5) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative + 1e-12);

describe('distribution tails', () => {
  it('match scipy for the normal and Student t', () => {
    close(normalTwoSided(1.96), 0.04999579029644087);
    close(normalTwoSided(3.1), 0.0019352064264367126);
    close(studentTwoSided(2.0, 5), 0.10193947882985835);
    close(studentTwoSided(1.3, 17.3), 0.21065565605258785);
  });
});

describe('Fisher exact test', () => {
  it('matches R and scipy on the tea-tasting table (p = 0.4857)', () => {
    close(fisherExactTest({ successes: 3, trials: 4 }, { successes: 1, trials: 4 }).pValue, 0.48571428571428565);
  });
  it('matches scipy on small and medium tables', () => {
    close(fisherExactTest({ successes: 0, trials: 3 }, { successes: 14, trials: 17 }).pValue, 0.01754385964912281);
    close(fisherExactTest({ successes: 7, trials: 12 }, { successes: 2, trials: 10 }).pValue, 0.09907120743034056);
    close(fisherExactTest({ successes: 40, trials: 50 }, { successes: 30, trials: 50 }).pValue, 0.04858163161294097);
  });
  it('is symmetric in the arms', () => {
    const one = fisherExactTest({ successes: 7, trials: 12 }, { successes: 2, trials: 10 });
    const other = fisherExactTest({ successes: 2, trials: 10 }, { successes: 7, trials: 12 });
    close(one.pValue, other.pValue, 1e-12);
    expect(one.difference).toBeCloseTo(-other.difference, 12);
  });
});

describe('two-proportion z-test', () => {
  it('matches the uncorrected chi-squared test (z² = X²) from scipy', () => {
    const first = twoProportionZTest({ successes: 45, trials: 100 }, { successes: 30, trials: 100 });
    close(first.statistic, 2.1908902300206643);
    close(first.pValue, 0.028459736916310638);
    const second = twoProportionZTest({ successes: 83, trials: 100 }, { successes: 90, trials: 100 });
    close(Math.abs(second.statistic), 1.4484653289031353);
    close(second.pValue, 0.1474869556891739);
  });
  it('gives no evidence for an empty arm or a rate of 0 or 1 in both', () => {
    expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 5, trials: 9 }).pValue).toBe(1);
    expect(twoProportionZTest({ successes: 4, trials: 4 }, { successes: 9, trials: 9 }).pValue).toBe(1);
  });
});

describe("Welch's t-test", () => {
  it("matches R's documented sleep example and scipy", () => {
    const result = welchTTest(sleepGroup1, sleepGroup2);
    close(result.statistic, -1.8608134674868526);
    close(result.degreesOfFreedom ?? 0, 17.776473516178488);
    close(result.pValue, 0.0793941401873583);
  });
  it('matches scipy on a clear cost difference', () => {
    const result = welchTTest(cheap, dear);
    close(result.statistic, -7.86611125110046);
    close(result.degreesOfFreedom ?? 0, 7.041939048832112);
    close(result.pValue, 9.83530410297637e-5, 1e-4);
  });
  it('needs two values per arm', () => {
    expect(welchTTest([1], [2, 3]).pValue).toBe(1);
  });
});

describe('Mann–Whitney U test', () => {
  it('matches scipy (asymptotic, tie and continuity corrected)', () => {
    const sleep = mannWhitneyUTest(sleepGroup1, sleepGroup2);
    expect(sleep.statistic).toBe(25.5);
    close(sleep.pValue, 0.06932757543362658);
    const cost = mannWhitneyUTest(cheap, dear);
    expect(cost.statistic).toBe(0);
    close(cost.pValue, 0.005766120914237261);
    expect(cost.difference).toBe(-1);
  });
});
