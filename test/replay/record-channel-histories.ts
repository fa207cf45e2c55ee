/**
 * Records the replay histories of durable channels (docs/federation.md, "Channels"):
 * `node test/replay/record-channel-histories.ts`. initech sends two messages on #ops to globex (both
 * companies on one recording stack, globex served over A2A on loopback): the sender's delivery
 * workflow, the receiver's inbox workflow, and a globex task that read them (the channel-inbox
 * patch). The channel workflows idle for ten minutes before they end, so their histories are saved
 * once both messages are acknowledged. Re-record only for an intended, versioned change.
 */
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { startA2AServer } from '../../src/federation/a2a-server.ts';
import { temporalCompanyGateway } from '../../src/federation/company-gateway.ts';
import { FederationClient } from '../../src/federation/federation-client.ts';
import { channelInboxWorkflowId, channelOutboxWorkflowId } from '../../workflows/contracts/channels.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import { skilledDuo } from '../federation/federation-fixtures.ts';
import { startRecordingStack } from './recording-stack.ts';

const stack = await startRecordingStack('channels');
const { pool, client } = stack;
try {
  const worker = await stack.worker();
  let taskId = '';
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'globex', template: skilledDuo('full') });
    await client.startCompany({ id: 'initech', template: skilledDuo('full') });
    const company = await client.temporal.workflow.getHandle(companyWorkflowId('globex')).query(orgChartQuery);
    const server = await startA2AServer({ company, pool, gateway: temporalCompanyGateway(client, 'record') });
    try {
      const federation = new FederationClient(pool);
      const issued = await federation.addPartner({ companyId: 'globex', partnerId: 'initech' });
      await federation.addPartner({
        companyId: 'initech',
        partnerId: 'globex',
        url: server.url,
        outboundKey: issued.inboundKey,
      });
      for (const body of ['Our launch moves to Friday', 'Please confirm the waitlist numbers']) {
        await client.channels.send({ companyId: 'initech', partnerId: 'globex', channel: 'ops', body });
      }
      for (;;) {
        const sent = await client.channels.list({ companyId: 'initech', direction: 'out' });
        if (sent.length === 2 && sent.every((message) => message.ackedAt !== null)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const task = await client.submitGoal('globex', 'Answer what partners asked on our channels');
      taskId = task.id;
      await client.temporal.workflow.getHandle(taskWorkflowId('globex', task.id)).result();
      // Let the delivery workflow record its last step (the idle timer) before it is saved.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await server.close();
    }
  });
  await stack.save(
    'channels-outbox',
    channelOutboxWorkflowId({ companyId: 'initech', partnerId: 'globex', channel: 'ops' }),
  );
  await stack.save(
    'channels-inbox',
    channelInboxWorkflowId({ companyId: 'globex', partnerId: 'initech', channel: 'ops' }),
  );
  await stack.save('channels-task-read-inbox', taskWorkflowId('globex', taskId));
} finally {
  await stack.close();
}
