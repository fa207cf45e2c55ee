import { describe, expect, it } from 'vitest';
import { reportHeld } from '../../src/domain/task-reports.ts';
import { taskStatuses } from '../../src/domain/task-state.ts';

describe('which status changes a task reports to its company', () => {
  it('holds ASSIGNED only: the IN_PROGRESS that follows it at once carries the assignee', () => {
    expect(taskStatuses.filter((status) => reportHeld({ status }))).toEqual(['ASSIGNED']);
  });
});
