/**
 * Records the replay histories of a task's reports sent from a local activity (docs/faults-and-load-rounds.md,
 * "Twenty-eighth round: task reports from activities"): `node test/replay/record-task-reports-histories.ts`. The
 * same goals as record-lean-step-histories.ts (a duo company whose boss delegates to a worker who is reviewed, one
 * waiting for an approval, the startup company decomposing into subtasks); every task takes patch
 * `task-reports-from-activities`: its reports between its start and its ending are client signals sent by the
 * local activity `reportToCompany`, not workflow signals. Offline model (a deterministic simulator). Re-record only
 * for an intended, versioned change.
 */
import { startRecordingStack } from './recording-stack.ts';
import { recordTaskStartGoals } from './task-start-goals.ts';

const stack = await startRecordingStack('task-reports');
try {
  await recordTaskStartGoals(stack, 'activity-reports', 'activity-reports-task');
} finally {
  await stack.close();
}
