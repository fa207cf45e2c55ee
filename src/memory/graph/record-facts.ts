/**
 * What the record readers (record-fields.ts, log-pairs.ts; twenty-second round, docs/memory-rounds.md) hand the offline
 * extractor: a record's subject, a field's value and the field's name, which labels the relation between them as the
 * words between two names in a sentence would.
 */
import { recordSupersededStatus } from './superseded-statuses.ts';
import type { CellSpan } from './table-rows.ts';

/** A relation a record states: its subject, a name or value of one of its fields, and the field's name. */
export interface RecordFact {
  subject: CellSpan;
  value: CellSpan;
  field: string;
}

/** A note's text without the lines a record reader read, and what those lines state. */
export interface RecordReading {
  text: string;
  facts: RecordFact[];
}

/** Finds the names and values in a piece of text, as the extractor does in a sentence. */
export type SpansOf = (text: string) => readonly CellSpan[];

/** Field names that say a value no longer holds: "Old home", "previous owner", "from" of a move. */
const supersededField = /^(?:old|previous|prior|former|ex|was|from|moved from|replaced)\b/iu;

/** Whether a field's name says its value was replaced. */
export const isSupersededField = (field: string): boolean => supersededField.test(field.trim());

/** Whether a status value says the record line it is on no longer holds (superseded-statuses.ts). */
export const isSupersededStatus = (value: string): boolean => recordSupersededStatus.test(value.trim());

/**
 * A field's current value: of "Rosalind Ingram → Rosalind Aldous" (a change a tracker logs) the part after the last
 * arrow; the value as written otherwise.
 */
export function currentValue(value: string): { current: string; replaced: string[] } {
  const parts = value.split(/\s*(?:→|->|=>|⟶)\s*/u);
  return { current: (parts.at(-1) ?? '').trim(), replaced: parts.slice(0, -1) };
}

/** A field's name as relation words: lower case, underscores and dots as spaces, a parenthesised aside left out. */
export function fieldWords(field: string): string {
  return field
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/[_.]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The facts of one record: its subject to every name or value of its fields, but not to a name the record itself
 * says was replaced (an arrow's left side, an "old …" field) — a note that moves a job from Ingram to Aldous does not
 * relate the show to Ingram.
 */
export function recordFacts(
  subject: CellSpan,
  fields: readonly { field: string; value: string }[],
  spansOf: SpansOf,
): RecordFact[] {
  const replaced = new Set<string>();
  for (const { field, value } of fields) {
    const { replaced: old } = currentValue(value);
    for (const text of isSupersededField(field) ? [value] : old)
      for (const span of spansOf(text)) replaced.add(span.name.toLowerCase());
  }
  const subjectName = subject.name.toLowerCase();
  return fields.flatMap(({ field, value }) =>
    isSupersededField(field)
      ? []
      : withRoles(field, currentValue(value).current).flatMap((part) =>
          spansOf(part.value)
            .filter((span) => !replaced.has(span.name.toLowerCase()) && span.name.toLowerCase() !== subjectName)
            .map((span) => ({ subject, value: { name: span.name, kind: span.kind }, field: part.field })),
        ),
  );
}

/**
 * A value listing names with their roles in brackets ("with: Ansel Castell (designer), Emrys Everitt (SM)"): each
 * name relates by its role, not by the field's name, which says only that they were there.
 */
function withRoles(field: string, value: string): { field: string; value: string }[] {
  const parts = value.split(/,\s*/u).map((part) => /^(.*\S)\s*\(([^()]{1,30})\)$/u.exec(part.trim()));
  if (parts.length === 0 || parts.some((part) => part === null)) return [{ field: fieldWords(field), value }];
  return parts.map((part) => ({ field: fieldWords(part?.[2] ?? field), value: part?.[1] ?? '' }));
}
