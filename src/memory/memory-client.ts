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
  DocumentImportView,
  MemoryWriteRequest,
  MemoryWriteResult,
  OperatorMemoryPlacementInput,
  RememberedMemoryView,
} from '../../workflows/contracts/memory.ts';
import { manualConsolidationWorkflowId, memoryConsolidationScheduleId } from '../../workflows/contracts/memory.ts';
import { isMemoryError, MemoryErrorType } from './errors.ts';
import { readDocuments } from './import/read-documents.ts';

/** What `memory import` did to each document, and in total. */
export interface MemoryImportView {
  companyId: string;
  documents: DocumentImportView[];
  created: number;
  unchanged: number;
  replaced: number;
}

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

  /**
   * Imports a Markdown or text file, or every such file under a folder, as memories: one per chunk
   * (headings, then paragraphs), with the file and section as provenance. Importing the same file
   * again changes nothing; a changed file replaces its old chunks. Files are read here, on the
   * caller's machine, and each goes to a worker in one `memoryWriteWorkflow`.
   */
  async importPath(
    companyId: string,
    path: string,
    placement: OperatorMemoryPlacementInput = {},
  ): Promise<MemoryImportView> {
    let documents;
    try {
      documents = await readDocuments(path);
    } catch (error) {
      throw isMemoryError(error) ? new InvalidInputError(error.message) : error;
    }
    const results: DocumentImportView[] = [];
    // One at a time: each is a transaction over the company's memory, and the order is the folder's.
    for (const document of documents) {
      const result = await this.write(companyId, {
        kind: 'import',
        document: document.document,
        format: document.format,
        text: document.text,
        contentHash: document.contentHash,
        ...placement,
      });
      if (result.kind !== 'import') throw new Error(`unexpected ${result.kind} result`);
      results.push(result.import);
    }
    const total = (field: 'created' | 'unchanged' | 'replaced') =>
      results.reduce((sum, result) => sum + result[field], 0);
    return {
      companyId,
      documents: results,
      created: total('created'),
      unchanged: total('unchanged'),
      replaced: total('replaced'),
    };
  }

  /** Stores one fact as the operator (company scope and semantic category unless told otherwise); idempotent. */
  async remember(
    companyId: string,
    content: string,
    placement: OperatorMemoryPlacementInput = {},
  ): Promise<RememberedMemoryView> {
    if (content.trim() === '') throw new InvalidInputError('the memory text is empty');
    const result = await this.write(companyId, { kind: 'remember', content, ...placement });
    if (result.kind !== 'remember') throw new Error(`unexpected ${result.kind} result`);
    return result.remember;
  }

  /** Archives one memory (recall no longer finds it; history stays). `forgotten` is false if it already was. */
  async forget(companyId: string, id: number, reason?: string): Promise<{ id: number; forgotten: boolean }> {
    if (!Number.isSafeInteger(id) || id < 1)
      throw new InvalidInputError(`a memory id is a positive whole number, got ${id}`);
    const result = await this.write(companyId, { kind: 'forget', id, ...(reason !== undefined ? { reason } : {}) });
    if (result.kind !== 'forget') throw new Error(`unexpected ${result.kind} result`);
    return result.forget;
  }

  private async write(companyId: string, request: MemoryWriteRequest): Promise<MemoryWriteResult> {
    try {
      return await this.client.workflow.execute('memoryWriteWorkflow', {
        workflowId: `company:${companyId}:memory-${request.kind}:${randomUUID()}`,
        taskQueue: this.config.taskQueue,
        args: [{ companyId, request }],
        typedSearchAttributes: [{ key: companyIdKey, value: companyId }],
        staticSummary: `Memory ${request.kind} in company ${companyId}${request.kind === 'import' ? `: ${request.document}` : ''}`,
        workflowExecutionTimeout: '10 minutes',
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
