import { copulaRelation } from './relation-gaps.ts';
import { normalizeEntityName } from './extraction.ts';
import { thingKind, thingSpans } from './thing-phrases.ts';

/**
 * How a sentence's things relate to its names (offline-extractor.ts, `offlineExtractorRules.things`; thirty-first
 * round, docs/memory-rounds.md "things people write about as entities"). The extractor's own readings of a sentence are
 * passed in, so a thing relates to its neighbour by the same words and rules as a name does.
 */

/** A name, value or thing found in a sentence, with its place. */
export interface Span {
  name: string;
  start: number;
  end: number;
  kind: string;
}

/** The extractor's readings a thing's relations use (pair-relations.ts). */
export interface SentenceReading {
  /** The relation the words between two places state, as between two names. */
  relationBetween: (sentence: string, from: number, to: number) => { relation: string; reversed: boolean };
  /** The pairs a sentence relates: each span and the next, with the range between them. */
  sentencePairs: (spans: Span[]) => { left: Span; right: Span; from: number; to: number }[];
  /** Whether identifying copulas are read as the role they state (`offlineExtractorRules.copulaRoles`). */
  copulaRoles: boolean;
}

/**
 * A sentence's things (`offlineExtractorRules.things`) where no name is: a code name inside one, not as its head,
 * is part of it ("the brewhouse can seamer"; "concerns stock-mirror" is no thing).
 */
export function thingsIn(sentence: string, found: readonly Span[]): Span[] {
  return thingSpans(sentence)
    .filter(({ start, end }) =>
      found.every(
        (span) =>
          span.end <= start ||
          span.start >= end ||
          (span.kind === 'identifier' && span.start >= start && span.end < end),
      ),
    )
    .map(({ key, start, end }) => ({ name: key, start, end, kind: thingKind }));
}

/**
 * The relations a sentence's things take: each thing and its neighbour, as names relate to theirs, among the
 * sentence's names and things. The names' own relations stay as they were without things, so a thing said between
 * two names adds a path beside theirs and breaks none. `subject`: the previous sentence's subject thing, which an
 * opening "it" / "its" speaks of ({@link subjectThing}).
 */
export function thingRelations(
  sentence: string,
  spans: readonly Span[],
  things: readonly Span[],
  subject: { thing: Span; start: number; end: number } | undefined,
  reading: SentenceReading,
): { source: string; relation: string; target: string }[] {
  const { relationBetween, sentencePairs } = reading;
  if (things.length === 0 && subject === undefined) return [];
  const names = spans.filter(
    (span) =>
      !things.some((thing) => span.kind === 'identifier' && span.start >= thing.start && span.end <= thing.end) &&
      (subject === undefined || span.start !== subject.start),
  );
  const said = subject === undefined ? [] : [{ ...subject.thing, start: subject.start, end: subject.end }];
  const ordered = [...said, ...names, ...things].sort((left, right) => left.start - right.start);
  // A thing between two names that the words around it already relate is part of their relation ("The Brora UPS
  // carries the whole load of Linden Hall"): as an entity it would join every note that says "whole load".
  const merged = ordered.filter((span, index) => {
    const [left, right] = [ordered[index - 1], ordered[index + 1]];
    if (span.kind !== thingKind || left === undefined || right === undefined) return true;
    if (left.kind === thingKind || right.kind === thingKind) return true;
    return relationBetween(sentence, left.end, right.start).relation === 'related to';
  });
  const out: { source: string; relation: string; target: string }[] = [];
  for (const [index, { left, right, from, to }] of sentencePairs(merged).entries()) {
    if (left.kind !== thingKind && right.kind !== thingKind) continue;
    if (normalizeEntityName(left.name) === normalizeEntityName(right.name)) continue;
    const role = reading.copulaRoles ? copulaRelation(sentence, merged, index) : undefined;
    const { relation, reversed } = role ?? relationBetween(sentence, from, to);
    const [source, target] = reversed ? [right.name, left.name] : [left.name, right.name];
    out.push({ source, relation, target });
  }
  return out;
}
