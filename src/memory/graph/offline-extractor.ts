import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';
import { offlineExtractorRules } from './offline-extractor-rules.ts';
import { splitSentences } from './sentence-split.ts';
import { entitySpans } from './entity-spans.ts';
import type { Span } from './entity-spans.ts';
import { relationBetween, sentencePairs } from './pair-relations.ts';
import { pronounOpeners, standingOpeners } from './pronoun-openers.ts';
import { answeredQuestion, readMail } from './mail-notes.ts';
import { isValueKind } from './value-spans.ts';
import { copulaRelation } from './relation-gaps.ts';
import { descriptionReferent, neuterReferent } from './sentence-referents.ts';
import { withLaterPronoun } from './later-pronoun.ts';
import { readTables, rowPairs } from './table-rows.ts';
import { readRecords } from './record-notes.ts';
import { destinationFirst } from './move-sentences.ts';
import { aliasedExtraction, bridgeAliases } from './bridge-aliases.ts';
import { aliasTable, withAliasForms } from './alias-table.ts';
import { subjectThing, thingKind } from './thing-phrases.ts';
import { thingRelations, thingsIn } from './thing-relations.ts';
import { adjacentLinks, linkAdjacentSentences } from './adjacent-links.ts';

/**
 * The offline graph extractor: proper names (capitalised word runs), dates, quoted phrases and
 * lower-case identifiers (ticket, asset and system codes: "tkt-4821", "harrow-io") are entities; within a sentence, each entity relates to the next one by the words between them, typed
 * when those words say a relation type ("Alice heads Project Falcon" gives Alice -leads-> Project
 * Falcon; see relation-types.ts). A sentence opening with a pronoun ("Its contract renews on
 * 3 May") speaks of the previous sentence's first name. Deterministic and free; an LLM extractor
 * replaces it when a provider is configured.
 */
