import { fisherExactTest } from './stats/proportions.ts';
import { mannWhitneyUTest, welchTTest } from './stats/means.ts';
import { normalTwoSided } from './stats/special-functions.ts';

/** What one arm of a rollout did, over the goals assigned to it since the rollout started. */
export interface ArmMetrics {
  /** Goals (root tasks) assigned to the arm, finished or not. */
  assigned: number;
  /** Goals that ended (COMPLETED, FAILED or CANCELLED). */
  finished: number;
  completed: number;
  failed: number;
  /** Reviewed tasks of the arm's goal trees (any depth), and those approved at their first review. */
  reviewed: number;
  firstReviewPassed: number;
  /** Per completed goal: its cost (USD, subtasks included), model steps, and wall time (ms). */
  costs: number[];
  steps: number[];
  latenciesMs: number[];
}

/** Goals assigned while the candidate share was `percent`, and how many went to the candidate. */
export interface AssignmentCount {
  percent: number;
  assigned: number;
  candidate: number;
}

export interface RolloutMetrics {
  candidate: ArmMetrics;
  baseline: ArmMetrics;
  assignments: AssignmentCount[];
}

/** How much worse the candidate may be before a significant difference counts as a regression. */
export interface GateThresholds {
  /** Significance level of each comparison. */
  alpha: number;
  /** Largest tolerated drop of the first-review pass rate (absolute, 0.05 = five points). */
  maxPassRateDrop: number;
  /** Largest tolerated rise of the failure rate (absolute). */
  maxFailureRateRise: number;
  /** Largest tolerated rise of mean cost, steps and median latency (relative, 0.25 = 25%). */
  maxCostRise: number;
  maxStepsRise: number;
  maxLatencyRise: number;
  /** Significance level of the sample-ratio check (assignment drift between the arms). */
  assignmentAlpha: number;
}

export const defaultGateThresholds: GateThresholds = {
  alpha: 0.05,
  maxPassRateDrop: 0.05,
  maxFailureRateRise: 0.05,
  maxCostRise: 0.25,
  maxStepsRise: 0.25,
  maxLatencyRise: 0.5,
  assignmentAlpha: 0.001,
};

/** Problems with gate thresholds given by an operator, each naming the field; empty when fine. */
export function thresholdIssues(thresholds: Partial<GateThresholds> | undefined): string[] {
  if (thresholds === undefined) return [];
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds))
    return [`thresholds: an object of ${Object.keys(defaultGateThresholds).join(', ')}`];
  const issues: string[] = [];
  for (const [key, value] of Object.entries(thresholds)) {
    if (!(key in defaultGateThresholds)) {
      issues.push(`thresholds.${key}: not a threshold (known: ${Object.keys(defaultGateThresholds).join(', ')})`);
    } else if (key === 'alpha' || key === 'assignmentAlpha') {
      if (typeof value !== 'number' || !(value > 0 && value < 1))
        issues.push(`thresholds.${key}: a significance level between 0 and 1, got ${String(value)}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      issues.push(`thresholds.${key}: a number of at least 0, got ${String(value)}`);
    }
  }
  return issues;
}

export interface MetricComparison {
  metric: 'firstReviewPassRate' | 'failureRate' | 'costPerCompleted' | 'stepsPerCompleted' | 'latencyMs';
  test: 'fisher-exact' | 'welch-t' | 'mann-whitney-u';
  candidate: number;
  baseline: number;
  /** Candidate minus baseline. */
  delta: number;
  pValue: number;
  /** Worse beyond its threshold and significant at alpha. */
  regression: boolean;
}

export type GateVerdictKind = 'insufficient' | 'regression' | 'assignment-drift' | 'pass';

export interface GateVerdict {
  kind: GateVerdictKind;
  reason: string;
  samples: { candidate: number; baseline: number };
  comparisons: MetricComparison[];
  /** Sample-ratio check: observed candidate goals against the stages' shares. */
  assignment?: { expectedCandidate: number; observedCandidate: number; pValue: number };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const mean = (values: readonly number[]) =>
  values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
const median = (values: readonly number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const relativeRise = (candidate: number, baseline: number) =>
  baseline > 0 ? (candidate - baseline) / baseline : candidate > 0 ? Infinity : 0;

/**
 * Compares the candidate with the baseline over the same period. Both arms need `minSamples`
 * finished goals before anything is decided; then any metric significantly worse beyond its
 * threshold is a regression. Before that, a sample-ratio check catches assignments that drift from
 * the stages' shares (a broken assignment makes every comparison meaningless).
 */
export function evaluateGate(
  metrics: RolloutMetrics,
  minSamples: number,
  thresholds: GateThresholds = defaultGateThresholds,
): GateVerdict {
  const { candidate, baseline } = metrics;
  const samples = { candidate: candidate.finished, baseline: baseline.finished };
  const assignment = assignmentCheck(metrics.assignments);
  if (assignment && assignment.pValue < thresholds.assignmentAlpha) {
    return {
      kind: 'assignment-drift',
      reason:
        `assignment drifted from the stages' shares: ${assignment.observedCandidate} candidate goals where ` +
        `${assignment.expectedCandidate.toFixed(1)} were expected (p = ${assignment.pValue.toExponential(2)})`,
      samples,
      comparisons: [],
      assignment,
    };
  }
  if (candidate.finished < minSamples || baseline.finished < minSamples) {
    return {
      kind: 'insufficient',
      reason: `too few finished goals: candidate ${candidate.finished}, baseline ${baseline.finished}, need ${minSamples} each`,
      samples,
      comparisons: [],
      ...(assignment ? { assignment } : {}),
    };
  }
  const comparisons = compareArms(candidate, baseline, thresholds);
  const regressions = comparisons.filter((comparison) => comparison.regression);
  if (regressions.length > 0) {
    return {
      kind: 'regression',
      reason: regressions
        .map(
          (comparison) =>
            `${comparison.metric} ${format(comparison.candidate)} vs ${format(comparison.baseline)} ` +
            `(${comparison.test}, p = ${comparison.pValue.toPrecision(3)})`,
        )
        .join('; '),
      samples,
      comparisons,
      ...(assignment ? { assignment } : {}),
    };
  }
  return {
    kind: 'pass',
    reason: `no significant regression with ${candidate.finished} candidate and ${baseline.finished} baseline goals`,
    samples,
    comparisons,
    ...(assignment ? { assignment } : {}),
  };
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}

