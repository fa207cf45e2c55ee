/**
 * Records the replay histories of the task's start as a local activity in its first workflow task
 * (docs/faults-and-load-rounds.md, "Tenth round: the task's start in its first workflow task"):
 * `node test/replay/record-task-start-local-histories.ts`. The same goals as
 * record-task-start-histories.ts (a duo company with a partner's channel message, one waiting for an approval,
 * the startup company decomposing into subtasks); every task takes patch `task-start-local`: its start is one
 * local activity that also tells the company IN_PROGRESS, and its first step is scheduled in the same workflow
 * task. Offline model (a deterministic simulator). Re-record only for an intended, versioned change.
 */
import { startRecordingStack } from './recording-stack.ts';
import { recordTaskStartGoals } from './task-start-goals.ts';

const stack = await startRecordingStack('task-start-local');
try {
  await recordTaskStartGoals(stack, 'local', 'start-local-task');
} finally {
  await stack.close();
}
