/**
 * Records the replay history of an evaluation run (docs/self-improvement.md, "Evaluation"):
 * `node test/replay/record-evaluation-histories.ts`. Writes `si-evaluation.json` beside the others.
 */
import { startRecordingStack } from './recording-stack.ts';
import { duoTemplate } from '../helpers/templates.ts';

const stack = await startRecordingStack('evaluation');
const { client } = stack;
const id = 'replay-eval';

try {
  const worker = await stack.worker();
  const report = await worker.runUntil(async () => {
    await client.startCompany({ id, template: duoTemplate({ oversight: 'full', budgetUsd: 100 }) });
    const version = await client.configuration.propose(id, {
      roles: { 'Operations Engineer': { instructions: 'Known answers: Paris; red, green and blue.' } },
    });
    const evaluated = await client.configuration.evaluate({ companyId: id, version: version.version });
    await client.stopCompany(id);
    return evaluated;
  });
  await stack.save('si-evaluation', report.workflowId);
} finally {
  await stack.close();
}
