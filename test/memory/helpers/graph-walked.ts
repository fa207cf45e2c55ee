import { recall } from '../../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../../src/memory/memory-context.ts';

/**
 * The keys of the notes the graph walk scores for `query` (recall with the graph signal alone: memories without
 * graph credit dropped), best first, among the top `limit`; a memory that is none of `notes` gives undefined.
 */
export async function graphWalkedKeys(
  context: MemoryContext,
  companyId: string,
  query: string,
  notes: readonly { key: string; content: string }[],
  limit: number,
): Promise<(string | undefined)[]> {
  const { memories } = await recall(context, {
    companyId,
    viewer: { kind: 'operator' },
    query,
    limit,
    weights: { vector: 0, text: 0, graph: 1, recency: 0, importance: 0, reinforcement: 0 },
  });
  return memories
    .filter((memory) => memory.signals.graph > 0)
    .map((memory) => notes.find((note) => note.content === memory.content)?.key);
}
