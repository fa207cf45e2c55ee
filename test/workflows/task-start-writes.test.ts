/**
 * The projection writes a task's start activity makes, as its reports see them (workflows/task-start.ts):
 * skipped when they are exactly the start's, and never written under the start's versions when the task went
 * another way (a cancelled or failed start). Pure: no server.
 */
import { describe, expect, it } from 'vitest';
import type { TaskEventInput } from '../../activities/records.ts';
import type { TaskStatus } from '../../src/domain/task-state.ts';
import { StartWrites, startEvents } from '../../workflows/task-start.ts';

const created: TaskEventInput = {
  companyId: 'acme',
  workflowId: 'company:acme:task:g-1',
  task: {
    id: 'g-1',
    parentId: null,
    title: 'Write the notes',
    status: 'CREATED',
    assignee: 'boss',
    reviewer: null,
    costUsd: 0,
    ownCostUsd: 0,
    version: 0,
  },
  description: 'notes',
  version: 0,
  event: 'task assigned',
  actor: 'boss',
};

/** The write a task's report makes at `version` with `status`, built as TaskRun builds it. */
const report = (status: TaskStatus, version: number, event: string): TaskEventInput => ({
  ...created,
  task: { ...created.task, status, version },
  version,
  event,
});

describe('the start’s projection writes', () => {
  it('are the task’s first two reports, which then write nothing', () => {
    const writes = new StartWrites();
    const events = writes.expect(startEvents(created));
    expect(events).toEqual([report('ASSIGNED', 1, 'task assigned'), report('IN_PROGRESS', 2, 'work started')]);
    expect(writes.wrote(report('ASSIGNED', 1, 'task assigned'))).toBe(true);
    expect(writes.wrote(report('IN_PROGRESS', 2, 'work started'))).toBe(true);
    // The task's later reports are its own, at their own versions.
    expect(writes.wrote(report('COMPLETED', 3, 'done'))).toBe(false);
    expect(writes.versionFrom(3)).toBe(3);
  });

  it('a task cancelled during its start writes above the versions the start may have written', () => {
    const writes = new StartWrites();
    writes.expect(startEvents(created));
    expect(writes.wrote(report('CANCELLED', 1, 'cancelled by operator'))).toBe(false);
    expect(writes.versionFrom(1)).toBe(3);
    // Once the expectation is gone, nothing else is taken for the start's.
    expect(writes.wrote(report('IN_PROGRESS', 2, 'work started'))).toBe(false);
  });

  it('a start that wrote nothing (a shift roster) leaves the task’s versions alone', () => {
    const writes = new StartWrites();
    writes.expect([]);
    expect(writes.wrote(report('ASSIGNED', 1, 'task assigned'))).toBe(false);
    expect(writes.versionFrom(1)).toBe(1);
  });
});
