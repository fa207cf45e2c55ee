import { recall } from '../../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../../src/memory/memory-context.ts';

/**
 * The world of the tests whose questions start from a lower-case thing (passage-start, passage-start-partial,
 * thing-phrases): four machines, each serviced by its own contractor, who buys from its own wholesaler, whose trade
 * line is the answer. Each test says its machines, rooms and service notes its own way; the chain after the
 * contractor, and the question's wording around the thing, are these.
 */
export const contractors = ['Kilnbrook Engineering', 'Harlow Fluid Services', 'Oxley Process Care', 'Stannard Works'];
export const wholesalers = ['Mardle Parts', 'Corvel Parts', 'Threlkeld Parts', 'Dunmere Parts'];
export const tradeLines = ['0113 555 1234', '0113 555 2345', '0113 555 3456', '0113 555 4567'];

/** The `index`-th machine's chain after its service note: its contractor's wholesaler, and that wholesaler's line. */
export const supplyNotes = (index: number) => [
  { key: `spares-${index}`, content: `${contractors[index]} buys its spares from ${wholesalers[index]}.` },
  { key: `line-${index}`, content: `${wholesalers[index]} trade line ${tradeLines[index]}, ring before noon.` },
];

/** A chain that starts at a name ("Harbour Depot"; helpers/recall-statements.ts's `namedQuestion` asks it). */
export const depotNotes = [
  { key: 'depot-manager', content: 'Harbour Depot is managed by Ines Moreau.' },
  { key: 'manager-phone', content: 'Ines Moreau can be reached on 0113 555 9876.' },
];

/** The question of a machine's trade line, its thing said as `thing` ("keg washer in the cold store"). */
export const wholesalerQuestion = (thing: string) =>
  `Which number do we ring to order from the wholesaler supplying the contractor who services the ${thing}?`;

/** Per question (the `index`-th asks of the `index`-th machine), where recall ranks the note of its trade line (−1: not in the top 10). */
export async function answerRanks(
  context: MemoryContext,
  companyId: string,
  questions: readonly string[],
): Promise<number[]> {
  const ranks: number[] = [];
  for (const [index, query] of questions.entries()) {
    const result = await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 10 });
    ranks.push(result.memories.findIndex((memory) => memory.content.includes(tradeLines[index] as string)));
  }
  return ranks;
}
