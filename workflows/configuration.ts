import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createConfigurationActivities } from '../activities/configuration.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import type { ConfigVersion } from '../src/domain/configuration.ts';
import type { ConfigurationQueryInput, ConfigurationResponse, ProposeVersionInput } from './contracts/configuration.ts';

type ConfigurationActivities = ReturnType<typeof createConfigurationActivities>;

const reads = proxyActivities<ConfigurationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '500 milliseconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
});

/**
 * A read of configuration versions, rollouts or improvement proposals for `synthorg config|rollout|improve`,
 * run by a worker (which holds the database), so clients need Temporal only. Nothing is written.
 */
export async function configurationQueryWorkflow(input: ConfigurationQueryInput): Promise<ConfigurationResponse> {
  return reads.configurationRequest(input.request);
}

/** Creates a configuration version from a patch (`synthorg config propose`); keyed by this workflow's id. */
export async function proposeConfigVersionWorkflow(input: ProposeVersionInput): Promise<ConfigVersion> {
  return reads.createConfigVersion({ ...input, requestKey: workflowInfo().workflowId });
}
