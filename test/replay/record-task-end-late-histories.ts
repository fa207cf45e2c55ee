/**
 * Records the replay histories of an ending that waits for reports still on their way (patch
 * `task-end-after-reports`, docs/faults-and-load-rounds.md, "Eighth round: an ending never overtakes a report"):
 * `node test/replay/record-task-end-late-histories.ts`. Every task report leaves five seconds late
 * (test/helpers/late-task-reports.ts, a workflow interceptor), so each ending finds one in flight; the histories
 * hold the interceptor's timers and replay with it (test/fixtures/histories/late-reports/, apart from the
 * histories every bundle replays). Offline model (a deterministic simulator). Re-record only for an intended,
 * versioned change.
 */
import { fileURLToPath } from 'node:url';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { startRecordingStack } from './recording-stack.ts';

const late = fileURLToPath(new URL('../helpers/late-task-reports.ts', import.meta.url));
const stack = await startRecordingStack('task-end-late');
const { client } = stack;

try {
  const worker = await stack.worker({ interceptors: { workflowModules: [late] } });
  await worker.runUntil(async () => {
    await client.startCompany({ id: 'late-duo', template: duoTemplate({ oversight: 'full' }) });
    const notes = await client.submitGoal('late-duo', 'Write the release notes', { goalId: 'notes' });
    await client.waitForTask('late-duo', notes.id, { pollIntervalMs: 200 });
    await client.stopCompany('late-duo');
  });
  await stack.save('late-reports/end-task-late', taskWorkflowId('late-duo', 'g-notes'));
} finally {
  await stack.close();
}
