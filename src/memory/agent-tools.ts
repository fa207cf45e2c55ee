import type { AgentAction, AgentStepInput, ContextCompaction, ReviewVerdict } from '../domain/agent-action.ts';
import type { MemoryGraphView } from '../../workflows/contracts/memory.ts';
import { compactContext, transcriptTokens } from './compaction.ts';
import { readSlot, writeSlot } from './compare-and-set.ts';
import { isMemoryError, MemoryVersionConflictError } from './errors.ts';
import { graphQuery } from './graph/graph-query.ts';
import { recall } from './hybrid-recall.ts';
import { nothingRecalled } from './nothing-to-recall.ts';
import { forget, remember } from './memory-store.ts';
import type { MemoryService } from './memory-service.ts';
import type { MemoryScope, Viewer } from './types.ts';
import { timeRecall } from '../observability/metrics.ts';

/** What a memory action of an agent step observed, for the transcript and the workflow. */
export interface MemoryObservation {
  observation: string;
  recalledMemoryIds?: number[];
  compaction?: ContextCompaction;
}

/** Transcript size (estimated tokens) at which the step compacts on its own: the safety net, not the main path. */
export const autoCompactTokens = 6_000;
/** Entries the automatic compaction keeps verbatim. */
const autoKeep = 4;
const recallLimit = 5;
const excerpt = 300;

const memoryActions = new Set(['recall', 'remember', 'forget', 'graph_query', 'compact_context']);

export function isMemoryAction(action: AgentAction | ReviewVerdict): boolean {
  return memoryActions.has(action.type);
}

function viewerOf(input: AgentStepInput): Viewer {
  return { kind: 'agent', agentId: input.agent.id, department: input.agent.department };
}

function clip(text: string, length = excerpt): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * Runs an agent's memory action inside its step (same activity, same idempotency key as the model
 * call): recall, remember (compare-and-set for named company memories), forget where the agent's
 * rank permits, graph_query and compact_context. Refusals (not permitted, stale version, bad input)
 * become observations the agent can act on; nothing is written for them.
 */
export async function observeMemoryAction(
  service: MemoryService,
  input: AgentStepInput,
  action: AgentAction | ReviewVerdict,
  callKey: string,
): Promise<MemoryObservation | undefined> {
  if (action.type === 'review' || !isMemoryAction(action)) return undefined;
  try {
    return await observe(service, input, action, callKey);
  } catch (error) {
    if (error instanceof MemoryVersionConflictError) {
      return {
        observation:
          `conflict: memory slot "${error.slot}" is at version ${error.currentVersion}, not ${error.expectedVersion}; ` +
          `nothing was written. Current content: ${clip(error.currentContent ?? '(none)', 1_000)}. ` +
          `Merge it with yours and remember again with expectedVersion ${error.currentVersion}.`,
      };
    }
    if (isMemoryError(error)) return { observation: `${action.type} refused: ${error.message}` };
    throw error;
  }
}

async function observe(
  service: MemoryService,
  input: AgentStepInput,
  action: AgentAction,
  callKey: string,
): Promise<MemoryObservation | undefined> {
  switch (action.type) {
    case 'recall': {
      const context = await service.context();
      const result = await timeRecall('agent_step', () =>
        recall(context, {
          companyId: input.companyId,
          viewer: viewerOf(input),
          query: action.query,
          ...(action.ids ? { ids: action.ids } : {}),
          limit: recallLimit,
          record: { key: callKey, workflowId: input.workflowId },
        }),
      );
      if (result.memories.length === 0) return nothingRecalled(action.query);
      return {
        observation: result.memories
          .map((memory) => `- [memory:${memory.id}] (${memory.scope}, ${memory.category}) ${clip(memory.content)}`)
          .join('\n'),
        recalledMemoryIds: result.memories.map((memory) => memory.id),
      };
    }
    case 'remember': {
      const context = await service.context();
      const provenance = { taskId: input.task.id, workflowId: input.workflowId };
      if (action.slot !== undefined) {
        const written = await writeSlot(context, {
          key: callKey,
          companyId: input.companyId,
          slot: action.slot,
          expectedVersion:
            action.expectedVersion ?? (await readSlot(service.pool, input.companyId, action.slot))?.version ?? 0,
          content: action.content,
          ...(action.category ? { category: action.category } : {}),
          ...(action.importance !== undefined ? { importance: action.importance } : {}),
          authorId: input.agent.id,
          provenance,
        });
        return {
          observation: `remembered memory:${written.id} as company slot "${action.slot}" version ${written.version}`,
        };
      }
      const scope: MemoryScope = action.scope ?? 'company';
      const ownerId =
        scope === 'agent' ? input.agent.id : scope === 'department' ? input.agent.department : input.companyId;
      const written = await remember(context, {
        key: callKey,
        companyId: input.companyId,
        scope,
        ownerId,
        ...(action.category ? { category: action.category } : {}),
        ...(action.importance !== undefined ? { importance: action.importance } : {}),
        content: action.content,
        authorId: input.agent.id,
        provenance,
      });
      return { observation: `remembered memory:${written.id} (${scope}): ${clip(action.content, 200)}` };
    }
    case 'forget': {
      const result = await forget(await service.context(), {
        companyId: input.companyId,
        ids: action.ids,
        who: {
          kind: 'agent',
          agentId: input.agent.id,
          department: input.agent.department,
          seniority: input.agent.seniority,
        },
        reason: action.reason || `forgotten during task ${input.task.id}`,
      });
      return {
        observation:
          result.forgotten.length === 0
            ? `already forgotten: ${action.ids.map((id) => `memory:${id}`).join(', ')}`
            : `forgot ${result.forgotten.map((id) => `memory:${id}`).join(', ')}`,
      };
    }
    case 'graph_query': {
      const view = await graphQuery(service.pool, {
        companyId: input.companyId,
        viewer: viewerOf(input),
        entity: action.entity,
        question: action.question,
        hops: action.hops,
        limit: 12,
      });
      return { observation: describeGraph(view, action.entity) };
    }
    case 'compact_context': {
      const compacted = await compact(service, input, `${callKey}`, action.keep, action.note);
      if (!compacted) return { observation: 'nothing to compact yet' };
      const { compaction } = compacted;
      return {
        observation: `compacted ${compaction.replaced} entries (about ${compaction.tokensBefore} → ${compaction.tokensAfter} tokens); details in memory`,
        compaction,
      };
    }
    default:
      return undefined;
  }
}

