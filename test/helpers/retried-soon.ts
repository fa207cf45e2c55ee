import { ApplicationFailure } from '@temporalio/common';

/**
 * A failure for a test's fake sandbox (or any activity dependency) that the server retries after `after` instead of
 * the activity's own backoff: runTaskCode and destroyWorkspace wait 1, 2, 4 and 8 s between their 5 attempts
 * (workflows/placement.ts, workflows/task-sandbox.ts), 15 s a test spent waiting. The attempts and their limit stay
 * the product's; only the pauses between them are the test's (`nextRetryDelay`). The activities pass an error that is
 * not a SandboxError on as it is (activities/sandbox.ts), so the server sees this one.
 */
export function retriedSoon(message: string, after = '100 milliseconds'): ApplicationFailure {
  return ApplicationFailure.create({ message, nextRetryDelay: after });
}
