import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createTrainingActivities } from '../activities/training.ts';
import type { TranscriptEntry } from '../src/domain/agent-action.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { findAgent } from '../src/domain/org-chart.ts';
import { cutText } from '../src/domain/text-cut.ts';
import { juniorSpec, juniorsOf } from '../src/domain/training.ts';
import { seniorCritiquePrefix } from '../src/domain/training-critique.ts';
import type { AgentTaskInput } from './contracts/task.ts';
import type { TrainingRequest, TrainingResponse } from './contracts/training.ts';

type TrainingActivities = ReturnType<typeof createTrainingActivities>;

/** Versioning: the training step before the first review (docs/self-improvement.md, "Training"). */
export const trainingCritiquePatch = 'training-critique';

const critiques = proxyActivities<TrainingActivities>({
  // A local model on a slow CPU can take minutes for one reply, as for agent steps.
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
});

const records = proxyActivities<TrainingActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
});

/** What training needs of the task it runs in (workflows/agent-task.ts). */
export interface TrainingHooks {
  assignee(): string;
  /** Adds an entry to the task's transcript (what the junior's next step sees). */
  note(entry: TranscriptEntry): void;
  /** The junior works again until it answers: its revision; undefined when the task ended another way. */
  revise(): Promise<string | undefined>;
  /** Adds a paid call's cost to the task's own cost. */
  paid(costUsd: number): void;
}

/**
 * Training mode in a task: a junior in training gets its seniors' exemplars and a senior's critique
 * of its first draft, and revises before the normal review; the first review's outcome counts toward
 * graduation; a senior's draft approved at the first review becomes an exemplar for its juniors.
 * Inert for companies without a `training:` section.
 */
export class TrainingDesk {
  private readonly input: AgentTaskInput;
  private readonly hooks: TrainingHooks;
  private readonly workflowId = workflowInfo().workflowId;
  /** The junior whose draft was critiqued in this task (null: no training step ran). */
  private trainee: string | null = null;
  private critiques = 0;

  constructor(input: AgentTaskInput, hooks: TrainingHooks) {
    this.input = input;
    this.hooks = hooks;
  }

  /** Before the first review: critique and revision when the author is a junior in training. */
  async coach(draft: string): Promise<string | undefined> {
    const { company } = this.input;
    const authorId = this.hooks.assignee();
    const junior = juniorSpec(company, authorId);
    const author = findAgent(company, authorId);
    if (!company.training || !junior || !author || this.trainee !== null) return draft;
    const plan = await records.trainingPlan({
      companyId: this.input.companyId,
      junior,
      department: author.department,
      exemplars: company.training.exemplars,
      query: `${this.input.title}\n${this.input.description}`,
    });
    if (!plan.inTraining) return draft;
    const senior = junior.seniors.map((id) => findAgent(company, id)).find((agent) => agent !== undefined);
    if (!senior) return draft;
    this.trainee = authorId;
    this.critiques++;
    const outcome = await critiques.seniorCritique({
      callKey: `${this.workflowId}#critique-${this.critiques}`,
      companyId: this.input.companyId,
      workflowId: this.workflowId,
      taskId: this.input.taskId,
      model: senior.model,
      request: {
        senior: { id: senior.id, name: senior.name, role: senior.role },
        junior: { id: authorId, role: author.role },
        task: {
          title: this.input.title,
          description: this.input.description,
          acceptanceCriteria: this.input.acceptanceCriteria,
        },
        draft: cutText(draft, 8_000, 'the senior sees the beginning only'),
        exemplars: plan.exemplars,
      },
    });
    this.hooks.paid(outcome.costUsd);
    for (const exemplar of plan.exemplars) {
      this.hooks.note({
        kind: 'recall',
        text: cutText(
          `[memory:${exemplar.memoryId}] (procedural, from ${exemplar.seniorId}) ${exemplar.content}`,
          1_000,
        ),
      });
    }
    this.hooks.note({
      kind: 'note',
      text: cutText(`${seniorCritiquePrefix} ${senior.id}: ${outcome.critique}`, 2_000),
    });
    return this.hooks.revise();
  }

  /** After the first review: graduation bookkeeping for a trainee, an exemplar from a senior's pass. */
  async firstReview(passed: boolean, reviewerId: string, draft: string): Promise<void> {
    const { company } = this.input;
    if (!company.training) return;
    const authorId = this.hooks.assignee();
    if (this.trainee !== null && this.trainee === authorId) {
      await records.recordTrainingReview({
        companyId: this.input.companyId,
        agentId: authorId,
        taskId: this.input.taskId,
        reviewerId,
        passed,
        critiqued: true,
        policy: company.training.graduation,
      });
      return;
    }
    const juniors = juniorsOf(company, authorId);
    const senior = findAgent(company, authorId);
    if (!passed || juniors.length === 0 || !senior) return;
    // Department scope when every junior of this senior sees the department; otherwise the company's.
    const sameDepartment = juniors.every(
      (junior) => findAgent(company, junior.agent)?.department === senior.department,
    );
    await records.distillExemplar({
      key: `${this.workflowId}#exemplar`,
      companyId: this.input.companyId,
      workflowId: this.workflowId,
      taskId: this.input.taskId,
      seniorId: authorId,
      title: this.input.title,
      result: cutText(draft, 2_000),
      scope: sameDepartment ? 'department' : 'company',
      ownerId: sameDepartment ? senior.department : this.input.companyId,
    });
  }
}

/** `synthorg train status|start|stop`: one activity on a worker (which holds the database). */
export async function trainingRequestWorkflow(request: TrainingRequest): Promise<TrainingResponse> {
  return records.trainingRequest(request);
}
