/**
 * Records the replay histories of the Nexus delegation workflows (docs/federation.md):
 * `node test/replay/record-nexus-histories.ts`. A buyer workflow calls the seller company's `delegate`
 * operation through a Nexus endpoint; the seller's served workflow submits the goal and waits for the
 * task. Re-record only for an intended, versioned change.
 */
import { delegationServiceHandler } from '../../src/federation/nexus-handler.ts';
import { ensureNexusEndpoint } from '../../src/temporal/nexus-endpoints.ts';
import type { NexusBuyerInput } from '../../workflows/contracts/nexus-delegation.ts';
import { nexusEndpointName } from '../../workflows/contracts/nexus-delegation.ts';
import { skilledDuo } from '../federation/federation-fixtures.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('nexus');
const { config, client, connection } = stack;
try {
  const worker = await stack.worker({ nexusServices: [delegationServiceHandler] });
  const endpoint = nexusEndpointName(config.namespace, 'globex');
  await ensureNexusEndpoint(connection, { name: endpoint, namespace: config.namespace, taskQueue: 'record' });
  const buyerId = 'company:initech:nexus-delegation:recorded';
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'globex', template: skilledDuo('full') });
    await client.temporal.workflow.execute('nexusDelegationWorkflow', {
      workflowId: buyerId,
      taskQueue: 'record',
      args: [
        {
          endpoint,
          buyerCompanyId: 'initech',
          sellerCompanyId: 'globex',
          goal: 'Research the waitlist market',
        } satisfies NexusBuyerInput,
      ],
    });
  });
  await stack.save('federation-nexus-buyer', buyerId);
  const served = [];
  for await (const each of client.temporal.workflow.list({ query: "WorkflowType = 'nexusServedTaskWorkflow'" }))
    served.push(each.workflowId);
  if (served.length !== 1) throw new Error(`expected one served workflow, found ${served.length}`);
  await stack.save('federation-nexus-served', served[0]!);
} finally {
  await stack.close();
}
