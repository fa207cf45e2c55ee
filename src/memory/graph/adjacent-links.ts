import { normalizeEntityName } from './extraction.ts';

/**
 * Links between the names of a note's adjacent sentences that no relation of the note joins (thirty-fifth round for
 * the parse, thirty-sixth for the offline rules; docs/memory-rounds.md). A note often says its bridge in the next
 * sentence ("The Corve Dale Fellowship was founded in 1968. Tamsin Tolley has turned up on its running days"), and an
 * extractor relating names within a sentence leaves the two unjoined, so no walk passes from one to the other.
 */

/**
 * The label the offline rules store such a link under: no relation type's trigger word is in it (relation-types.ts),
 * so the walk weighs it {@link adjacentLinks} `weight`, not as a relation whose words say no known type.
 */
export const adjacentLinkLabel = 'adjacent sentence';

/**
 * Which names of two adjacent sentences are linked: `all`, each of the first with each of the second (the parse's
 * rule); `ends`, the last name of the first with the first name of the second (the two the sentence break parts).
 */
export type AdjacentPairs = 'all' | 'ends';

/**
 * The offline extractor's lever (offline-extractor.ts reads it when a memory is written; graph-walk.ts reads `weight`
 * and `wordFloor` when one is recalled). Off by default; its other fields are the design frozen on the tuning families
 * only (ends, own label, 0.1: the one variant that cost no answers there; each pair of two adjacent sentences cost 13
 * two-hop answers of 1,264), docs/memory-rounds.md "Thirty-sixth round: adjacent-sentence links by the offline rules
 * (issue 14)".
 */
export const adjacentLinks = {
  /** Whether the offline extractor links adjacent sentences' names at all. */
  on: false,
  /** The label: bare co-occurrence (`related to`, the walk's 0.2) or {@link adjacentLinkLabel}. */
  label: adjacentLinkLabel as string,
  /** Which pairs of the two sentences are linked. */
  pairs: 'ends' as AdjacentPairs,
  /** Only sentences that share no name (a pronoun read as the name before counts as naming it) are linked. */
  disjoint: false,
  /** The walk's weight of an {@link adjacentLinkLabel} edge, whatever the question asks. */
  weight: 0.1,
  /** Whether the walk's floor for a note saying asking words (pathWeights.novelWords) lifts such an edge. */
  wordFloor: true,
};

/** What {@link linkAdjacentSentences} reads of a sentence's name. */
interface Named {
  name: string;
}

/** Options of one call: the parse's rule is `{ label: 'related to', pairs: 'all', disjoint: false }`. */
export interface AdjacentLinkRule {
  label: string;
  pairs: AdjacentPairs;
  disjoint: boolean;
}

/**
 * Relates names of each sentence (`named`, in sentence order, each sentence's names in text order) to those of the
 * sentence before, where no relation of the note (`relations`) joins the two either way, by calling `relate` with
 * `rule.label`. A pair is linked once, however many sentence breaks it spans.
 */
export function linkAdjacentSentences<Name extends Named>(
  named: readonly (readonly Name[])[],
  relations: Iterable<{ source: string; target: string }>,
  relate: (source: Name, label: string, target: Name) => void,
  rule: AdjacentLinkRule,
): void {
  const pairOf = (left: string, right: string) =>
    [normalizeEntityName(left), normalizeEntityName(right)].sort().join('|');
  const joined = new Set([...relations].map((relation) => pairOf(relation.source, relation.target)));
  for (let at = 1; at < named.length; at++) {
    const before = named[at - 1] ?? [];
    const after = named[at] ?? [];
    if (rule.disjoint) {
      const said = new Set(before.map((name) => normalizeEntityName(name.name)));
      if (after.some((name) => said.has(normalizeEntityName(name.name)))) continue;
    }
    const sources = rule.pairs === 'ends' ? before.slice(-1) : before;
    const targets = rule.pairs === 'ends' ? after.slice(0, 1) : after;
    for (const source of sources)
      for (const target of targets) {
        const pair = pairOf(source.name, target.name);
        if (normalizeEntityName(source.name) === normalizeEntityName(target.name) || joined.has(pair)) continue;
        relate(source, rule.label, target);
        joined.add(pair);
      }
  }
}
