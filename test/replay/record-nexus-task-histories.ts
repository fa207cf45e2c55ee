/**
 * Records the replay history of an agent task whose `delegate_external` went over Nexus
 * (workflows/external-nexus.ts, `patched('delegate-external-nexus')`):
 * `node test/replay/record-nexus-task-histories.ts`. The buyer company has the seller as a partner of
 * kind nexus; its worker agent outsources research (`[outsource=research]`: the offline model is a
 * deterministic simulator), waits for the seller's task over Nexus and is reviewed. Re-record only
 * for an intended, versioned change.
 */
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import { delegationServiceHandler } from '../../src/federation/nexus-handler.ts';
import { ensureNexusEndpoint } from '../../src/temporal/nexus-endpoints.ts';
import { nexusEndpointName } from '../../workflows/contracts/nexus-delegation.ts';
import { outsourcingDuo, skilledDuo } from '../federation/federation-fixtures.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('nexus-task');
const { pool, config, client, connection } = stack;
try {
  const worker = await stack.worker({ nexusServices: [delegationServiceHandler] });
  const endpoint = nexusEndpointName(config.namespace, 'globex');
  await ensureNexusEndpoint(connection, { name: endpoint, namespace: config.namespace, taskQueue: 'record' });
  const delegating = await worker.runUntil(async () => {
    await client.startCompany({ id: 'globex', template: skilledDuo('full') });
    await client.startCompany({ id: 'initech', template: outsourcingDuo() });
    await new FederationClient(pool).addPartner({
      companyId: 'initech',
      partnerId: 'globex',
      url: `nexus:${endpoint}`,
    });
    const root = await client.submitGoal('initech', 'Scan the market for waitlist tools [outsource=research]');
    const done = await client.waitForTask('initech', root.id, { pollIntervalMs: 200 });
    if (done.status !== 'COMPLETED') throw new Error(`the buyer's goal ended ${done.status}: ${done.failureReason}`);
    const task = (await client.status('initech')).tasks.find((each) => each.assignee === 'worker');
    if (!task) throw new Error("no task of the buyer's worker agent");
    return task.id;
  });
  await stack.save('federation-nexus-task', taskWorkflowId('initech', delegating));
} finally {
  await stack.close();
}
