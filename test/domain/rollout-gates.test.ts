import { describe, expect, it } from 'vitest';
import type { ArmMetrics, AssignmentCount, RolloutMetrics } from '../../src/domain/rollout-gates.ts';
import { evaluateGate, thresholdIssues } from '../../src/domain/rollout-gates.ts';
import { armFor, rolloutBucket, stageIssues } from '../../src/domain/rollout.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';

interface ArmBehaviour {
  passRate: number;
  failRate: number;
  meanCost: number;
  meanSteps: number;
  meanLatencyMs: number;
}

/** A synthetic stream of finished goals for one arm, drawn from `behaviour` with a seeded generator. */
function arm(goals: number, behaviour: ArmBehaviour, seed: number): ArmMetrics {
  const random = seededRandom(seed);
  const metrics: ArmMetrics = {
    assigned: goals,
    finished: goals,
    completed: 0,
    failed: 0,
    reviewed: goals,
    firstReviewPassed: 0,
    costs: [],
    steps: [],
    latenciesMs: [],
  };
  for (let goal = 0; goal < goals; goal++) {
    if (random() < behaviour.passRate) metrics.firstReviewPassed++;
    if (random() < behaviour.failRate) {
      metrics.failed++;
      continue;
    }
    metrics.completed++;
    metrics.costs.push(behaviour.meanCost * (0.7 + 0.6 * random()));
    metrics.steps.push(Math.round(behaviour.meanSteps * (0.6 + 0.8 * random())));
    metrics.latenciesMs.push(behaviour.meanLatencyMs * (0.5 + random()));
  }
  return metrics;
}

const baselineBehaviour: ArmBehaviour = {
  passRate: 0.75,
  failRate: 0.05,
  meanCost: 0.01,
  meanSteps: 4,
  meanLatencyMs: 5_000,
};

/** Assignments that follow a 50% stage exactly as the hash would. */
function assignments(candidate: number, baseline: number, percent = 50): AssignmentCount[] {
  return [{ percent, assigned: candidate + baseline, candidate }];
}

function metrics(candidate: ArmMetrics, baseline: ArmMetrics, percent = 50): RolloutMetrics {
  return { candidate, baseline, assignments: assignments(candidate.assigned, baseline.assigned, percent) };
}

