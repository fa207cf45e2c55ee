/**
 * Records the replay histories of the task's start in one activity (docs/faults-and-load-rounds.md, "Sixth round:
 * the task's start"): `node test/replay/record-task-start-histories.ts`. A duo company with a partner's
 * channel message takes a goal (the offline boss delegates to the worker, who is reviewed), one under semi
 * oversight waits for an approval, and the startup company decomposes a goal into subtasks (which read no
 * inbox). Every task starts with one `beginTask` activity (patch `task-start-in-one`) and takes the older
 * patches without their markers. Offline model (a deterministic simulator). Re-record only for an intended,
 * versioned change.
 */
import { startRecordingStack } from './recording-stack.ts';
import { recordTaskStartGoals } from './task-start-goals.ts';

const stack = await startRecordingStack('task-start');
try {
  await recordTaskStartGoals(stack, 'start', 'start-task');
} finally {
  await stack.close();
}
