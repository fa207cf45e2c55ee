import { normalizeEntityName } from './extraction.ts';

/** A pronoun after a sentence's name ("P has had charge of **her** footplate") may speak of the previous sentence's. */
const laterPronoun = /\b(it|its|they|their|them|him|his|her)\b/gi;

/** A name's place and kind in a sentence (the offline extractor's spans). */
interface PlacedSpan {
  name: string;
  start: number;
  end: number;
  kind: string;
}

/** Which later pronouns the rule reads (offline-extractor-rules.ts's `offlineExtractorRules`). */
export interface LaterPronounRules {
  /** A pronoun before the sentence's one name as well ("Nearly everything it cooks arrives from X"). */
  earlierPronoun: boolean;
  /**
   * The pronoun may have one name before it and more after ("These days Quayside Freight hires it for the Baltic
   * loop"); without it, the sentence must name one entity in all (eighteenth round, docs/memory-rounds.md).
   */
  amidNames: boolean;
}

/**
 * The later-pronoun rule (twelfth round; moved here from offline-extractor.ts in the eighteenth): the sentence's
 * spans with the previous sentence's first name at the first pronoun after the sentence's one named entity, when
 * there is one such pronoun and the names differ; else the spans as found. Dates are no names here.
 */
export function withLaterPronoun<S extends PlacedSpan>(
  sentence: string,
  found: S[],
  previous: S,
  rules: LaterPronounRules,
): S[] {
  const named = found.filter((span) => span.kind !== 'date');
  const only = named[0];
  if (only === undefined || (named.length !== 1 && !rules.amidNames)) return found;
  const again = normalizeEntityName(previous.name);
  if (named.some((span) => normalizeEntityName(span.name) === again)) return found;
  for (const match of sentence.matchAll(laterPronoun)) {
    if (match.index < only.end && !(rules.earlierPronoun && match.index + match[0].length <= only.start)) continue;
    // Among several names the pronoun has exactly one before it: "Everything they buy comes from A, not from B"
    // leaves whose "they" it is open.
    const before = named.filter((span) => span.start < match.index).length;
    if (before > 1 || (named.length > 1 && before === 0)) return found;
    const at = { ...previous, start: match.index, end: match.index + match[0].length };
    return [...found, at].sort((left, right) => left.start - right.start);
  }
  return found;
}