describe('rollout gates on synthetic streams', () => {
  it('a clear win passes, with every comparison in the candidate’s favour or not significant', () => {
    const candidate = arm(120, { ...baselineBehaviour, passRate: 0.95, meanCost: 0.008 }, 1);
    const baseline = arm(120, baselineBehaviour, 2);
    const verdict = evaluateGate(metrics(candidate, baseline), 30);
    expect(verdict.kind).toBe('pass');
    const pass = verdict.comparisons.find((comparison) => comparison.metric === 'firstReviewPassRate');
    expect(pass?.delta).toBeGreaterThan(0.1);
    expect(pass?.pValue).toBeLessThan(0.01);
    expect(verdict.comparisons.every((comparison) => !comparison.regression)).toBe(true);
  });

  it('a clear regression is found, named with its numbers', () => {
    const candidate = arm(60, { ...baselineBehaviour, failRate: 0.4, meanCost: 0.02 }, 3);
    const baseline = arm(60, baselineBehaviour, 4);
    const verdict = evaluateGate(metrics(candidate, baseline), 30);
    expect(verdict.kind).toBe('regression');
    const regressed = verdict.comparisons.filter((comparison) => comparison.regression).map((c) => c.metric);
    expect(regressed).toContain('failureRate');
    expect(regressed).toContain('costPerCompleted');
    expect(verdict.reason).toMatch(/failureRate 0\.\d+ vs 0\.\d+ \(fisher-exact, p = /);
  });

  it('too few samples decide nothing, however bad the candidate looks', () => {
    const candidate = arm(4, { ...baselineBehaviour, failRate: 1 }, 5);
    const baseline = arm(40, baselineBehaviour, 6);
    const verdict = evaluateGate(metrics(candidate, baseline, 10), 10);
    expect(verdict.kind).toBe('insufficient');
    expect(verdict.reason).toContain('candidate 4');
  });

  it('the same stream with a small difference is not called a regression', () => {
    const candidate = arm(50, { ...baselineBehaviour, passRate: 0.72 }, 7);
    const baseline = arm(50, baselineBehaviour, 8);
    expect(evaluateGate(metrics(candidate, baseline), 30).kind).toBe('pass');
  });

  it('drift common to both arms (a harder week for everyone) is no regression: the arms share the period', () => {
    const harder = { ...baselineBehaviour, passRate: 0.5, failRate: 0.2, meanLatencyMs: 9_000 };
    const candidate = arm(80, harder, 9);
    const baseline = arm(80, harder, 10);
    expect(evaluateGate(metrics(candidate, baseline), 30).kind).toBe('pass');
  });

  it('assignment drift between the arms (sample ratio mismatch) stops the rollout before any metric is read', () => {
    const candidate = arm(30, baselineBehaviour, 11);
    const baseline = arm(170, baselineBehaviour, 12);
    // 200 goals at a 50% share put 30 in the candidate arm: the assignment is broken.
    const verdict = evaluateGate(metrics(candidate, baseline, 50), 30);
    expect(verdict.kind).toBe('assignment-drift');
    expect(verdict.assignment?.expectedCandidate).toBe(100);
  });

  it('the hash assignment follows the stage share and keeps candidate goals in the candidate arm', () => {
    const buckets = Array.from({ length: 2_000 }, (_, index) => rolloutBucket('acme', 3, `t${index + 1}`));
    const atTen = buckets.filter((bucket) => armFor(bucket, 10) === 'candidate').length;
    expect(atTen).toBeGreaterThan(150);
    expect(atTen).toBeLessThan(250);
    for (const bucket of buckets) if (armFor(bucket, 10) === 'candidate') expect(armFor(bucket, 50)).toBe('candidate');
    // The sample-ratio check accepts what the hash really assigns.
    const counts: AssignmentCount[] = [{ percent: 10, assigned: 2_000, candidate: atTen }];
    const even = arm(40, baselineBehaviour, 13);
    expect(evaluateGate({ candidate: even, baseline: even, assignments: counts }, 10).kind).toBe('pass');
  });

  it('stage lists are checked field by field', () => {
    expect(
      stageIssues([
        { percent: 10, minSamples: 5, maxDuration: '1h' },
        { percent: 100, minSamples: 5, maxDuration: '1h' },
      ]),
    ).toEqual([]);
    expect(
      stageIssues([
        { percent: 50, minSamples: 0, maxDuration: 'soon' },
        { percent: 20, minSamples: 5, maxDuration: '1h' },
      ]),
    ).toEqual([
      'stages[0].minSamples: a whole number of at least 1, got 0',
      'stages[0].maxDuration: a duration such as 30m or 2h, got soon',
      'stages[1].percent: stages must grow (50 then 20)',
      'stages[1].percent: the last stage must be 100',
    ]);
  });

  it('names every bad gate threshold by its field', () => {
    expect(thresholdIssues(undefined)).toEqual([]);
    expect(thresholdIssues({ maxLatencyRise: 3, alpha: 0.01 })).toEqual([]);
    expect(thresholdIssues({ alpha: 0, assignmentAlpha: 1, maxCostRise: -1, maxStepsRise: Number.NaN })).toEqual([
      'thresholds.alpha: a significance level between 0 and 1, got 0',
      'thresholds.assignmentAlpha: a significance level between 0 and 1, got 1',
      'thresholds.maxCostRise: a number of at least 0, got -1',
      'thresholds.maxStepsRise: a number of at least 0, got NaN',
    ]);
    expect(thresholdIssues({ latency: 1 } as never)[0]).toMatch(
      /^thresholds\.latency: not a threshold \(known: alpha,/,
    );
    expect(thresholdIssues([] as never)[0]).toMatch(/^thresholds: an object of alpha/);
  });
});
