import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import type { createChannelActivities } from '../activities/channels.ts';
import type { createConfigurationActivities } from '../activities/configuration.ts';
import type { createRecordActivities } from '../activities/records.ts';
import { FailureType } from '../src/domain/agent-action.ts';

type BookkeepingActivities = Pick<ReturnType<typeof createRecordActivities>, 'recordTaskEvent'> &
  Pick<ReturnType<typeof createConfigurationActivities>, 'resolveTaskConfiguration'> &
  Pick<ReturnType<typeof createChannelActivities>, 'recentChannelMessages'>;

/**
 * Versioning (docs/faults-and-load.md, "Where the time goes"): a task's bookkeeping — its configuration
 * version, its channel inbox and its projection writes — runs as local activities. Runs whose histories
 * hold these as scheduled activities replay them as such.
 */
export const localBookkeepingPatch = 'local-bookkeeping';

// The options each of these had as a regular activity; a local activity's retries past a minute wait on
// a timer in the history (the SDK's localRetryThreshold) instead of holding the workflow task.
const projection: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
};
const configuration: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
};
const channelRead: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds' },
};

// proxyActivities returns a Proxy with no own keys: each activity is picked by name, never spread.
const regular: BookkeepingActivities = {
  recordTaskEvent: proxyActivities<BookkeepingActivities>(projection).recordTaskEvent,
  resolveTaskConfiguration: proxyActivities<BookkeepingActivities>(configuration).resolveTaskConfiguration,
  recentChannelMessages: proxyActivities<BookkeepingActivities>(channelRead).recentChannelMessages,
};
const local: BookkeepingActivities = {
  recordTaskEvent: proxyLocalActivities<BookkeepingActivities>(projection as LocalActivityOptions).recordTaskEvent,
  resolveTaskConfiguration: proxyLocalActivities<BookkeepingActivities>(configuration as LocalActivityOptions)
    .resolveTaskConfiguration,
  recentChannelMessages: proxyLocalActivities<BookkeepingActivities>(channelRead as LocalActivityOptions)
    .recentChannelMessages,
};

/**
 * The task's bookkeeping activities. Each was a regular activity: a dispatch through the server and a
 * workflow task to hear it back, three history events — at the start of a task two of them in sequence
 * before its first step. As local activities they run in the worker within the workflow task that asked
 * for them and leave one marker each. The durability story holds because each is safe to run again: a
 * worker that dies before its workflow task completes loses the marker, and the next worker runs it again
 * — the projection write is idempotent by status version (an older version never overwrites a newer one,
 * the audit row is keyed by workflow id + version), the configuration version is decided once per goal and
 * stored, and the channel inbox is a read.
 */
export function bookkeeping(): BookkeepingActivities {
  return patched(localBookkeepingPatch) ? local : regular;
}
