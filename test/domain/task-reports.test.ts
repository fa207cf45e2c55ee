import { describe, expect, it } from 'vitest';
import { reportNeeded, sentTaskReport } from '../../src/domain/task-reports.ts';
import type { PendingApproval, TaskSummary } from '../../src/domain/types.ts';

const refreshMs = 60_000;
const task = (overrides: Partial<TaskSummary> = {}): TaskSummary => ({
  id: 't1',
  parentId: null,
  title: 'Sort the inbox',
  status: 'ASSIGNED',
  assignee: 'boss',
  reviewer: null,
  costUsd: 0,
  ownCostUsd: 0,
  ...overrides,
});
const approval: PendingApproval = {
  taskId: 't1',
  agentId: 'boss',
  action: 'run_code',
  requestedAt: '2026-12-02T10:00:00Z',
};

describe('which status changes a task reports to its company', () => {
  it('always sends the first report and an ending', () => {
    expect(reportNeeded(undefined, task(), null, 0, refreshMs)).toBe(true);
    const last = sentTaskReport(task({ status: 'IN_PROGRESS' }), null, 0);
    for (const status of ['COMPLETED', 'FAILED', 'CANCELLED'] as const) {
      expect(reportNeeded(last, task({ status }), null, 1, refreshMs)).toBe(true);
    }
  });

  it('holds a move between working states that changes nothing the company acts on', () => {
    const last = sentTaskReport(task(), null, 0);
    expect(
      reportNeeded(last, task({ status: 'IN_PROGRESS', costUsd: 0.01, ownCostUsd: 0.01 }), null, 5_000, refreshMs),
    ).toBe(false);
    // …until the view is a refresh old.
    expect(reportNeeded(last, task({ status: 'IN_PROGRESS' }), null, refreshMs, refreshMs)).toBe(true);
  });

  it('sends a new assignee or reviewer (shift routing and firing handovers read them)', () => {
    const last = sentTaskReport(task({ status: 'IN_PROGRESS' }), null, 0);
    expect(reportNeeded(last, task({ assignee: 'worker' }), null, 1, refreshMs)).toBe(true);
    expect(reportNeeded(last, task({ status: 'IN_REVIEW', reviewer: 'boss' }), null, 1, refreshMs)).toBe(true);
  });

  it('sends an approval asked and answered, and every wait entered or left', () => {
    const working = sentTaskReport(task({ status: 'IN_PROGRESS' }), null, 0);
    expect(reportNeeded(working, task({ status: 'AWAITING_APPROVAL' }), approval, 1, refreshMs)).toBe(true);
    const waiting = sentTaskReport(task({ status: 'AWAITING_APPROVAL' }), approval, 0);
    expect(reportNeeded(waiting, task({ status: 'IN_PROGRESS' }), null, 1, refreshMs)).toBe(true);
    for (const status of ['BLOCKED', 'PARKED_BUDGET', 'WAITING_FOR_PROVIDER', 'WAITING_FOR_SHIFT'] as const) {
      expect(reportNeeded(working, task({ status, waitReason: 'why' }), null, 1, refreshMs)).toBe(true);
      expect(
        reportNeeded(sentTaskReport(task({ status }), null, 0), task({ status: 'IN_PROGRESS' }), null, 1, refreshMs),
      ).toBe(true);
    }
  });

  it('sends a new notice', () => {
    const last = sentTaskReport(task({ status: 'IN_PROGRESS' }), null, 0);
    expect(reportNeeded(last, task({ status: 'IN_REVIEW', notice: 'workspace left behind' }), null, 1, refreshMs)).toBe(
      true,
    );
  });
});
