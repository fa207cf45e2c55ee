import { Context } from '@temporalio/activity';
import type { ActivityDependencies, createActivities } from '../activities/index.ts';
import { createModelCallActivities } from '../activities/model-call.ts';

type Activities = ReturnType<typeof createActivities>;

/**
 * Levers in the activities rather than behind a workflow patch gate: each gives the activities as they were
 * before it, so `bench/trunk.ts --compare=<lever>` runs the code before and after side by side in one process.
 */
/** The activities as they were before a lever, given the activities as they are and their dependencies. */
export type ActivityLever = (activities: Activities, dependencies: ActivityDependencies) => Activities;

export const activityLevers: Record<string, ActivityLever> = {
  // Before the tenth round a step heartbeat at once (a RecordActivityTaskHeartbeat the SDK sends unthrottled).
  'heartbeat-when-due': (activities) => ({
    ...activities,
    agentStep: (input) => {
      Context.current().heartbeat();
      return activities.agentStep(input);
    },
  }),
  // Before the eleventh round a step ran its recall in a company with no memory at all (three statements and the
  // query's embedding); the reservation's statement asks for memories in both variants.
  'nothing-to-recall': (activities, dependencies) => ({
    ...activities,
    ...createModelCallActivities({ ...dependencies, everyRecall: true }),
  }),
};
