import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { SynthorgConfig } from '../config/env.ts';
import { companyIdKey } from '../domain/search-attributes.ts';
import { LocalModelError } from '../llm/local-model/errors.ts';
import { localModelSource } from '../llm/local-model/catalog.ts';
import { UnknownModelError, parseModelName } from '../llm/model-names.ts';
import type { EvaluationInput, EvaluationReport } from '../../workflows/contracts/evaluation.ts';
import { evaluationWorkflowId } from '../../workflows/contracts/evaluation.ts';
import { InvalidInputError } from './types.ts';

/** What is wrong with an evaluation request, by field (empty when nothing is). */
export function evaluationIssues(input: EvaluationInput): string[] {
  const issues: string[] = [];
  if (input.version !== undefined && !(Number.isInteger(input.version) && input.version >= 1))
    issues.push(`version: a version number (1 or more), got ${input.version}`);
  if (input.model !== undefined && input.model !== 'default') {
    try {
      const parsed = parseModelName(input.model);
      // An unknown bundled name would fail every step on the worker and report 0% as if measured;
      // the name is checked here (a GGUF path is checked where the worker runs: it may be another machine).
      if (parsed.provider === 'local') localModelSource(parsed.modelId);
    } catch (error) {
      if (!(error instanceof UnknownModelError) && !(error instanceof LocalModelError)) throw error;
      issues.push(`model: ${error.message}`);
    }
  }
  if (input.role !== undefined && input.role.trim() === '') issues.push('role: must not be empty');
  return issues;
}

/** What a caller hears while an evaluation runs (the CLI prints it to stderr). */
export interface EvaluationProgress {
  /** Once, when the workflow has started: where it runs, so the operator can find it in the Web UI. */
  onStarted?: (workflowId: string) => void;
  /** The workflow's current details ("task 3/8") each time they change, read every `intervalMs`. */
  onProgress?: (details: string) => void;
  intervalMs?: number;
}

/**
 * Runs the evaluation set for a configuration version (docs/self-improvement.md, "Evaluation") as an
 * `evaluationWorkflow` on a worker and waits for its report; `translate` maps a permanent bad-input
 * failure (unknown version or role) to the caller's error. Stopping the wait does not stop the
 * workflow: the evaluation finishes on the worker and its report stays in its history.
 */
export async function runEvaluation(
  client: Client,
  config: SynthorgConfig,
  input: EvaluationInput,
  translate: (error: unknown) => unknown,
  progress: EvaluationProgress = {},
): Promise<EvaluationReport> {
  const issues = evaluationIssues(input);
  if (issues.length > 0) throw new InvalidInputError(issues.join('; '));
  const runKey = `v${input.version ?? 'current'}-${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  try {
    const handle = await client.workflow.start('evaluationWorkflow', {
      workflowId: evaluationWorkflowId(input.companyId, runKey),
      taskQueue: config.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: companyIdKey, value: input.companyId }],
      staticSummary:
        `Evaluation of ${input.companyId} configuration ${input.version === undefined ? 'current' : `v${input.version}`}` +
        `${input.model ? ` on ${input.model}` : ''}`,
    });
    progress.onStarted?.(handle.workflowId);
    const { onProgress } = progress;
    if (onProgress) {
      let last = '';
      let reading = false;
      timer = setInterval(() => {
        if (reading) return;
        reading = true;
        // The SDK's built-in metadata query carries what the workflow last set with setCurrentDetails.
        void handle
          .query<{ currentDetails?: string }>(workflowMetadataQuery)
          .then((metadata) => {
            const details = metadata.currentDetails ?? '';
            if (details !== '' && details !== last) onProgress(details);
            last = details;
          })
          .catch(() => undefined)
          .finally(() => (reading = false));
      }, progress.intervalMs ?? 2_000);
    }
    return (await handle.result()) as EvaluationReport;
  } catch (error) {
    throw translate(error);
  } finally {
    clearInterval(timer);
  }
}

const workflowMetadataQuery = '__temporal_workflow_metadata';