export function extractGraphOffline(text: string): GraphExtraction {
  const entities = new Map<string, { name: string; kind: string }>();
  const relations = new Map<string, { source: string; relation: string; target: string }>();
  let previousSubject: Span | undefined;
  let previousSpans: Span[] = [];
  // The last sentence that named anything, and its things ({@link offlineExtractorRules.things}).
  let previous: { sentence: string; things: Span[] } = { sentence: '', things: [] };
  // Each sentence's names, a pronoun read as the name it stands for ({@link adjacentLinks}).
  const sentenceNames: Span[][] = [];
  const mail = offlineExtractorRules.mail ? readMail(text, offlineExtractorRules.records) : { text, answered: [] };
  const statements = mail.answered.flatMap(({ question, reply }) => {
    const asked = new Set(entitySpans(question).map((span) => normalizeEntityName(span.name)));
    const answer = firstSentenceSpan(reply, asked);
    const statement = answer === undefined ? undefined : answeredQuestion(question, answer);
    return statement === undefined ? [] : [statement];
  });
  const tables = offlineExtractorRules.tables ? readTables(mail.text) : { text: mail.text, rows: [] };
  const spansOf = (part: string) => entitySpans(part).filter((span) => normalizeEntityName(span.name).length > 1);
  const records = offlineExtractorRules.records ? readRecords(tables.text, spansOf) : { text: tables.text, facts: [] };
  const opener = (offlineExtractorRules.standingPossessives ? standingOpeners : pronounOpeners)[
    offlineExtractorRules.mail ? 1 : 0
  ] as RegExp;
  const moves = (sentence: string) => (offlineExtractorRules.moves ? destinationFirst(sentence) : sentence);
  for (const sentence of [...splitSentences(records.text).map(moves), ...statements]) {
    const found = entitySpans(sentence).filter((span) => normalizeEntityName(span.name).length > 1);
    const matched = opener.exec(sentence);
    const pronoun =
      matched === null
        ? null
        : { 0: matched[0], index: matched.index, start: matched[0].length - (matched[1]?.length ?? 0) };
    const neuter =
      offlineExtractorRules.neuterIt && /^it/iu.test(matched?.[1] ?? '') ? neuterReferent(previousSpans) : undefined;
    const described =
      offlineExtractorRules.definiteDescriptions && pronoun === null && !onlyDates(found)
        ? descriptionReferent(sentence, found, previousSpans)
        : undefined;
    const spans =
      pronoun && previousSubject
        ? [
            { ...(neuter ?? previousSubject), start: pronoun.start, end: pronoun[0].length },
            ...found.filter((span) => span.start > pronoun.start),
          ]
        : described
          ? [described, ...found]
          : pronoun === null && previousSubject
            ? onlyDates(found) && offlineExtractorRules.dateSentences
              ? [{ ...previousSubject, start: 0, end: 0 }, ...found]
              : offlineExtractorRules.laterPronoun
                ? withLaterPronoun(sentence, found, previousSubject, offlineExtractorRules)
                : found
            : found;
    previousSubject = spans[0] ?? previousSubject;
    previousSpans = spans.length > 0 ? spans : previousSpans;
    sentenceNames.push(spans);
    for (const span of spans) {
      const key = normalizeEntityName(span.name);
      if (!entities.has(key)) entities.set(key, { name: span.name, kind: span.kind });
    }
    for (const [index, { left, right, from, to }] of sentencePairs(spans).entries()) {
      if (normalizeEntityName(left.name) === normalizeEntityName(right.name)) continue;
      const role = offlineExtractorRules.copulaRoles ? copulaRelation(sentence, spans, index) : undefined;
      const { relation, reversed } = role ?? relationBetween(sentence, from, to);
      const [source, target] = reversed ? [right.name, left.name] : [left.name, right.name];
      relations.set(`${source}|${relation}|${target}`, { source, relation, target });
    }
    if (offlineExtractorRules.things) {
      const things = thingsIn(sentence, found);
      const it = pronoun !== null && /^it/iu.test(matched?.[1] ?? '');
      const subject = it ? subjectThing(previous.sentence, previous.things, thingKind) : undefined;
      const said = subject && pronoun ? { thing: subject, start: pronoun.start, end: pronoun[0].length } : undefined;
      const thingLinks = thingRelations(sentence, spans, things, said, offlineExtractorRules.copulaRoles);
      for (const { source, relation, target } of thingLinks) {
        for (const name of [source, target])
          if (!entities.has(normalizeEntityName(name)))
            entities.set(normalizeEntityName(name), { name, kind: thingKind });
        relations.set(`${source}|${relation}|${target}`, { source, relation, target });
      }
      if (things.length > 0 || spans.length > 0) previous = { sentence, things };
    }
  }
  const labelOf = (column: string) => relationBetween(column, 0, column.length);
  const facts = records.facts.map(({ subject, value, field }) => ({ left: subject, right: value, ...labelOf(field) }));
  for (const { left, right, relation, reversed } of [
    ...tables.rows.flatMap((row) => rowPairs(row, entitySpans, labelOf)),
    ...facts,
  ]) {
    for (const span of [left, right])
      if (!entities.has(normalizeEntityName(span.name))) entities.set(normalizeEntityName(span.name), span);
    const [source, target] = reversed ? [right.name, left.name] : [left.name, right.name];
    if (normalizeEntityName(source) !== normalizeEntityName(target))
      relations.set(`${source}|${relation}|${target}`, { source, relation, target });
  }
  if (adjacentLinks.on)
    linkAdjacentSentences(
      sentenceNames,
      relations.values(),
      (left, relation, right) => {
        relations.set(`${left.name}|${relation}|${right.name}`, { source: left.name, relation, target: right.name });
      },
      adjacentLinks,
    );
  const kept = [...relations.values()].slice(0, 60);
  // A thing no relation uses is said in passing: as an entity it would only join this note to others saying it.
  const related = new Set(
    kept.flatMap(({ source, target }) => [normalizeEntityName(source), normalizeEntityName(target)]),
  );
  const named = [...entities.entries()].filter(([key, { kind }]) => kind !== thingKind || related.has(key));
  const extraction = { entities: named.map(([, entity]) => entity).slice(0, 40), relations: kept };
  const aliased = bridgeAliases.on ? aliasedExtraction(text, extraction) : extraction;
  return aliasTable.on ? withAliasForms(text, aliased) : aliased;
}

/** Whether a sentence's names are dates only (with {@link offlineExtractorRules.values}, dates and values; at least one). */
function onlyDates(found: readonly Span[]): boolean {
  const valueLike = (kind: string) => kind === 'date' || (offlineExtractorRules.values && isValueKind(kind));
  return found.length > 0 && found.every((span) => valueLike(span.kind));
}

/** The first name or value of a reply's first sentence that the question does not name. */
function firstSentenceSpan(reply: string, asked: ReadonlySet<string>): string | undefined {
  const first = splitSentences(reply)[0] ?? '';
  return entitySpans(first).find((span) => !asked.has(normalizeEntityName(span.name)))?.name;
}
