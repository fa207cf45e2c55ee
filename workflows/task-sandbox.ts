import { ActivityCancellationType, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { AgentAction, TranscriptEntry } from '../src/domain/agent-action.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import type { TaskPlacement } from './placement.ts';
import { failureReasonOf, taskEndsVisiblyPatch } from './task-endings.ts';

// The options the sandbox activities have had since the task workflow first ran them.
const sandbox = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  // The workflow moves on only once the code has really stopped.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** What a task's sandbox needs of its task (workflows/agent-task.ts). */
export interface SandboxedTask {
  input: AgentTaskInput;
  workflowId: string;
  placement: TaskPlacement;
  assignee(): string;
  step(): number;
}

type CodeAction = Extract<AgentAction, { type: 'run_code' }>;

/**
 * A task's sandbox workspace (docs/sandbox.md): created by its first code run, kept across the task's
 * steps, destroyed when the task ends. The runs stay in the database.
 */
export class TaskSandbox {
  private used = false;
  private readonly task: SandboxedTask;

  constructor(task: SandboxedTask) {
    this.task = task;
  }

  /** Runs the agent's code in the task's workspace; the transcript entry says how it went. */
  async run(action: CodeAction, textLimit: number): Promise<TranscriptEntry> {
    const { input, workflowId, placement } = this.task;
    const agentId = this.task.assignee();
    this.used = true;
    const run = await placement.activity(
      agentId,
      'runTaskCode',
      sandbox.runTaskCode,
    )({
      runKey: `${workflowId}#code-${this.task.step()}`,
      companyId: input.companyId,
      taskId: input.taskId,
      agentId,
      run: {
        workspace: { lifecycle: 'task', id: workflowId },
        language: action.language,
        code: action.code,
        files: action.files,
      },
    });
    const limits = run.limitsHit.length > 0 ? `; limits hit: ${run.limitsHit.join(', ')}` : '';
    return {
      kind: 'code-result',
      text: cutText(
        `exit ${run.exitCode ?? 'none'} in ${Math.round(run.durationMs)} ms${limits}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
        textLimit,
      ),
    };
  }

  /**
   * Deletes the workspace once the task has ended. Returns a notice when it could not (the task's
   * outcome stands; the leftover workspace is the operator's to remove), undefined otherwise.
   */
  async release(): Promise<string | undefined> {
    if (!this.used) return undefined;
    const { workflowId, placement } = this.task;
    const destroyWorkspace = placement.activity(this.task.assignee(), 'destroyWorkspace', sandbox.destroyWorkspace);
    if (!patched(taskEndsVisiblyPatch)) {
      await destroyWorkspace({ workspaceId: workflowId });
      return undefined;
    }
    try {
      await destroyWorkspace({ workspaceId: workflowId });
      return undefined;
    } catch (error) {
      return `workspace ${workflowId} was not cleaned up: ${failureReasonOf(error)}`;
    }
  }
}
