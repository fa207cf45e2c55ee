/**
 * Which relation of a note the question's words point at (twenty-second round, docs/memory-rounds.md). The walk lets an edge
 * whose note says asking words of the question weigh at least `pathWeights.novelWords`, whatever its label. A record
 * states several relations from one subject in one note ("production: X" with "director: A", "lighting: B", "sound:
 * C"), so every one of them got that floor and "who lights X" walked to the director as readily as to the lighting
 * designer. Where a note states several relations from an entity and some of their labels say the asking words, the
 * floor goes to those only; a note stating one relation there is read as before.
 */
import { stemsSaid } from './question-terms.ts';

export const labelWords = {
  /**
   * Off by default: with the round's other rules on it cost one format-family question and moved grid families both
   * ways (docs/memory-rounds.md, twenty-second round). Off, every edge of a note saying asking words gets the floor.
   */
  enabled: false,
};

/**
 * The notes among `edges` (one entity's relations) where a relation's label says one of `stems` and another relation
 * of the same note from this entity does not: in those, only the relations whose labels say them get the floor.
 */
export function notesWithSaidLabels(
  edges: readonly { memoryId: number; label: string }[],
  stems: ReadonlySet<string>,
): Set<number> {
  const said = new Set<number>();
  if (!labelWords.enabled || stems.size === 0) return said;
  const labelled = new Map<number, boolean[]>();
  for (const edge of edges) {
    const list = labelled.get(edge.memoryId) ?? [];
    list.push(stemsSaid(edge.label, stems).size > 0);
    labelled.set(edge.memoryId, list);
  }
  for (const [memoryId, list] of labelled) if (list.includes(true) && list.includes(false)) said.add(memoryId);
  return said;
}

/** Whether an edge keeps the floor its note's asking words give: not where a sibling's label says them and its own does not. */
export function keepsWordFloor(
  edge: { memoryId: number; label: string },
  notes: ReadonlySet<number>,
  stems: ReadonlySet<string>,
): boolean {
  return !notes.has(edge.memoryId) || stemsSaid(edge.label, stems).size > 0;
}
