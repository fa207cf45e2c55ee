import { Context } from '@temporalio/activity';
import type { createActivities } from '../activities/index.ts';

type Activities = ReturnType<typeof createActivities>;

/**
 * Levers in the activities rather than behind a workflow patch gate: each gives the activities as they were
 * before it, so `bench/trunk.ts --compare=<lever>` runs the code before and after side by side in one process.
 */
export const activityLevers: Record<string, (activities: Activities) => Activities> = {
  // Before the tenth round a step heartbeat at once (a RecordActivityTaskHeartbeat the SDK sends unthrottled).
  'heartbeat-when-due': (activities) => ({
    ...activities,
    agentStep: (input) => {
      Context.current().heartbeat();
      return activities.agentStep(input);
    },
  }),
};
