/**
 * Records the histories the replay test replays: `node test/replay/record-histories.ts [version]`.
 * Re-record only for an intended, versioned change of workflow code (docs/architecture.md, "Versioning"); the point of
 * the committed files is that code changes which would break running workflows fail the replay test.
 */
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

// Histories of each workflow version stay: `node test/replay/record-histories.ts v2` writes v2-*.json
// beside the older files, so both the old and the new code paths are replayed.
const prefix = process.argv[2] ? `${process.argv[2]}-` : '';
const stack = await startRecordingStack('trunk');
const { client } = stack;
const consolidationId = 'company:replay:memory-consolidation:recorded';
const templateStatsId = 'template-stats:recorded';
let continuedRunId = '';
try {
  const worker = await stack.worker();
  await worker.runUntil(async () => {
    // Delegation, recall, an approval, remember, answer and review: the duo company on a risky goal.
    await client.startCompany({ id: 'replay', template: duoTemplate({ oversight: 'semi' }) });
    const root = await client.submitGoal('replay', 'Deploy the status page');
    await client.waitForTask('replay', root.id, {
      pollIntervalMs: 200,
      onProgress: (company) =>
        process.stdout.write(`${company.tasks.map((task) => `${task.id}:${task.status}`).join(' ')}\n`),
      onApproval: (approval) => client.approve('replay', approval.taskId, 'recorded approval'),
    });
    // Decomposition into concurrent children: the startup company.
    await client.startCompany({ id: 'replay-startup', template: 'startup' });
    const goal = await client.submitGoal('replay-startup', 'Write a product brief for a note-taking app');
    await client.waitForTask('replay-startup', goal.id, {
      pollIntervalMs: 200,
      onProgress: (company) =>
        process.stdout.write(`${company.tasks.map((task) => `${task.id}:${task.status}`).join(' ')}\n`),
      onApproval: (approval) => client.approve('replay-startup', approval.taskId, 'recorded approval'),
    });
    // Memory consolidation over what the two companies remembered (ages 0: everything is eligible).
    await client.temporal.workflow.execute('memoryConsolidationWorkflow', {
      workflowId: consolidationId,
      taskQueue: 'record',
      args: [{ companyId: 'replay', options: { episodicMinAgeHours: 0, archiveMinAgeHours: 0, minClusterSize: 2 } }],
    });
    // A company that continues as new: a tiny history limit makes it carry its state over after a goal.
    const renewing = snapshotFromTemplate('replay-renewing', CompanyTemplate.parse(duoTemplate({ oversight: 'full' })));
    const handle = await client.temporal.workflow.start('companyWorkflow', {
      workflowId: companyWorkflowId('replay-renewing'),
      taskQueue: 'record',
      args: [{ company: renewing, historyLimit: 40 }],
    });
    continuedRunId = handle.firstExecutionRunId;
    for (const goal of ['Sort the inbox', 'Plan the offsite']) {
      const task = await client.submitGoal('replay-renewing', goal);
      await client.waitForTask('replay-renewing', task.id, { pollIntervalMs: 200 });
    }
    // Template package statistics: one read-only activity.
    await client.temporal.workflow.execute('templateStatsWorkflow', {
      workflowId: templateStatsId,
      taskQueue: 'record',
      args: [{ packageName: 'synthorg-template-replay' }],
    });
    await client.stopCompany('replay');
    await client.stopCompany('replay-startup');
    await client.stopCompany('replay-renewing');
  });
  const save = (name: string, workflowId: string, runId?: string) => stack.save(`${prefix}${name}`, workflowId, runId);
  await save('company-duo', companyWorkflowId('replay'));
  await save('task-duo-approval', taskWorkflowId('replay', 't1'));
  await save('task-startup-root', taskWorkflowId('replay-startup', 't1'));
  await save('task-startup-cto', taskWorkflowId('replay-startup', 't1.1'));
  await save('memory-consolidation', consolidationId);
  await save('template-stats', templateStatsId);
  // The first run of the company, which ends by continuing as new with its state.
  await save('company-continued', companyWorkflowId('replay-renewing'), continuedRunId);
} finally {
  await stack.close();
}
