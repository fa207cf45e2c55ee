/**
 * Records written as `key: value` lines (twenty-second round, docs/memory-rounds.md): YAML and config files, contact cards,
 * a tracker's ticket with its fields under a title line. A record's lines say nothing of how their values relate but
 * by the field's name, and each line names one value, so read as sentences they state no relation at all. Here a
 * record's subject — a ticket title's first name, a bare `Name:` heading, else the first field that names something —
 * relates to every name or value of its other fields by the field's name ("club: Armley Athletic" then "home: Gotts
 * Park" gives Armley Athletic -home-> Gotts Park); a YAML list item (`- vendor: …`) is a record of its own, and a
 * nested field's name is read under its parent's ("creative:" then "  lighting: …" is "creative lighting"). A field
 * that says its value was replaced ("Old home:", "A → B") states nothing of the old value (record-facts.ts).
 *
 * Plain conventions of YAML, key: value files and issue trackers; nothing taken from an evaluation set.
 */
import { isEnglishWord } from './english-words.ts';
import { isSupersededStatus, recordFacts, type RecordFact, type RecordReading, type SpansOf } from './record-facts.ts';
import type { CellSpan } from './table-rows.ts';
import { isValueKind } from './value-spans.ts';

/** `key: value`, `- key: value` (a YAML list item) or `key:` opening nested fields; the key at most five words. */
const fieldLine =
  /^(\s*)(-\s+)?([\p{L}][\p{L}\p{N}_.'’/-]*(?: [\p{L}\p{N}_.'’/-]+){0,4}(?: \([^)]{1,40}\))?)\s*:(?:\s+(.*?))?\s*$/u;
/** A tracker ticket's title line: its code, then the title ("PROD-318 [Show] Lighting design"). */
const ticketTitle = /^\s*[A-Z][A-Z0-9]{1,11}-\d{1,7}\s+(.+)$/u;
const statusField = /^(?:status|state|resolution)$/iu;

interface Field {
  indent: number;
  item: boolean;
  key: string;
  value: string;
}

function parseField(line: string): Field | undefined {
  const match = fieldLine.exec(line);
  if (match === null || /^https?$/iu.test(match[3] ?? '')) return undefined;
  return { indent: (match[1] ?? '').length, item: match[2] !== undefined, key: match[3] ?? '', value: match[4] ?? '' };
}

/**
 * A value of plain words in sentence case ("Approved", "In progress") names nothing, though it opens with a capital;
 * "Canal Side Park" capitalises every word and names a place.
 */
function namesOf(value: string, spansOf: SpansOf): readonly CellSpan[] {
  const words = value.split(/\s+/u).filter(Boolean);
  const plain = words.every(
    (word, at) => /^\p{L}+$/u.test(word) && isEnglishWord(word) && (at === 0 || /^\p{Ll}/u.test(word)),
  );
  if (words.length <= 3 && plain) return [];
  return spansOf(value);
}

/** A ticket title as a sentence: its bracketed subject named first, a plain opening verb ("Set up …") in lower case. */
function titleSentence(title: string): string {
  const bracketed = /^\[([^\]]+)\]\s*(.*)$/u.exec(title);
  if (bracketed) return `${bracketed[1]} — ${bracketed[2]}`;
  const first = /^\p{L}+/u.exec(title)?.[0] ?? '';
  return first && isEnglishWord(first) ? first.toLowerCase() + title.slice(first.length) : title;
}

/**
 * The subject of fields indented under a line that is no field — a calendar entry's "  with: …" and "  where: …"
 * under "2034-05-17 10:00  The Hollow Lantern — lighting focus": the heading's first name that is no date or value.
 */
function headingSubject(lines: readonly string[], start: number, spansOf: SpansOf): CellSpan | undefined {
  const heading = lines[start - 1];
  const indent = (line: string) => (/^\s*/u.exec(line)?.[0] ?? '').length;
  if (heading === undefined || heading.trim() === '' || parseField(heading)) return undefined;
  if (indent(lines[start] as string) <= indent(heading)) return undefined;
  return spansOf(heading).find((span) => span.kind !== 'date' && !isValueKind(span.kind));
}

/** The facts of one record (a run of fields, or one list item), or none when it has no subject or says it lapsed. */
function readRecord(fields: readonly Field[], title: CellSpan | undefined, spansOf: SpansOf): RecordFact[] {
  let subject = title;
  const stated: { field: string; value: string }[] = [];
  const parents: { indent: number; key: string }[] = [];
  for (const field of fields) {
    while (parents.length > 0 && (parents.at(-1) as { indent: number }).indent >= field.indent) parents.pop();
    if (field.value === '') {
      const heading = field.indent === 0 && /^\p{Lu}/u.test(field.key) ? spansOf(field.key)[0] : undefined;
      if (subject === undefined && heading !== undefined) subject = heading;
      else parents.push({ indent: field.indent, key: field.key });
      continue;
    }
    if (statusField.test(field.key) && isSupersededStatus(field.value)) return [];
    const key = [...parents.map((parent) => parent.key), field.key].join(' ');
    if (subject === undefined) subject = namesOf(field.value, spansOf)[0];
    else stated.push({ field: key, value: field.value });
  }
  if (subject === undefined) return [];
  const plain: SpansOf = (value) => namesOf(value, spansOf);
  return recordFacts(subject, stated, plain);
}

/**
 * A note's records read as {@link RecordFact}s, their lines taken out of its text (a ticket's title stays, as a
 * sentence). A run of fewer than two field lines under no ticket title is no record and stays text.
 */
export function readRecordFields(text: string, spansOf: SpansOf): RecordReading {
  const lines = text.split('\n');
  const kept: string[] = [];
  const facts: RecordFact[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    const title = ticketTitle.exec(line)?.[1];
    const start = title !== undefined && parseField(lines[index + 1] ?? '') ? index + 1 : index;
    let end = start;
    while (end < lines.length && parseField(lines[end] as string)) end++;
    if (end - start < (title !== undefined ? 1 : 2)) {
      kept.push(line);
      index++;
      continue;
    }
    const sentence = title === undefined ? undefined : titleSentence(title);
    if (sentence !== undefined) kept.push(sentence);
    const subject = sentence === undefined ? headingSubject(lines, start, spansOf) : spansOf(sentence)[0];
    const fields = lines.slice(start, end).map((field) => parseField(field) as Field);
    const items = fields.reduce<Field[][]>((groups, field) => {
      if (field.item || groups.length === 0) groups.push([]);
      (groups.at(-1) as Field[]).push(field);
      return groups;
    }, []);
    for (const item of items) facts.push(...readRecord(item, subject, spansOf));
    index = end;
  }
  return { text: kept.join('\n'), facts };
}
