/**
 * The task's projection write (its row in `tasks` and an audit event) as a local activity
 * (docs/faults-and-load.md, "Levers measured"). A regular activity costs the server three history events,
 * a dispatch through the activity task queue and one more workflow task when it completes, for a write of
 * a few milliseconds; a local activity runs in the worker beside the workflow task and leaves one marker.
 *
 * Durability: a local activity's result is recorded when the workflow task completes; a worker killed
 * before that runs the write again on the next attempt. The write is idempotent (keyed by the task's
 * status version, and a late write never overwrites a newer one), so a repeat changes nothing.
 * Runs recorded before this patch replay their regular activities.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

export const localProjectionPatch = 'projection-local-activity';

const retry = { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' };
const records = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });

/** Writes the task's projection row and audit event, locally where the run took the patch. */
export function recordProjection(event: Parameters<Activities['recordTaskEvent']>[0]): Promise<void> {
  return patched(localProjectionPatch) ? local.recordTaskEvent(event) : records.recordTaskEvent(event);
}
