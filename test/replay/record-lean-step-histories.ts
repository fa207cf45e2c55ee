/**
 * Records the replay histories of lean steps (docs/faults-and-load-rounds.md, "Twelfth round: per-step overhead"):
 * `node test/replay/record-lean-step-histories.ts`. The same goals as record-task-start-local-histories.ts (a
 * duo company whose boss delegates to a worker who is reviewed, one waiting for an approval, the startup company
 * decomposing into subtasks); every task takes patch `lean-step`: a step does not await a wait that is already
 * over (the task not paused, no retirement handover under way or due). Offline model (a deterministic
 * simulator). Re-record only for an intended, versioned change.
 */
import { startRecordingStack } from './recording-stack.ts';
import { recordTaskStartGoals } from './task-start-goals.ts';

const stack = await startRecordingStack('lean-step');
try {
  await recordTaskStartGoals(stack, 'lean', 'lean-step-task');
} finally {
  await stack.close();
}
