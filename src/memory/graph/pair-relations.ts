import { directedRelationOf } from './relation-types.ts';
import { offlineExtractorRules } from './offline-extractor-rules.ts';
import { acrossQuantities } from './value-spans.ts';
import type { Span } from './entity-spans.ts';

const relationStopWords = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'its',
  'their',
  'his',
  'her',
]);

/**
 * The relation the words between two names state: its type when they say one (a typed relation may
 * span a short clause, "who joined in May and now leads"), else the words themselves when few,
 * else plain co-occurrence.
 */
export function relationBetween(sentence: string, from: number, to: number): { relation: string; reversed: boolean } {
  const words = sentence
    .slice(from, to)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !relationStopWords.has(word));
  const typed = words.length <= 8 ? directedRelationOf(words.join(' '), { nouns: words.length <= 2 }) : undefined;
  if (typed) return { relation: typed.type, reversed: typed.reversed };
  if (words.length > 5 && offlineExtractorRules.longGaps)
    return { relation: words.slice(0, 5).join(' '), reversed: false };
  return { relation: words.length === 0 || words.length > 5 ? 'related to' : words.join(' '), reversed: false };
}

/** The pairs of names a sentence relates, with the text range of the words between them: each name and the next. */
export function sentencePairs(spans: Span[]): { left: Span; right: Span; from: number; to: number }[] {
  const neighbours = spans.slice(1).map((right, index) => {
    const left = spans[index] as Span;
    return { left, right, from: left.end, to: right.start };
  });
  return [...neighbours, ...acrossQuantities(spans)];
}
