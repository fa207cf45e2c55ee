import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Duration } from '@temporalio/common';
import type { SynthorgConfig } from '../config/env.ts';
import { InvalidInputError } from '../client/types.ts';
import { FailureType } from '../domain/agent-action.ts';
import { companyIdKey } from '../domain/search-attributes.ts';
import type {
  ConsolidationOptions,
  ConsolidationReport,
  MemoryConsolidationInput,
  MemoryGraphView,
  MemoryQuery,
  MemoryQueryInput,
  MemoryQueryResult,
  MemorySearchView,
} from '../../workflows/contracts/memory.ts';
import { manualConsolidationWorkflowId, memoryConsolidationScheduleId } from '../../workflows/contracts/memory.ts';
import { MemoryErrorType } from './errors.ts';

/** How often a company's memory is consolidated unless the operator says otherwise. */
export const defaultConsolidationInterval: Duration = '6h';

const badInputTypes = new Set<string>([
  FailureType.invalidInput,
  MemoryErrorType.accessDenied,
  MemoryErrorType.invalidInput,
]);

/**
 * Organisational memory for scripts and the CLI, through Temporal only: searches and graph queries
 * run as short read-only workflows on a worker (which holds the database and the embedder), and
 * consolidation runs as `memoryConsolidationWorkflow`, on a per-company Temporal Schedule.
 */
export class MemoryClient {
  private readonly client: Client;
  private readonly config: SynthorgConfig;

  constructor(client: Client, config: SynthorgConfig) {
    this.client = client;
    this.config = config;
  }

  async search(
    companyId: string,
    query: string,
    options: { agentId?: string; limit?: number } = {},
  ): Promise<MemorySearchView> {
    if (query.trim() === '') throw new InvalidInputError('the search query is empty');
    const result = await this.query(companyId, { kind: 'search', query, ...options });
    if (result.kind !== 'search') throw new Error(`unexpected ${result.kind} result`);
    return result.search;
  }

  async graph(
    companyId: string,
    entity: string,
    options: { hops?: number; agentId?: string } = {},
  ): Promise<MemoryGraphView> {
    const result = await this.query(companyId, { kind: 'graph', entity, ...options });
    if (result.kind !== 'graph') throw new Error(`unexpected ${result.kind} result`);
    return result.graph;
  }

  /** The latest consolidation reports, newest first. */
  async reports(companyId: string, limit = 5): Promise<ConsolidationReport[]> {
    const result = await this.query(companyId, { kind: 'reports', limit });
    if (result.kind !== 'reports') throw new Error(`unexpected ${result.kind} result`);
    return result.reports;
  }

  /**
   * Creates the company's consolidation schedule if it is missing (every `interval`, overlapping
   * runs skipped). Returns whether it was created now.
   */
  async ensureSchedule(
    companyId: string,
    options: { interval?: Duration; consolidation?: ConsolidationOptions } = {},
  ): Promise<{ scheduleId: string; created: boolean }> {
    const scheduleId = memoryConsolidationScheduleId(companyId);
    try {
      await this.client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: options.interval ?? defaultConsolidationInterval }] },
        action: {
          type: 'startWorkflow',
          workflowType: 'memoryConsolidationWorkflow',
          workflowId: scheduleId,
          taskQueue: this.config.taskQueue,
          args: [
            {
              companyId,
              ...(options.consolidation ? { options: options.consolidation } : {}),
            } satisfies MemoryConsolidationInput,
          ],
          typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
          staticSummary: `Memory consolidation of company ${companyId}`,
        },
        policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
      });
      return { scheduleId, created: true };
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) return { scheduleId, created: false };
      throw error;
    }
  }

  async deleteSchedule(companyId: string): Promise<boolean> {
    try {
      await this.client.schedule.getHandle(memoryConsolidationScheduleId(companyId)).delete();
      return true;
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return false;
      throw error;
    }
  }

  /** Runs one consolidation now (beside the schedule, which it makes sure exists) and returns its report. */
  async consolidate(companyId: string, options: ConsolidationOptions = {}): Promise<ConsolidationReport> {
    // An unknown company fails here (bad input), before a schedule is created for it.
    await this.query(companyId, { kind: 'reports', limit: 1 });
    await this.ensureSchedule(companyId);
    try {
      return await this.client.workflow.execute('memoryConsolidationWorkflow', {
        workflowId: manualConsolidationWorkflowId(companyId, Date.now()),
        taskQueue: this.config.taskQueue,
        args: [{ companyId, options } satisfies MemoryConsolidationInput],
        typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
        staticSummary: `Memory consolidation of company ${companyId} (started by hand)`,
      });
    } catch (error) {
      throw translate(error);
    }
  }

  private async query(companyId: string, query: MemoryQuery): Promise<MemoryQueryResult> {
    try {
      return await this.client.workflow.execute('memoryQueryWorkflow', {
        workflowId: `company:${companyId}:memory-query:${randomUUID()}`,
        taskQueue: this.config.taskQueue,
        args: [{ companyId, query } satisfies MemoryQueryInput],
        staticSummary: `Memory ${query.kind} in company ${companyId}`,
        workflowExecutionTimeout: '2 minutes',
      });
    } catch (error) {
      throw translate(error);
    }
  }
}

/** A permanent memory failure is the caller's bad input (CLI exit 2); anything else stays as it is. */
function translate(error: unknown): unknown {
  if (!(error instanceof WorkflowFailedError)) return error;
  let cause: unknown = error.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type && badInputTypes.has(cause.type))
    return new InvalidInputError(cause.message);
  return error;
}
