/**
 * A worker process whose local activities (the task's start `beginTask` and its end `endTask`) misbehave on purpose:
 * `node local-activity-worker.ts <workflow bundle file> <fault>`. The same worker as `synthorg worker`
 * (createSynthorgWorker, configured by TEMPORAL_ADDRESS, DATABASE_URL and SYNTHORG_TASK_QUEUE; SIGINT drains it).
 *
 * Faults (each after the real activity ran, so its rows are written and its report sent, but before the SDK hears
 * its result, where a lost or repeated effect would come from):
 * - `kill-after-begin` / `kill-after-end`: the process SIGKILLs itself after the first `beginTask` / `endTask`;
 * - `hold`: each one prints `local activity in flight` on stderr and holds its result 2 s (the parent then
 *   shuts the worker down with SIGINT while it is in flight);
 * - `fail-first`: each one's first attempt throws, so the SDK core retries it locally (printing
 *   `local activity retried` when the retry starts);
 * - `none`: the real activities.
 */
import { Context } from '@temporalio/activity';
import { loadConfig } from '../../src/config/env.ts';
import { createSynthorgWorker } from '../../workers/worker.ts';
import type { SynthorgActivities } from '../../workers/worker.ts';

export const localActivityFaults = ['kill-after-begin', 'kill-after-end', 'hold', 'fail-first', 'none'] as const;
export type LocalActivityFault = (typeof localActivityFaults)[number];

const [codePath, faultArgument] = process.argv.slice(2);
const fault = localActivityFaults.find((each) => each === faultArgument);
const config = loadConfig();
if (!codePath || !fault || !config.temporalAddress || !config.databaseUrl) {
  throw new Error(
    `usage: TEMPORAL_ADDRESS=… DATABASE_URL=… node local-activity-worker.ts <bundle file> <${localActivityFaults.join('|')}>`,
  );
}

/** Runs the real local activity, then does what the fault says before its result goes back to the SDK. */
function faulty<I, R>(name: 'beginTask' | 'endTask', real: (input: I) => Promise<R>): (input: I) => Promise<R> {
  return async (input) => {
    const { attempt } = Context.current().info;
    if (attempt > 1) process.stderr.write(`local activity retried: ${name} attempt ${attempt}\n`);
    const result = await real(input);
    if (fault === `kill-after-${name === 'beginTask' ? 'begin' : 'end'}`) process.kill(process.pid, 'SIGKILL');
    if (fault === 'hold') {
      process.stderr.write(`local activity in flight: ${name}\n`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    if (fault === 'fail-first' && attempt === 1) throw new Error(`${name}: first attempt fails on purpose`);
    return result;
  };
}

const worker = await createSynthorgWorker({
  config,
  temporalAddress: config.temporalAddress,
  databaseUrl: config.databaseUrl,
  workflowBundle: { codePath },
  wrapActivities: (activities: SynthorgActivities) => ({
    ...activities,
    beginTask: faulty('beginTask', activities.beginTask),
    endTask: faulty('endTask', activities.endTask),
  }),
});
try {
  await worker.run();
} finally {
  await worker.close();
}
