import { describe, expect, it } from 'vitest';
import { evaluationTasks } from '../../src/domain/evaluation-tasks.ts';
import { gradeAnswer, splitFigures, ungraded } from '../../src/domain/evaluation.ts';
import type { EvaluationTask } from '../../src/domain/evaluation.ts';

const task = (id: string): EvaluationTask => {
  const found = evaluationTasks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};

describe('evaluation graders', () => {
  it('facts are whole words, case-insensitive', () => {
    expect(gradeAnswer(task('tuned-colours'), 'Red, GREEN and blue.').passed).toBe(true);
    expect(gradeAnswer(task('tuned-colours'), 'I answered: green and blue').checks[0]?.detail).toBe(
      'does not state red',
    );
    expect(gradeAnswer(task('held-out-water'), 'It is H2O.').passed).toBe(true);
  });

  it('sections start a line (heading, bold or label); lists count their lines; length caps', () => {
    const report = '## Summary\nMoved.\n**Next steps:** verify';
    expect(gradeAnswer(task('tuned-status'), report).passed).toBe(true);
    expect(gradeAnswer(task('tuned-status'), 'The summary and next steps follow.').checks[0]?.ok).toBe(false);
    expect(gradeAnswer(task('tuned-status'), `Summary\nNext steps\n${'x'.repeat(1200)}`).checks[1]).toMatchObject({
      check: 'length',
      ok: false,
    });
    expect(gradeAnswer(task('tuned-review-benefits'), '- a\n* b\n• c').passed).toBe(true);
    expect(gradeAnswer(task('held-out-password'), '1. a\n2) b').checks[0]?.detail).toBe(
      '2 numbered lines (at least 3)',
    );
  });

  it('keeps tuned and held-out figures apart, and a missing answer fails every check', () => {
    const grades = [
      gradeAnswer(task('tuned-capital'), 'Paris'),
      gradeAnswer(task('tuned-colours'), 'red'),
      ungraded(task('held-out-planet'), 'unusable output'),
    ];
    expect(splitFigures(grades, 'tuned')).toEqual({ tasks: 2, passed: 1, passRate: 0.5, checksPassed: 1, checks: 2 });
    expect(splitFigures(grades, 'held-out')).toEqual({ tasks: 1, passed: 0, passRate: 0, checksPassed: 0, checks: 1 });
    expect(evaluationTasks.filter((candidate) => candidate.split === 'held-out')).toHaveLength(4);
  });
});