async function compact(service: MemoryService, input: AgentStepInput, key: string, keep: number, note?: string) {
  const result = await compactContext(await service.context(), service.language, {
    companyId: input.companyId,
    agentId: input.agent.id,
    taskId: input.task.id,
    workflowId: input.workflowId,
    key,
    transcript: input.transcript,
    keep,
    ...(note ? { note } : {}),
  });
  // The summary was reserved and recorded under `${key}#compaction` inside compactContext.
  return result;
}

/**
 * The safety net: a transcript past {@link autoCompactTokens} is compacted before the model sees it,
 * whatever the agent chose earlier. Undefined when the transcript is small enough.
 */
export async function autoCompact(
  service: MemoryService,
  input: AgentStepInput,
  callKey: string,
): Promise<ContextCompaction | undefined> {
  if (input.mode !== 'work' || transcriptTokens(input.transcript) <= autoCompactTokens) return undefined;
  return (await compact(service, input, `${callKey}#auto`, autoKeep, 'automatic compaction at the context threshold'))
    ?.compaction;
}

function describeGraph(view: MemoryGraphView, asked: string): string {
  if (!view.entity) {
    if (view.overview.length === 0)
      return asked ? `the memory graph knows no entity like "${asked}"` : 'the memory graph has no communities yet';
    return [
      'Company overview (communities):',
      ...view.overview.map((community) => `- ${community.title}: ${clip(community.summary, 400)}`),
    ].join('\n');
  }
  const lines = [`${view.entity.name} (${view.entity.kind})`];
  if (view.relations.length > 0) {
    lines.push(
      'Relations:',
      ...view.relations
        .slice(0, 15)
        .map(
          (relation) => `- ${relation.source} ${relation.relation} ${relation.target} [memory:${relation.memoryId}]`,
        ),
    );
  }
  if (view.neighbours.length > 0)
    lines.push(`Nearby: ${view.neighbours.map((neighbour) => `${neighbour.name} (${neighbour.hops})`).join(', ')}`);
  if (view.memories.length > 0)
    lines.push(
      'Mentioned in:',
      ...view.memories.slice(0, 5).map((memory) => `- [memory:${memory.id}] ${clip(memory.content, 200)}`),
    );
  if (view.community) lines.push(`Community: ${clip(view.community.summary, 400)}`);
  return lines.join('\n');
}

/** The step's input as the model sees it after an automatic compaction. */
export function withCompaction(input: AgentStepInput, compaction: ContextCompaction | undefined): AgentStepInput {
  if (!compaction) return input;
  return { ...input, transcript: [compaction.entry, ...input.transcript.slice(compaction.replaced)] };
}

/**
 * One compaction relative to the workflow's transcript when a step compacted twice (automatically,
 * then by the agent's own choice on the already compacted transcript).
 */
export function combineCompactions(
  first: ContextCompaction | undefined,
  second: ContextCompaction | undefined,
): ContextCompaction | undefined {
  if (!first || !second) return first ?? second;
  // The second compaction folded the first one's entry (always at index 0) into its own.
  return {
    replaced: first.replaced + second.replaced - 1,
    entry: second.entry,
    pointers: [...first.pointers, ...second.pointers],
    tokensBefore: first.tokensBefore,
    tokensAfter: second.tokensAfter,
  };
}

/** The memory fields of an agent step's result: observation, recalled ids, compaction. */
export function memoryStepFields(
  automatic: ContextCompaction | undefined,
  observed: MemoryObservation | undefined,
): { observation?: string; recalledMemoryIds?: number[]; compaction?: ContextCompaction } {
  const compaction = combineCompactions(automatic, observed?.compaction);
  return {
    ...(observed ? { observation: observed.observation } : {}),
    ...(observed?.recalledMemoryIds ? { recalledMemoryIds: observed.recalledMemoryIds } : {}),
    ...(compaction ? { compaction } : {}),
  };
}
