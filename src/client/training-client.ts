import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SynthorgConfig } from '../config/env.ts';
import { FailureType } from '../domain/agent-action.ts';
import { companyIdKey } from '../domain/search-attributes.ts';
import type { TrainingRequest, TrainingResponse } from '../../workflows/contracts/training.ts';
import { trainingRequestWorkflowId } from '../../workflows/contracts/training.ts';
import { InvalidInputError } from './types.ts';

const agentIdPattern = /^[a-z0-9][a-z0-9-_]{0,63}$/;
const maxReason = 500;

/** What is wrong with a training request, by field (empty when nothing is). */
export function trainingRequestIssues(request: TrainingRequest): string[] {
  const issues: string[] = [];
  if (!['status', 'start', 'stop'].includes(request.kind))
    issues.push(`kind: status, start or stop, got "${request.kind}"`);
  if (request.agentId !== undefined && !agentIdPattern.test(request.agentId))
    issues.push(`agent: an agent id such as "eng-1", got "${request.agentId}"`);
  if (request.reason !== undefined && request.reason.length > maxReason)
    issues.push(`reason: at most ${maxReason} characters, got ${request.reason.length}`);
  return issues;
}

/**
 * Training mode for scripts and the CLI (docs/self-improvement.md, "Training"): which juniors are in
 * training, their window figures and audit trail; start and stop. Runs as a short workflow on a worker.
 */
export class TrainingClient {
  private readonly client: Client;
  private readonly config: SynthorgConfig;

  constructor(client: Client, config: SynthorgConfig) {
    this.client = client;
    this.config = config;
  }

  status(companyId: string, agentId?: string): Promise<TrainingResponse> {
    return this.request({ kind: 'status', companyId, ...(agentId !== undefined ? { agentId } : {}) });
  }

  /** (Re)enters the template's juniors (or one) into training; a new period whose window starts empty. */
  start(
    companyId: string,
    options: { agentId?: string; reason?: string; actor?: string } = {},
  ): Promise<TrainingResponse> {
    return this.request({ kind: 'start', companyId, ...options });
  }

  /** Ends training for the template's juniors (or one) now, audited with the window's figures. */
  stop(
    companyId: string,
    options: { agentId?: string; reason?: string; actor?: string } = {},
  ): Promise<TrainingResponse> {
    return this.request({ kind: 'stop', companyId, ...options });
  }

  private async request(request: TrainingRequest): Promise<TrainingResponse> {
    const issues = trainingRequestIssues(request);
    if (issues.length > 0) throw new InvalidInputError(issues.join('; '));
    try {
      return await this.client.workflow.execute('trainingRequestWorkflow', {
        workflowId: trainingRequestWorkflowId(request.companyId, `${request.kind}-${randomUUID()}`),
        taskQueue: this.config.taskQueue,
        args: [request],
        typedSearchAttributes: [{ key: companyIdKey, value: request.companyId }],
        staticSummary: `Training ${request.kind} for company ${request.companyId}${request.agentId ? ` (${request.agentId})` : ''}`,
        workflowExecutionTimeout: '2 minutes',
      });
    } catch (error) {
      throw translate(error);
    }
  }
}

/** A permanent bad-input failure (no training section, not a junior) is the caller's error (CLI exit 2). */
function translate(error: unknown): unknown {
  if (!(error instanceof WorkflowFailedError)) return error;
  let cause: unknown = error.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === FailureType.invalidInput)
    return new InvalidInputError(cause.message);
  return error;
}
