import { ApplicationFailure, Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ReservationRefusedError } from '../src/db/spend-reservations.ts';
import type { SynthorgConfig } from '../src/config/env.ts';
import { spendingBlockedReason } from '../src/db/spending-gate.ts';
import { UnpricedModelError } from '../src/llm/price-policy.ts';
import { withHeartbeats } from './heartbeats.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { summariseClusters } from '../src/memory/consolidation/clusters.ts';
import { mergeDuplicates } from '../src/memory/consolidation/duplicates.ts';
import { applyDecay, archiveLowValue, countActive, refreshGraph } from '../src/memory/consolidation/maintenance.ts';
import type { ReinforceRequest } from '../src/memory/consolidation/reinforcement.ts';
import { reinforce } from '../src/memory/consolidation/reinforcement.ts';
import { finishRun, listReports, startRun } from '../src/memory/consolidation/runs.ts';
import { isMemoryError, MemoryInputError } from '../src/memory/errors.ts';
import { rebuildCommunities } from '../src/memory/graph/communities.ts';
import { graphQuery } from '../src/memory/graph/graph-query.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryConfig } from '../src/memory/memory-config.ts';
import { memoryServiceFor } from '../src/memory/memory-service.ts';
import { keepStatistics } from '../src/memory/store-statistics.ts';
import type { Viewer } from '../src/memory/types.ts';
import { forgetAsOperator, importDocument, rememberAsOperator } from '../src/memory/import/operator-memory.ts';
import { timeRecall } from '../src/observability/metrics.ts';
import { MemoryQueryInputSchema, MemoryWriteInputSchema } from '../src/memory/request-schemas.ts';
import { parseRequest } from '../src/memory/validation.ts';
import type {
  ConsolidationReport,
  MemoryQueryInput,
  MemoryQueryResult,
  MemoryWriteInput,
  MemoryWriteResult,
} from '../workflows/contracts/memory.ts';

export interface MemoryActivityDependencies {
  pool: Pool;
  config: SynthorgConfig;
  /** Defaults to the environment (SYNTHORG_EMBEDDING_MODEL, SYNTHORG_MEMORY_MODEL). */
  memoryConfig?: MemoryConfig;
}

export interface ConsolidationTarget {
  runKey: string;
  companyId: string;
}

/** The report without what finishMemoryConsolidation measures at the end. */
export type ConsolidationParts = Omit<ConsolidationReport, 'finishedAt' | 'durationMs' | 'activeAfter'>;

/** Memory errors are permanent (bad input, another company's memory): non-retryable, typed for the caller. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isMemoryError(error)) throw ApplicationFailure.nonRetryable(error.message, error.type);
    if (error instanceof UnpricedModelError)
      throw ApplicationFailure.nonRetryable(error.message, FailureType.unpricedModel);
    // A memory call the budget refused before it was made (src/memory/paid-call.ts).
    if (error instanceof ReservationRefusedError)
      throw ApplicationFailure.nonRetryable(error.message, FailureType.budgetExceeded);
    throw error;
  }
}

/** The ledger key of an operator's memory search: its query workflow's id, so a retried attempt is charged once. */
function searchCharge(): { key: string; workflowId: string; purpose: string } {
  let workflowId: string | undefined;
  try {
    workflowId = Context.current().info.workflowExecution?.workflowId;
  } catch {
    // Called outside an activity (a direct call in a test): every call is its own search.
  }
  workflowId ??= `memory-search:${randomUUID()}`;
  return { key: `${workflowId}#search`, workflowId, purpose: 'operator memory search' };
}

function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Called outside an activity (a direct call in a test): nothing to report to.
  }
}

/**
 * Memory activities: reinforcement after review, the stages of a consolidation run (each
 * idempotent by run key and stage), and the read-only queries behind `synthorg memory`.
 */
