import type { SynthorgApi, TaskView } from '../client/types.ts';
import { formatUsd, printLines, renderTaskTree, subtree } from './output.ts';
import { progressDisplay } from './progress.ts';

/**
 * Waits for a goal's root task to end while showing its task tree. With `--json` stdout is reserved
 * for the JSON result, so progress goes to stderr.
 */
export async function waitForGoal(
  api: SynthorgApi,
  companyId: string,
  root: TaskView,
  json: boolean,
): Promise<TaskView> {
  const display = progressDisplay(json ? process.stderr : process.stdout, root.id);
  const interrupted = (): void => {
    display.clear();
    // The goal is a durable workflow: leaving the CLI does not stop it.
    process.stderr.write(
      `synthorg: stopped waiting; task ${root.id} keeps running (synthorg task show ${companyId} ${root.id})\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const final = await api.waitForTask(companyId, root.id, { onProgress: (company) => display.update(company) });
    display.clear();
    return final;
  } finally {
    process.off('SIGINT', interrupted);
  }
}

/** The final summary: who did and who reviewed each task, the result and the cost. */
export async function printGoalSummary(api: SynthorgApi, companyId: string, task: TaskView): Promise<void> {
  const company = await api.status(companyId);
  const tasks = subtree(company.tasks, task.id);
  // A parent's cost already includes its subtasks', so the goal's cost is its root task's.
  const total = tasks.find((each) => each.id === task.id)?.costUsd ?? task.costUsd;
  const outcome =
    task.status === 'COMPLETED'
      ? [`result: ${task.result ?? '(none)'}`]
      : [`task ${task.id} ended ${task.status}${task.failureReason ? `: ${task.failureReason}` : ''}`];
  printLines([
    ...renderTaskTree(tasks.length > 0 ? tasks : [task]),
    '',
    ...outcome,
    `cost: ${formatUsd(total)} (company spent ${formatUsd(company.budget.spentUsd)} of ${formatUsd(company.budget.limitUsd)})`,
    ...webUiLine(api.uiUrl(companyId)),
  ]);
}

/** The Web UI line of a command's output, or none when no UI is known (a headless stack). */
export function webUiLine(url: string | undefined): string[] {
  return url === undefined ? [] : [`Temporal Web UI: ${url}`];
}

/** A goal that did not complete is a runtime failure for scripts (exit 1). */
export function exitCodeOfTask(task: TaskView): number {
  return task.status === 'COMPLETED' ? 0 : 1;
}
