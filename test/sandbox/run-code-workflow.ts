import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { SandboxActivities } from '../../activities/sandbox.ts';
import type { RunCodeInput, RunCodeResult } from '../../src/sandbox/run-code.ts';

const { runCode } = proxyActivities<SandboxActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  // The workflow ends only after the activity has confirmed that the code is dead.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { maximumAttempts: 1 },
});

/** Test workflow: one sandboxed run, cancelled from outside by cancelling the workflow. */
export async function runCodeWorkflow(input: RunCodeInput): Promise<RunCodeResult> {
  return await runCode(input);
}
