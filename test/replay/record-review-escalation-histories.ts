/**
 * Records the replay histories of escalated reviews (`policies.onRevisionsExhausted: escalate`,
 * src/domain/review-escalation.ts): `node test/replay/record-review-escalation-histories.ts`. Two
 * tasks whose reviewer rejects every draft (`[reject]`: the offline model is a deterministic
 * simulator) exhaust their revisions and wait for the operator: one is approved and completes, the
 * other is denied and fails. Re-record only for an intended, versioned change.
 */
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('review-escalation');
const { client } = stack;
const companyId = 'replay-escalation';

try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    await client.startCompany({
      id: companyId,
      template: duoTemplate({
        oversight: 'full',
        policies: { maxDecompositionDepth: 0, maxRevisions: 1, onRevisionsExhausted: 'escalate' },
      }),
    });
    const accepted = await client.submitGoal(companyId, '[steps=1] [reject] Draft the onboarding note');
    const refused = await client.submitGoal(companyId, '[steps=1] [reject] Draft the offboarding note');
    // waitForTask offers every pending approval of the company, so each is answered by its task.
    for (const goal of [accepted, refused]) {
      const done = await client.waitForTask(companyId, goal.id, {
        pollIntervalMs: 200,
        onApproval: (approval) =>
          approval.taskId === accepted.id
            ? client.approve(companyId, approval.taskId, 'recorded: accepted over the reviews')
            : client.deny(companyId, approval.taskId, 'recorded: the rejection stands'),
      });
      process.stdout.write(`${goal.id}: ${done.status} ${done.failureReason ?? ''}\n`);
    }
    await stack.save('review-escalation-task-approved', taskWorkflowId(companyId, accepted.id));
    await stack.save('review-escalation-task-denied', taskWorkflowId(companyId, refused.id));
  });
} finally {
  await stack.close();
}
