import { ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { AgentAction, AgentStepResult, TranscriptEntry } from '../src/domain/agent-action.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { findAgent } from '../src/domain/org-chart.ts';
import { cutText } from '../src/domain/text-cut.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import { settledNow, takesLeanSteps } from './lean-step.ts';
import { stepActivityOptions, type TaskPlacement } from './placement.ts';
import type { RetirementHandover } from './retirement-handover.ts';
import type { ShiftGate } from './shift-gate.ts';
import { waitOutStepFailure, type WaitingTask } from './step-waits.ts';
import { summaryLimit } from './task-record.ts';
import { stepInput, type StepContext } from './task-step-input.ts';

/** What a step needs of its task (workflows/agent-task.ts). */
export interface SteppingTask {
  input: AgentTaskInput;
  workflowId: string;
  shifts: ShiftGate;
  retirements: RetirementHandover;
  placement: TaskPlacement;
  waiting: WaitingTask;
  paused(): boolean;
  /** Counts a model call of the task and returns its number (it keys the call's ledger row). */
  nextStep(): number;
  /** Where the task stands, for the step's input. */
  context(): Pick<StepContext, 'chain' | 'children' | 'revision' | 'transcript'>;
  /** Takes in a step's outcome: its cost, a context compaction, the memories it recalled. */
  absorb(outcome: AgentStepResult): void;
}

/**
 * A task's model calls: each waits while the task is paused, goes to whoever works (or reviews) it now after a
 * shift's or a retirement's handover, runs the `agentStep` activity (on the agent's pool where placed), and parks
 * the task at the budget ceiling or a provider's limit until it can go on (workflows/step-waits.ts).
 */
export class StepTaker {
  private readonly task: SteppingTask;
  /** Patch lean-step (workflows/lean-step.ts): a step awaits only the waits that are not over. */
  private readonly lean: boolean;

  constructor(task: SteppingTask) {
    this.task = task;
    this.lean = takesLeanSteps();
  }

  /** One model call; parks the task at the budget ceiling until an operator raises it. */
  async take(mode: 'work' | 'review', agentId: string, draft?: string): Promise<AgentStepResult> {
    const { input, shifts, retirements } = this.task;
    for (;;) {
      if (!settledNow(this.lean, () => !this.task.paused())) await condition(() => !this.task.paused());
      if (shifts.enabled) agentId = await shifts.beforeStep(mode, agentId);
      if (retirements.enabled)
        agentId =
          (settledNow(this.lean, () => true) ? retirements.settledAgent(mode, agentId) : undefined) ??
          (await retirements.beforeStep(mode, agentId));
      const agent = findAgent(input.company, agentId);
      if (!agent)
        throw ApplicationFailure.nonRetryable(`agent ${agentId} is not in the company`, FailureType.invalidInput);
      const step = this.task.nextStep();
      try {
        const outcome = await this.task.placement.activity(
          agentId,
          'agentStep',
          proxyActivities<Activities>(stepActivityOptions(input.company)).agentStep,
        )(
          stepInput({
            input,
            workflowId: this.task.workflowId,
            step,
            mode,
            agent,
            ...this.task.context(),
            ...(draft !== undefined ? { draft } : {}),
            draftLimit: summaryLimit * 4,
          }),
        );
        this.task.absorb(outcome);
        return outcome;
      } catch (error) {
        if (!(await waitOutStepFailure(error, this.task.waiting))) throw error;
      }
    }
  }
}

/** Kinds of transcript entry that keep what a step's memory action observed. */
const observedKinds: Partial<Record<AgentAction['type'], TranscriptEntry['kind']>> = {
  recall: 'recall',
  remember: 'remembered',
  forget: 'forgotten',
  graph_query: 'graph',
};

/**
 * The transcript entry a step's action leaves by itself: what a memory action observed (cut to the claim check),
 * or, for a compaction the model asked for but that had nothing to compact, that it had not; undefined for actions
 * the task acts on.
 */
export function observationEntry(action: AgentAction, outcome: AgentStepResult): TranscriptEntry | undefined {
  const kind = observedKinds[action.type];
  if (kind) return { kind, text: cutText(outcome.observation ?? '', summaryLimit) };
  // A compaction was applied in the step; without one the agent learns there was nothing to compact.
  if (action.type === 'compact_context' && !outcome.compaction)
    return { kind: 'note', text: outcome.observation ?? 'nothing to compact' };
  return undefined;
}
