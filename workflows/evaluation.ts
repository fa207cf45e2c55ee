import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { AgentAction } from '../src/domain/agent-action.ts';
import { FailureType, standaloneStepTask } from '../src/domain/agent-action.ts';
import { addUsd } from '../src/domain/budget.ts';
import { evaluationTasks } from '../src/domain/evaluation-tasks.ts';
import type { TaskGrade } from '../src/domain/evaluation.ts';
import { gradeAnswer, splitFigures, ungraded } from '../src/domain/evaluation.ts';
import { companyIdKey, configVersionKey } from '../src/domain/search-attributes.ts';
import type { EvaluationInput, EvaluationReport } from './contracts/evaluation.ts';

const { agentStep } = proxyActivities<Activities>({
  // The same ceiling as a task's step: a local model on a slow CPU can take minutes for a reply.
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: Object.values(FailureType),
  },
});

const records = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '500 milliseconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [FailureType.invalidInput],
  },
});

/**
 * Runs the fixed evaluation set (src/domain/evaluation-tasks.ts) for one configuration version on
 * one model: each task is one answer-only step of the version's agent through the ordinary model
 * path (ledger, budget, json_schema for providers), graded by programmatic checks. The tuned and
 * held-out figures are reported apart. Nothing about the company's goals, signals or rollouts changes.
 */
export async function evaluationWorkflow(input: EvaluationInput): Promise<EvaluationReport> {
  const { workflowId } = workflowInfo();
  const subject = await records.evaluationSubject(input);
  upsertSearchAttributes([
    { key: companyIdKey, value: input.companyId },
    { key: configVersionKey, value: String(subject.version) },
  ]);
  const agent = { ...subject.agent, ...(input.model ? { model: input.model } : {}), actions: ['answer' as const] };
  const grades: TaskGrade[] = [];
  let model = agent.model;
  let offline = false;
  let costUsd = 0;
  for (const [index, task] of evaluationTasks.entries()) {
    setCurrentDetails(
      `v${subject.version} · ${agent.role} on ${agent.model} · task ${index + 1}/${evaluationTasks.length}`,
    );
    try {
      const result = await agentStep({
        companyId: input.companyId,
        workflowId,
        step: index + 1,
        mode: 'work',
        agent,
        task: standaloneStepTask({ ...task, id: `eval:${task.id}` }),
        transcript: [],
        ...(subject.maxOutputTokens !== undefined ? { maxOutputTokens: subject.maxOutputTokens } : {}),
      });
      model = result.model;
      offline = result.offline;
      costUsd = addUsd(costUsd, result.costUsd);
      const action = result.action as AgentAction;
      grades.push(
        action.type === 'answer'
          ? gradeAnswer(task, action.text, result.costUsd)
          : ungraded(task, `the model chose ${action.type}, not an answer`),
      );
    } catch (error) {
      // A permanent step failure (budget, unusable output after repair) is this task's grade, not the run's end.
      if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
        grades.push(ungraded(task, error.cause.message));
        continue;
      }
      throw error;
    }
  }
  const report: EvaluationReport = {
    companyId: input.companyId,
    workflowId,
    version: subject.version,
    role: agent.role,
    agentId: agent.id,
    model,
    offline,
    tuned: splitFigures(grades, 'tuned'),
    heldOut: splitFigures(grades, 'held-out'),
    grades,
    costUsd,
  };
  setCurrentDetails(
    `v${subject.version} on ${model}${offline ? ' (offline simulator)' : ''} · tuned ${report.tuned.passed}/${report.tuned.tasks}` +
      ` · held-out ${report.heldOut.passed}/${report.heldOut.tasks}`,
  );
  return report;
}
