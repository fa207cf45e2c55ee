import { copulaRelation } from './relation-gaps.ts';
import { normalizeEntityName } from './extraction.ts';
import type { Span } from './entity-spans.ts';
import { relationBetween, sentencePairs } from './pair-relations.ts';
import { thingKind, thingSpans } from './thing-phrases.ts';

/**
 * How a sentence's things relate to its names (offline-extractor.ts, `offlineExtractorRules.things`; thirty-first
 * round, docs/memory-rounds.md "things people write about as entities"). A thing relates to its neighbour by the same
 * words and rules as a name does: the extractor's own pair reading (pair-relations.ts).
 */

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
 * opening "it" / "its" speaks of (thing-phrases.ts, `subjectThing`). `copulaRoles`: whether identifying copulas are
 * read as the role they state (`offlineExtractorRules.copulaRoles`).
 */
export function thingRelations(
  sentence: string,
  spans: readonly Span[],
  things: readonly Span[],
  subject: { thing: Span; start: number; end: number } | undefined,
  copulaRoles: boolean,
): { source: string; relation: string; target: string }[] {
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
    const role = copulaRoles ? copulaRelation(sentence, merged, index) : undefined;
    const { relation, reversed } = role ?? relationBetween(sentence, from, to);
    const [source, target] = reversed ? [right.name, left.name] : [left.name, right.name];
    out.push({ source, relation, target });
  }
  return out;
}
