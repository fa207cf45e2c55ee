/**
 * Starts a company from a built-in template and waits for one goal, answering approvals as an
 * operator would. Needs a running stack (`npx synthorg dev` in another terminal). In a project that
 * installed the package:
 *
 *   node start-company.ts [companyId] ["goal"]
 *
 * In a clone of this repository, where `synthorg` resolves to the sources without a build:
 *
 *   node --conditions=synthorg-source examples/start-company.ts [companyId] ["goal"]
 */
import { createClient } from 'synthorg';

const companyId = process.argv[2] ?? `example-${Date.now().toString(36)}`;
const goal = process.argv[3] ?? 'Write a one-page plan for a customer feedback survey';

const client = await createClient();
try {
  const { created } = await client.startCompany({ id: companyId, template: 'research-lab' });
  console.log(`${created ? 'started' : 'reusing'} company ${companyId}`);
  const task = await client.submitGoal(companyId, goal);
  console.log(`submitted ${task.id}: ${task.title}`);
  const done = await client.waitForTask(companyId, task.id, {
    onProgress: (company) => {
      const active = company.tasks.filter(
        (candidate) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(candidate.status),
      );
      console.log(
        `${company.tasks.length} tasks, ${active.length} active, $${company.budget.spentUsd.toFixed(4)} spent`,
      );
    },
    onApproval: async (approval) => {
      console.log(`approving ${approval.taskId}: ${approval.agentId} wants to ${approval.action}`);
      await client.approve(companyId, approval.taskId, 'approved by the example script');
    },
  });
  console.log(`${done.id} ${done.status}: ${done.result ?? done.failureReason}`);
  process.exitCode = done.status === 'COMPLETED' ? 0 : 1;
} finally {
  await client.close();
}
