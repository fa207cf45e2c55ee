import { reviewEscalationAction } from '../domain/review-escalation.ts';
import type { ApprovalPolicy, CompanyView, PendingApproval, SynthorgApi, TaskView } from '../client/types.ts';
import { formatUsd, printLines, renderTaskTree, subtree } from './output.ts';
import { progressDisplay } from './progress.ts';

/**
 * Waits for a goal's root task to end while showing its task tree, and what it waits for when an
 * approval is pending (with the command that answers it). With `--json` stdout is reserved for the
 * JSON result, so progress goes to stderr.
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
    // Approval requests of this goal's tasks, shown until the task moves on.
    const waiting = new Map<string, string[]>();
    let latest: CompanyView | undefined;
    const redraw = (): void => {
      if (latest) display.update(latest, [...waiting.values()].flat());
    };
    const final = await api.waitForTask(companyId, root.id, {
      onProgress: (company) => {
        latest = company;
        for (const taskId of waiting.keys()) {
          if (company.tasks.find((task) => task.id === taskId)?.status !== 'AWAITING_APPROVAL') waiting.delete(taskId);
        }
        redraw();
      },
      onApproval: (approval, policy) => {
        const task = latest?.tasks.find((candidate) => candidate.id === approval.taskId);
        if (latest && task && !subtree(latest.tasks, root.id).includes(task)) return;
        waiting.set(approval.taskId, approvalNotice(companyId, approval, policy));
        redraw();
      },
      // The goal is durable: it waits for a worker too, and says so rather than failing or hanging silently.
      onNoWorker: (message) => {
        process.stderr.write(
          message === undefined
            ? `synthorg: a worker serves company "${companyId}" again; still waiting for ${root.id}\n`
            : `synthorg: still waiting for ${root.id}, but ${message}\n`,
        );
      },
    });
    display.clear();
    return final;
  } finally {
    process.off('SIGINT', interrupted);
  }
}

/** What a goal waiting on a person needs from them, and what happens without an answer. */
export function approvalNotice(companyId: string, approval: PendingApproval, policy: ApprovalPolicy): string[] {
  const escalated = approval.action === reviewEscalationAction;
  // An escalated review never passes by default: only a person's word overrules the reviewers.
  const outcome = escalated ? 'denied and the task fails' : policy.defaultOutcome === 'approve' ? 'approved' : 'denied';
  return [
    `waiting for an approval: ${approval.agentId} wants to ${approval.action} (task ${approval.taskId}, since ${approval.requestedAt})`,
    ...(approval.reason ? [`  ${escalated ? 'reviewers' : 'reason'}: ${approval.reason.replaceAll('\n', ' ')}`] : []),
    `  answer: synthorg approve ${companyId} ${approval.taskId}   or   synthorg deny ${companyId} ${approval.taskId} --reason "<why>"`,
    `  unanswered, it is ${outcome} ${policy.timeout} after the request`,
  ];
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
