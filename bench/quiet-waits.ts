import type { SynthorgClient } from '../src/client/synthorg-client.ts';
import { pollTask, taskWorkflowClosed } from '../src/client/task-wait.ts';
import type { TaskView } from '../src/client/types.ts';

/** The quiet waits the benches compare (`--wait`): the client's, and the one before it that read the company. */
export const quietWaits = ['history', 'company'] as const;
export type QuietWait = (typeof quietWaits)[number];

/** `--wait=history|company|both` as the list of waits to measure (`both`: alternating, one variant each). */
export function parseQuietWaits(option: string): QuietWait[] {
  if (option === 'both') return [...quietWaits];
  const found = quietWaits.find((wait) => wait === option);
  if (!found) throw new Error(`--wait: choose from ${quietWaits.join(', ')}, both`);
  return [found];
}

/**
 * A wait for one task without callbacks. `history` is `waitForTask` as the client runs it (a completed task
 * is read from its workflow's history); `company` is the same wait with the company read after the result,
 * as before (docs/faults-and-load-rounds.md, "Eighth round: the client's wait after the close"). The company's
 * view without approvals is what the client's own read gives a quiet wait: it asks nothing about them.
 */
export function quietWait(
  client: SynthorgClient,
  wait: QuietWait,
): (companyId: string, taskId: string) => Promise<TaskView> {
  if (wait === 'history') return (companyId, taskId) => client.waitForTask(companyId, taskId);
  return async (companyId, taskId) => {
    const closed = await taskWorkflowClosed(client.temporal, companyId, taskId);
    const context = {
      temporal: client.temporal,
      view: async (id: string) => ({
        company: await client.status(id),
        pendingApprovals: [],
        approvalPolicy: { timeout: '1h', defaultOutcome: 'deny' as const },
      }),
      task: (id: string, task: string) => client.task(id, task),
      askCompany: true,
      ...(closed ? { closed } : {}),
    };
    return pollTask(context, companyId, taskId, {});
  };
}