export function createMemoryActivities({ pool, config, memoryConfig }: MemoryActivityDependencies) {
  const service = memoryServiceFor(pool, config, memoryConfig);

  async function reinforceMemories(request: ReinforceRequest): Promise<{ reinforced: number }> {
    return translated(() => reinforce(pool, request));
  }

  async function startMemoryConsolidation(target: ConsolidationTarget) {
    return translated(() => startRun(pool, target.runKey, target.companyId));
  }

  async function decayMemories(target: ConsolidationTarget) {
    return translated(() => applyDecay(pool, target));
  }

  async function refreshMemoryGraph(input: ConsolidationTarget & { limit: number }) {
    const blocked = await spendingBlockedReason(pool, input.companyId);
    if (blocked !== undefined) return { refreshed: 0, extractor: `skipped: ${blocked}` };
    return withHeartbeats(() =>
      translated(() => refreshGraph(pool, service.language, input, input.limit, heartbeat, config.modelPrices)),
    );
  }

  async function mergeDuplicateMemories(input: ConsolidationTarget & { minSimilarity: number }) {
    return withHeartbeats(() =>
      translated(async () => mergeDuplicates(await service.context(), input, input.minSimilarity)),
    );
  }

  /** Calls the memory model per cluster: skipped while the company may not spend (paused, at its ceiling). */
  async function summariseEpisodicMemories(
    input: ConsolidationTarget & { minAgeHours: number; minSize: number; maxClusters: number },
  ) {
    const blocked = await spendingBlockedReason(pool, input.companyId);
    if (blocked !== undefined) {
      return { summarised: 0, archived: 0, summaries: [], summarizer: `skipped: ${blocked}` };
    }
    return withHeartbeats(() =>
      translated(async () => summariseClusters(await service.context(), service.language, input, input)),
    );
  }

  async function archiveLowValueMemories(input: ConsolidationTarget & { minAgeHours: number; belowValue: number }) {
    return translated(() => archiveLowValue(pool, input, input));
  }

  /** Calls the memory model per community: skipped while the company may not spend. */
  async function rebuildMemoryCommunities(target: ConsolidationTarget) {
    const blocked = await spendingBlockedReason(pool, target.companyId);
    if (blocked !== undefined) return { communities: 0, entities: 0, summarizer: `skipped: ${blocked}` };
    return withHeartbeats(() =>
      translated(() => rebuildCommunities(pool, service.language, target, config.modelPrices)),
    );
  }

  /** Measures the end state and stores the report once; a retry returns the stored report. */
  async function finishMemoryConsolidation(parts: ConsolidationParts): Promise<ConsolidationReport> {
    const { rows } = await pool.query<{ report: ConsolidationReport | null }>(
      'SELECT report FROM memory_consolidation_runs WHERE run_key = $1',
      [parts.runKey],
    );
    const stored = rows[0]?.report;
    if (stored) return stored;
    // The run archived, merged and summarised memories and rewrote the graph: on PGlite (no autovacuum) analyse
    // what changed past autovacuum's threshold, so recall plans on fresh statistics. Nothing on PostgreSQL.
    await keepStatistics(pool);
    const finishedAt = new Date();
    const report: ConsolidationReport = {
      ...parts,
      activeAfter: await countActive(pool, parts.companyId),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - new Date(parts.startedAt).getTime(),
    };
    await finishRun(pool, report);
    return report;
  }

  async function queryMemory(untrusted: MemoryQueryInput): Promise<MemoryQueryResult> {
    return translated(async () => {
      const input = parseRequest(MemoryQueryInputSchema, untrusted, 'memory query');
      await assertCompany(pool, input.companyId);
      const { query } = input;
      switch (query.kind) {
        case 'search': {
          const viewer = await viewerFor(pool, input.companyId, query.agentId);
          const context = await service.context();
          const result = await timeRecall('search', () =>
            recall(context, {
              companyId: input.companyId,
              viewer,
              query: query.query,
              limit: query.limit ?? 10,
              // The query's embedding is a paid call on a provider embedder: the company pays, once per search.
              charge: searchCharge(),
            }),
          );
          return {
            kind: 'search',
            search: {
              companyId: input.companyId,
              query: query.query,
              agentId: query.agentId ?? null,
              backend: result.backend,
              embedder: (await service.context()).embedder.label,
              hits: result.memories.map((memory) => ({
                id: memory.id,
                score: memory.score,
                scope: memory.scope,
                ownerId: memory.ownerId,
                category: memory.category,
                content: memory.content,
                version: memory.version,
                authorId: memory.authorId,
                taskId: memory.taskId,
                createdAt: memory.createdAt,
                signals: memory.signals,
              })),
            },
          };
        }
        case 'graph': {
          const viewer = await viewerFor(pool, input.companyId, query.agentId);
          const graph = await graphQuery(pool, {
            companyId: input.companyId,
            viewer,
            entity: query.entity,
            ...(query.hops !== undefined ? { hops: query.hops } : {}),
          });
          return { kind: 'graph', graph };
        }
        case 'reports':
          return { kind: 'reports', reports: await listReports(pool, input.companyId, query.limit ?? 5) };
      }
    });
  }

  /** The operator's import, remember and forget; each idempotent (keys from content; forget archives once). */
  async function writeOperatorMemory(untrusted: MemoryWriteInput & { workflowId: string }): Promise<MemoryWriteResult> {
    return translated(async () => {
      const input = parseRequest(MemoryWriteInputSchema, untrusted, 'memory write');
      await assertCompany(pool, input.companyId);
      const context = await service.context();
      const { request, companyId, workflowId } = input;
      switch (request.kind) {
        case 'import': {
          const { kind: _kind, ...document } = request;
          return { kind: 'import', import: await importDocument(context, { ...document, companyId, workflowId }) };
        }
        case 'remember': {
          const { kind: _kind, ...fact } = request;
          return { kind: 'remember', remember: await rememberAsOperator(context, { ...fact, companyId, workflowId }) };
        }
        case 'forget':
          return {
            kind: 'forget',
            forget: await forgetAsOperator(context, {
              companyId,
              id: request.id,
              ...(request.reason !== undefined ? { reason: request.reason } : {}),
            }),
          };
      }
    });
  }

  return {
    writeOperatorMemory,
    reinforceMemories,
    startMemoryConsolidation,
    decayMemories,
    refreshMemoryGraph,
    mergeDuplicateMemories,
    summariseEpisodicMemories,
    archiveLowValueMemories,
    rebuildMemoryCommunities,
    finishMemoryConsolidation,
    queryMemory,
  };
}

async function assertCompany(pool: Pool, companyId: string): Promise<void> {
  const { rows } = await pool.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
  if (rows.length === 0) {
    throw ApplicationFailure.nonRetryable(`no company "${companyId}" in the database`, FailureType.invalidInput);
  }
}

/** The agent's view (its own, its department's and the company's memories), or the operator's (all). */
async function viewerFor(pool: Pool, companyId: string, agentId: string | undefined): Promise<Viewer> {
  if (agentId === undefined) return { kind: 'operator' };
  const { rows } = await pool.query<{ department: string | null }>(
    `SELECT agent->>'department' AS department
       FROM companies, jsonb_array_elements(template->'agents') AS agent
      WHERE id = $1 AND agent->>'id' = $2`,
    [companyId, agentId],
  );
  const department = rows[0]?.department;
  if (!department) throw new MemoryInputError(`company "${companyId}" has no agent "${agentId}"`);
  return { kind: 'agent', agentId, department };
}