/** One metric's comparison; `worse` says whether the candidate is worse than the baseline beyond the threshold. */
function compared(
  metric: MetricComparison['metric'],
  test: MetricComparison['test'],
  candidate: number,
  baseline: number,
  pValue: number,
  worse: boolean,
  alpha: number,
): MetricComparison {
  return {
    metric,
    test,
    candidate,
    baseline,
    delta: candidate - baseline,
    pValue,
    regression: worse && pValue < alpha,
  };
}

function compareArms(candidate: ArmMetrics, baseline: ArmMetrics, thresholds: GateThresholds): MetricComparison[] {
  const { alpha } = thresholds;
  const comparisons: MetricComparison[] = [];
  if (candidate.reviewed > 0 && baseline.reviewed > 0) {
    const { pValue } = fisherExactTest(
      { successes: candidate.firstReviewPassed, trials: candidate.reviewed },
      { successes: baseline.firstReviewPassed, trials: baseline.reviewed },
    );
    const candidateRate = rate(candidate.firstReviewPassed, candidate.reviewed);
    const baselineRate = rate(baseline.firstReviewPassed, baseline.reviewed);
    const worse = baselineRate - candidateRate > thresholds.maxPassRateDrop;
    comparisons.push(
      compared('firstReviewPassRate', 'fisher-exact', candidateRate, baselineRate, pValue, worse, alpha),
    );
  }
  const failure = fisherExactTest(
    { successes: candidate.failed, trials: candidate.finished },
    { successes: baseline.failed, trials: baseline.finished },
  );
  const candidateFailure = rate(candidate.failed, candidate.finished);
  const baselineFailure = rate(baseline.failed, baseline.finished);
  const moreFailures = candidateFailure - baselineFailure > thresholds.maxFailureRateRise;
  comparisons.push(
    compared('failureRate', 'fisher-exact', candidateFailure, baselineFailure, failure.pValue, moreFailures, alpha),
  );
  const welch = (
    metric: 'costPerCompleted' | 'stepsPerCompleted',
    left: number[],
    right: number[],
    maxRise: number,
  ) => {
    const [candidateMean, baselineMean] = [mean(left), mean(right)];
    const worse = relativeRise(candidateMean, baselineMean) > maxRise;
    return compared(metric, 'welch-t', candidateMean, baselineMean, welchTTest(left, right).pValue, worse, alpha);
  };
  comparisons.push(welch('costPerCompleted', candidate.costs, baseline.costs, thresholds.maxCostRise));
  comparisons.push(welch('stepsPerCompleted', candidate.steps, baseline.steps, thresholds.maxStepsRise));
  const latency = mannWhitneyUTest(candidate.latenciesMs, baseline.latenciesMs);
  const candidateLatency = median(candidate.latenciesMs);
  const baselineLatency = median(baseline.latenciesMs);
  const slower = relativeRise(candidateLatency, baselineLatency) > thresholds.maxLatencyRise;
  comparisons.push(
    compared('latencyMs', 'mann-whitney-u', candidateLatency, baselineLatency, latency.pValue, slower, alpha),
  );
  return comparisons;
}

/** Observed candidate goals against Σ assigned × share, as a normal approximation of the binomial sum. */
function assignmentCheck(
  counts: readonly AssignmentCount[],
): { expectedCandidate: number; observedCandidate: number; pValue: number } | undefined {
  let expected = 0;
  let variance = 0;
  let observed = 0;
  for (const count of counts) {
    const share = count.percent / 100;
    expected += count.assigned * share;
    variance += count.assigned * share * (1 - share);
    observed += count.candidate;
  }
  if (variance === 0) return undefined;
  return {
    expectedCandidate: expected,
    observedCandidate: observed,
    pValue: normalTwoSided((observed - expected) / Math.sqrt(variance)),
  };
}
