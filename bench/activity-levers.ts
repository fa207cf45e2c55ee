import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { ActivityDependencies, createActivities } from '../activities/index.ts';
import { createModelCallActivities } from '../activities/model-call.ts';
import { statementsBefore024 } from './reservation/previous-step-statements.ts';

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
  // Before the fourteenth round a step's reservation and ledger row went unnamed, parsed and planned on every call;
  // the same pool here, its statements sent without their names (as SYNTHORG_DATABASE_PREPARED_STATEMENTS=false).
  'prepared-step-statements': (activities, dependencies) => ({
    ...activities,
    ...createModelCallActivities({ ...dependencies, pool: unnamedStatements(dependencies.pool) }),
  }),
  // Before the fifteenth round a step's reservation was migration 022's function (the expired charge's three writes
  // on every call, a cursor over both scopes, the template read for prices, agents' limits and the time zone) and its
  // ledger row read the time zone from the template: the same pool here, those statements sent as they were.
  'light-reservation': (activities, dependencies) => ({
    ...activities,
    ...createModelCallActivities({ ...dependencies, pool: statementsBefore024(dependencies.pool) }),
  }),
};

/** The pool, its `query` sending every statement unnamed (the step's statements go through `query` alone). */
function unnamedStatements(pool: Pool): Pool {
  const withoutName = (config: unknown) => {
    if (typeof config !== 'object' || config === null || !('name' in config)) return config;
    const { name: _name, ...unnamed } = config;
    return unnamed;
  };
  const query = (config: unknown, ...rest: unknown[]) =>
    (pool.query as (...args: unknown[]) => unknown)(withoutName(config), ...rest);
  return new Proxy(pool, {
    get: (target, property, receiver) => (property === 'query' ? query : Reflect.get(target, property, receiver)),
  });
}
