import { answerHop } from '../../../src/memory/graph/answer-hop.ts';
import { loopHops } from '../../../src/memory/graph/loop-hops.ts';
import { meaningWeights } from '../../../src/memory/graph/meaning-levers.ts';
import { recall } from '../../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../../src/memory/memory-context.ts';

/**
 * The step judge's boat family (meaning-hops and sentence-steps tests): per skipper, the key of the first note recall
 * gives "Who mends the boat that S sails?" by the graph signal alone, with the other meaning judges and the loop rule
 * off, so that the step judge alone decides (the look-alike names the skipper again, which the loop rule would mark
 * down on its own).
 */
export async function firstBoatNotes(
  context: MemoryContext,
  companyId: string,
  skippers: readonly (readonly string[])[],
  notes: readonly { key: string; content: string }[],
): Promise<(string | undefined)[]> {
  answerHop.exponent = 0;
  meaningWeights.answerAlignment = 0;
  loopHops.factor = 1;
  const keys: (string | undefined)[] = [];
  for (const [skipper] of skippers) {
    const { memories } = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: `Who mends the boat that ${skipper} sails?`,
      limit: 3,
      weights: { vector: 0, text: 0, graph: 1, recency: 0, importance: 0, reinforcement: 0 },
    });
    keys.push(notes.find((note) => note.content === memories[0]?.content)?.key);
  }
  return keys;
}
