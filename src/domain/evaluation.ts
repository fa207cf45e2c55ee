/**
 * The evaluation harness's pure half (docs/self-improvement.md, "Evaluation"): a fixed task set with
 * programmatic graders, split into a tuned set (what an operator or the loop may look at while
 * tuning) and a held-out set (never looked at while tuning), and the report that keeps the two apart.
 */

/** A programmatic check of one answer. */
export type EvaluationCheck =
  /** Each section starts a line (a heading or `Name:`), case-insensitive. */
  | { kind: 'sections'; sections: string[] }
  /** Each fact appears in the answer as whole words, case-insensitive. */
  | { kind: 'facts'; facts: string[] }
  /** At least `min` bulleted (`-`, `*`, `•`) or numbered (`1.`, `1)`) lines. */
  | { kind: 'list'; style: 'bulleted' | 'numbered'; min: number }
  /** The answer is at most this long. */
  | { kind: 'length'; maxChars: number };

export type EvaluationSplit = 'tuned' | 'held-out';

export interface EvaluationTask {
  id: string;
  split: EvaluationSplit;
  title: string;
  description: string;
  /** Says what is wanted without giving the graded facts away. */
  acceptanceCriteria: string;
  checks: EvaluationCheck[];
}

export interface CheckResult {
  check: EvaluationCheck['kind'];
  ok: boolean;
  detail: string;
}

export interface TaskGrade {
  taskId: string;
  split: EvaluationSplit;
  passed: boolean;
  checks: CheckResult[];
  /** The answer's beginning (the ledger keeps the whole), or why there was none. */
  excerpt: string;
  costUsd: number;
}

export interface SplitFigures {
  tasks: number;
  passed: number;
  /** passed / tasks; 0 for an empty split. */
  passRate: number;
  /** Checks passed over checks run: partial credit the pass rate does not show. */
  checksPassed: number;
  checks: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function runCheck(check: EvaluationCheck, answer: string): CheckResult {
  switch (check.kind) {
    case 'sections': {
      const missing = check.sections.filter(
        (section) => !new RegExp(`^[\\s>#*_-]*${escape(section)}\\b`, 'im').test(answer),
      );
      return {
        check: 'sections',
        ok: missing.length === 0,
        detail: missing.length === 0 ? `has ${check.sections.join(', ')}` : `missing section ${missing.join(', ')}`,
      };
    }
    case 'facts': {
      // Whole words: "red" must not be found in "answered".
      const missing = check.facts.filter((fact) => !new RegExp(`\\b${escape(fact)}\\b`, 'i').test(answer));
      return {
        check: 'facts',
        ok: missing.length === 0,
        detail: missing.length === 0 ? `states ${check.facts.join(', ')}` : `does not state ${missing.join(', ')}`,
      };
    }
    case 'list': {
      const pattern = check.style === 'bulleted' ? /^\s*[-*•]\s+\S/ : /^\s*\d{1,2}[.)]\s+\S/;
      const lines = answer.split('\n').filter((line) => pattern.test(line)).length;
      return {
        check: 'list',
        ok: lines >= check.min,
        detail: `${lines} ${check.style} lines (at least ${check.min})`,
      };
    }
    case 'length':
      return {
        check: 'length',
        ok: answer.length <= check.maxChars,
        detail: `${answer.length} characters (at most ${check.maxChars})`,
      };
  }
}

/** Grades one answer: it passes when every check passes. */
export function gradeAnswer(task: EvaluationTask, answer: string, costUsd = 0): TaskGrade {
  const checks = task.checks.map((check) => runCheck(check, answer));
  return {
    taskId: task.id,
    split: task.split,
    passed: checks.every((check) => check.ok),
    checks,
    excerpt: answer.replace(/\s+/g, ' ').trim().slice(0, 240),
    costUsd,
  };
}

/** A task that produced no answer (the model's output stayed unusable, or the step failed) fails every check. */
export function ungraded(task: EvaluationTask, why: string): TaskGrade {
  return {
    taskId: task.id,
    split: task.split,
    passed: false,
    checks: task.checks.map((check) => ({ check: check.kind, ok: false, detail: `no answer: ${why}` })),
    excerpt: `no answer: ${why}`.slice(0, 240),
    costUsd: 0,
  };
}

/** Figures of one split; the tuned and held-out figures are never pooled. */
export function splitFigures(grades: readonly TaskGrade[], split: EvaluationSplit): SplitFigures {
  const mine = grades.filter((grade) => grade.split === split);
  const passed = mine.filter((grade) => grade.passed).length;
  const checks = mine.flatMap((grade) => grade.checks);
  return {
    tasks: mine.length,
    passed,
    passRate: mine.length > 0 ? passed / mine.length : 0,
    checksPassed: checks.filter((check) => check.ok).length,
    checks: checks.length,
  };
}
