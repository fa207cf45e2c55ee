import type { AgentAction, ReviewVerdict } from '../domain/agent-action.ts';
import type { MemoryObservation } from './agent-tools.ts';
import type { MemoryService } from './memory-service.ts';
import { timeRecall } from '../observability/metrics.ts';
import { longestRecallQuery } from './hybrid-recall.ts';

/** What an agent step observes when its recall found no memory (the same words whichever way it was found). */
export function nothingRecalled(query: string): MemoryObservation {
  return { observation: `no memories match "${query}"`, recalledMemoryIds: [] };
}

/**
 * An agent step's recall answered without running it, when it cannot find anything: the company had no memory
 * left (none that is not archived) when the step reserved its spending, and the step wrote none since (no
 * compaction). Recall only ever returns the company's memories that are not archived, so the answer is the one
 * the recall would give, without its three statements and the query's embedding. Undefined, and the recall runs
 * as before, for any other action, a company with memories, a query recall would refuse, and a paid embedder
 * (whose query embedding is charged, and may be refused at the ceiling, whatever it finds).
 */
export async function nothingToRecall(
  service: MemoryService,
  action: AgentAction | ReviewVerdict,
  known: { companyHasMemories: boolean; compacted: boolean },
): Promise<MemoryObservation | undefined> {
  if (action.type !== 'recall' || known.companyHasMemories || known.compacted) return undefined;
  const query = action.query.trim();
  if (query.length === 0 || query.length > longestRecallQuery) return undefined;
  const { embedder } = await service.context();
  if (!embedder.offline) return undefined;
  // Still counted and timed as a recall: the agent asked for one and waited for its answer.
  return timeRecall('agent_step', () => Promise.resolve(nothingRecalled(action.query)));
}
