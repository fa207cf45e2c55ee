import { describe, expect, it } from 'vitest';
import type { CompanyView, TaskView } from '../../src/client/types.ts';
import { formatUsd, renderTaskTree, subtree } from '../../src/cli/output.ts';
import { progressDisplay } from '../../src/cli/progress.ts';

function task(id: string, parentId: string | null, overrides: Partial<TaskView> = {}): TaskView {
  return {
    id,
    parentId,
    title: `Task ${id}`,
    status: 'IN_PROGRESS',
    assignee: 'cto',
    reviewer: null,
    costUsd: 0,
    ...overrides,
  };
}

function company(tasks: TaskView[]): CompanyView {
  return { id: 'acme', name: 'Acme', status: 'RUNNING', budget: { limitUsd: 10, spentUsd: 0.5 }, agents: [], tasks };
}

describe('formatUsd', () => {
  it('shows cents for dollars and four decimals for sub-dollar amounts', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00421)).toBe('$0.0042');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(-2)).toBe('-$2.00');
  });
});

describe('renderTaskTree', () => {
  it('indents children under their parents with status, assignee, reviewer and cost', () => {
    const lines = renderTaskTree([
      task('t1', null, { assignee: 'ceo', reviewer: 'cto', status: 'BLOCKED', costUsd: 0.01 }),
      task('t2', 't1', { status: 'COMPLETED', reviewer: 'ceo' }),
      task('t3', 't1'),
      task('t4', 't2', { assignee: 'junior-engineer', reviewer: 'cto' }),
    ]);
    expect(lines).toEqual([
      '[BLOCKED] Task t1 (t1) · ceo, reviewer cto · $0.0100',
      '├─ [COMPLETED] Task t2 (t2) · cto, reviewer ceo · $0.00',
      '│  └─ [IN_PROGRESS] Task t4 (t4) · junior-engineer, reviewer cto · $0.00',
      '└─ [IN_PROGRESS] Task t3 (t3) · cto · $0.00',
    ]);
  });

  it('shows every task once even when a parent is missing or parents form a cycle', () => {
    const lines = renderTaskTree([task('a', 'missing'), task('b', 'c'), task('c', 'b')]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[IN_PROGRESS\] Task a/);
  });
});

describe('subtree', () => {
  it('keeps the goal and its descendants only', () => {
    const tasks = [task('g1', null), task('g2', null), task('c1', 'g1'), task('c2', 'g2'), task('d1', 'c1')];
    expect(subtree(tasks, 'g1').map((each) => each.id)).toEqual(['g1', 'c1', 'd1']);
  });
});

describe('progress on a non-terminal', () => {
  it('prints only tasks whose status, assignee or reviewer changed', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const display = progressDisplay(stream, 't1');
    display.update(company([task('t1', null, { status: 'CREATED' })]));
    display.update(company([task('t1', null, { status: 'CREATED', costUsd: 0.2 }), task('t2', 't1')]));
    display.update(company([task('t1', null, { status: 'BLOCKED' }), task('t2', 't1'), task('x', null)]));
    expect(written.map((line) => line.split(' ·')[0])).toEqual([
      '[CREATED] Task t1 (t1)',
      '[IN_PROGRESS] Task t2 (t2)',
      '[BLOCKED] Task t1 (t1)',
    ]);
  });

  it("prints a task's second approval request whole, answer line included", () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const display = progressDisplay(stream, 't1');
    const answer = '  answer: synthorg approve co t1   or   synthorg deny co t1 --reason "<why>"';
    display.update(company([task('t1', null)]), ['waiting for an approval: a wants to publish (task t1)', answer]);
    display.update(company([task('t1', null)]), ['waiting for an approval: a wants to run_code (task t1)', answer]);
    expect(written.filter((line) => line.startsWith('  answer:'))).toHaveLength(2);
  });

  it('redraws the tree in place on a terminal only when it changed', () => {
    const written: string[] = [];
    const stream = {
      isTTY: true,
      columns: 80,
      write: (text: string) => written.push(text),
    } as unknown as NodeJS.WriteStream;
    const display = progressDisplay(stream, 't1');
    display.update(company([task('t1', null)]));
    display.update(company([task('t1', null)]));
    display.update(company([task('t1', null, { status: 'COMPLETED' })]));
    expect(written).toHaveLength(3);
    expect(written[1]).toBe('\x1b[2F\x1b[0J');
    expect(written[2]).toMatch(/^\[COMPLETED\] Task t1/);
  });
});
