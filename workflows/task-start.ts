import { patched, proxyActivities } from '@temporalio/workflow';
import type { TaskEventInput } from '../activities/records.ts';
import type { createTaskStartActivities } from '../activities/task-start.ts';
import type { TranscriptEntry } from '../src/domain/agent-action.ts';
import type { TaskStatus } from '../src/domain/task-state.ts';
import { channelInboxNotes, channelInboxPatch, channelNotes, inboxLimit } from './channels.ts';
import {
  applyConfiguration,
  bookkeepingActivityOptions,
  configVersionsPatch,
  configureTask,
  taskConfigurationRequest,
} from './configured-task.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import { beginTaskOnce } from './task-start-local.ts';

type TaskStartActivities = ReturnType<typeof createTaskStartActivities>;

const { beginTask } = proxyActivities<TaskStartActivities>(bookkeepingActivityOptions);

/**
 * Versioning (docs/faults-and-load-rounds.md, "Sixth round: the task's start"): a task starts with one activity
 * (configuration version, channel inbox, first projection rows) instead of two in sequence and two
 * projection writes. A run that takes this patch started after every patch declared before it, so its
 * code does not ask for those (`TaskRun.startsInOne`): their markers are not written.
 */
export const taskStartPatch = 'task-start-in-one';

/** The audit events of a task's first two status changes (ASSIGNED, then IN_PROGRESS). */
export const assignedEvent = 'task assigned';
export const workStartedEvent = 'work started';

/** The task's first two status changes (ASSIGNED, IN_PROGRESS) as its reports will write them, from the write of its state now. */
export function startEvents(now: TaskEventInput): TaskEventInput[] {
  const at = (status: TaskStatus, event: string, version: number): TaskEventInput => ({
    ...now,
    task: { ...now.task, status, version },
    version,
    event,
  });
  return [at('ASSIGNED', assignedEvent, now.version + 1), at('IN_PROGRESS', workStartedEvent, now.version + 2)];
}

/** What the start needs of the task it starts (workflows/agent-task.ts). */
export interface TaskStartHooks {
  /** Notes the agent reads first (the channel inbox). */
  note(entries: TranscriptEntry[]): void;
  /**
   * The projection writes of the task's first status changes exactly as its own reports would make them,
   * or none when something may come between (routing to an agent on duty may change the assignee).
   */
  startEvents(): TaskEventInput[];
  /** Projection writes made by the start, which the task's reports then skip. */
  readonly startWrites: StartWrites;
}

/**
 * Puts the task under its configuration version and gives the agent its channel inbox: on the old path
 * (runs started before `task-start-in-one`) two activities in sequence, as their histories recorded them;
 * on the new path one activity that also writes the task's first status changes.
 */
export async function startTask(input: AgentTaskInput, startsInOne: boolean, task: TaskStartHooks): Promise<void> {
  if (!startsInOne) {
    // The configuration version (docs/self-improvement.md) shapes the company snapshot the run reads.
    if (patched(configVersionsPatch)) await configureTask(input);
    // Partners' channel messages (workflows/channels.ts) are what the agent reads first.
    if (patched(channelInboxPatch)) task.note(await channelInboxNotes(input));
    return;
  }
  const begun = await beginTaskOnce(
    {
      ...taskConfigurationRequest(input),
      // Subtasks get what their parent passes on.
      inboxLimit: input.parentId === null ? inboxLimit : 0,
      events: task.startWrites.expect(task.startEvents()),
    },
    task.startWrites,
    beginTask,
  );
  applyConfiguration(input, begun.configuration);
  task.note(channelNotes(begun.inbox));
}

/**
 * The projection writes the start activity made. The task's reports skip a write the start made, in
 * order; when the task goes another way (cancelled or failed during its start), its next write takes a
 * version above theirs, so a row the start may have written never hides the task's real status.
 */
export class StartWrites {
  private pending: TaskEventInput[] = [];
  private through = 0;
  /** The version of the start's report the company has heard from the start itself (workflows/task-start-local.ts). */
  private told: number | undefined;

  /** Notes the writes the start makes; returns them. */
  expect(events: TaskEventInput[]): TaskEventInput[] {
    this.pending = [...events];
    this.through = Math.max(this.through, ...events.map((event) => event.version));
    return events;
  }

  /** Whether the start wrote exactly this event (its next expected one); any other ends the expectation. */
  wrote(event: TaskEventInput): boolean {
    const next = this.pending.shift();
    if (next !== undefined && JSON.stringify(next) === JSON.stringify(event)) return true;
    this.pending = [];
    return false;
  }

  /** Notes the version of the report the start told the company (undefined: none). */
  toldCompany(version: number | undefined): void {
    this.told = version;
  }

  /** Whether the company heard this report from the start: true only for a write the start made, of that version. */
  toldOf(written: boolean, version: number): boolean {
    return written && this.told === version;
  }

  /** The version a write the start did not make takes: `version`, or above the start's writes. */
  versionFrom(version: number): number {
    return Math.max(version, this.through + 1);
  }
}
