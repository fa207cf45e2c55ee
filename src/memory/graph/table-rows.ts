/**
 * Tables pasted into a note (twentieth round, docs/memory-rounds.md): a CSV export ("asset,ward,from,to" then
 * "IP-4471,Heron Ward,2031-02-01,"), a markdown or bare pipe table ("| asset | ward | status |"), tab-separated
 * rows. In a row the relation between two cells is said only by the header's column names, so the offline extractor
 * reads a table row by row, not as sentences: the row's key cell (the thing the row is about) relates to each other
 * cell that names something or is a value, by the words of that cell's column ("asset → ward": "ward"), typed as
 * those words would be between two names in a sentence. Registers keep history: a row another row of the same key
 * supersedes — its status says old / superseded / replaced / no, or its end / to column is filled where another row
 * of the key is still open or ends later, or an older start date — states no relation, and its cells are no
 * entities of the note, as a wiki revision's removed row is not (mail-notes.ts): an old value is a wrong answer
 * to "what is it now", and a mention of it would credit the note to a walk ending there. A lone row with an end
 * date keeps its relation (a contract's end date is filled while it runs; a note gives no today to tell past
 * from planned).
 *
 * Plain conventions of CSV, TSV and markdown tables, nothing taken from an evaluation set.
 */
import { tableSupersededStatus } from './superseded-statuses.ts';

/** One row of a table: its cells by column, and the index of its key column. */
export interface TableRow {
  columns: readonly string[];
  cells: readonly string[];
  key: number;
}

/** A note's text without its tables' lines, and the current rows of its tables. */
export interface TableReading {
  /** The note's other lines, in order (a title line above a table stays: it is read as a sentence). */
  text: string;
  rows: TableRow[];
}

type Delimiter = '\t' | '|' | ',';

/** A markdown table's rule line under its header ("|---|:---:|"). */
const ruleLine = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/u;
/** A comment line inside or above a table ("# exported by facilities"). */
const commentLine = /^#\s/u;
/** Words of prose, never of a column name: a line that says them is a sentence with commas, not a header. */
const proseWords = new Set(
  'i you we they he she it me us them our your my his her their is are was were and or but the a an this that see thanks'.split(
    ' ',
  ),
);

/** The cells of a line split by `delimiter` (a CSV line's quoted cells may hold commas and doubled quotes). */
export function splitCells(line: string, delimiter: Delimiter): string[] {
  if (delimiter === '|') {
    const inner = line.trim().replace(/^\|/u, '').replace(/\|$/u, '');
    return inner.split('|').map((cell) => cell.trim());
  }
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === delimiter) {
      cells.push(current.trim());
      current = '';
    } else current += char;
  }
  cells.push(current.trim());
  return cells;
}

/** Column names: two or more, each one to four words of letters (no digit, colon or sentence end), no prose words. */
function headerCells(line: string, delimiter: Delimiter): string[] | undefined {
  if (!line.includes(delimiter)) return undefined;
  const cells = splitCells(line, delimiter);
  if (cells.length < 2) return undefined;
  const named = cells.every((cell) => {
    const words = cell.toLowerCase().split(/\s+/u);
    return (
      /^[\p{L}#][\p{L}\s/&()#.'’-]*$/u.test(cell) &&
      !/[.!?]$/u.test(cell) &&
      words.length <= (delimiter === ',' ? 3 : 4) &&
      !words.some((word) => proseWords.has(word))
    );
  });
  return named ? cells : undefined;
}

/** A row under `header`: as many cells or fewer (empty trailing cells trimmed away), two or more filled, each short. */
function rowCells(line: string, delimiter: Delimiter, header: readonly string[]): string[] | undefined {
  if (!line.includes(delimiter)) return undefined;
  const cells = splitCells(line, delimiter);
  if (cells.length > header.length || cells.filter((cell) => cell.length > 0).length < 2) return undefined;
  if (cells.some((cell) => cell.split(/\s+/u).length > 12)) return undefined;
  return [...cells, ...Array<string>(header.length - cells.length).fill('')];
}

/** Columns a register numbers or dates its rows by: never the row's key. */
const notKey = /^(?:#|no\.?|n[ºo°]|row|line|seq|date|from|to|since|until|start|end|status|state|updated|changed)$/u;
/** Columns whose filled cell ends a row's time (the row is over once a later one of its key is open). */
const endColumn =
  /^(?:to|until|till|end|ended|end date|date to|valid to|valid until|left|removed|moved out|out|date out|returned)$/u;
/** Columns whose cell starts a row's time (of two open rows of one key the later start holds). */
const startColumn = /^(?:from|since|start|started|start date|date from|valid from|effective|effective from|date in)$/u;
/** Columns that say whether a row holds. */
const statusColumn = /^(?:status|state|current|in force|active|live|valid)$/u;
const currentStatus = /^(?:current|in force|active|live|valid|yes|y|true|now)$/iu;
/** An end cell that leaves the row open. */
const openEnd = /^(?:|-+|–|—|n\/a|none|present|current|now|open|ongoing|tbc|tbd)$/iu;

/** The key column: the first that numbers, dates or states no row, else the first. */
function keyColumn(columns: readonly string[]): number {
  const key = columns.findIndex((column) => !notKey.test(column.toLowerCase()));
  return key < 0 ? 0 : key;
}

/**
 * The rows that hold: without those a status calls old, those whose end is filled where another row of their key
 * is open or ends later, those of a key another row explicitly calls current, and of two open rows of one key with
 * start dates the earlier.
 */
function currentRows(columns: readonly string[], rows: readonly string[][], key: number): string[][] {
  const lower = columns.map((column) => column.toLowerCase());
  const at = (pattern: RegExp) => lower.findIndex((column) => pattern.test(column));
  const [end, start, status] = [at(endColumn), at(startColumn), at(statusColumn)];
  const keyOf = (row: readonly string[]) => (row[key] ?? '').toLowerCase();
  const time = (cell: string | undefined) => (cell === undefined ? Number.NaN : Date.parse(cell));
  const closed = (row: readonly string[]) => end >= 0 && !openEnd.test(row[end] ?? '');
  const said = (row: readonly string[], pattern: RegExp) => status >= 0 && pattern.test(row[status] ?? '');
  return rows.filter((row) => {
    if (said(row, tableSupersededStatus)) return false;
    const others = rows.filter(
      (other) => other !== row && keyOf(other) === keyOf(row) && !said(other, tableSupersededStatus),
    );
    if (!said(row, currentStatus) && others.some((other) => said(other, currentStatus))) return false;
    if (closed(row) && others.some((other) => !closed(other) || time(other[end]) > time(row[end]))) return false;
    if (start >= 0 && !closed(row))
      return !others.some((other) => !closed(other) && time(other[start]) > time(row[start]));
    return true;
  });
}

/**
 * The tables of a note and its other lines. A table is a header line of column names followed by one or more rows
 * split the same way (tab first, then pipe, then comma: a pipe table's cells may hold commas); a markdown rule line
 * under the header and "# " comment lines among the rows belong to the table. A note without one comes back as it was.
 */
export function readTables(text: string): TableReading {
  const lines = text.split('\n');
  const kept: string[] = [];
  const rows: TableRow[] = [];
  let index = 0;
  while (index < lines.length) {
    const table = tableAt(lines, index);
    if (table === undefined) {
      kept.push(lines[index] as string);
      index++;
      continue;
    }
    const key = keyColumn(table.columns);
    for (const cells of currentRows(table.columns, table.rows, key)) rows.push({ columns: table.columns, cells, key });
    index = table.next;
  }
  return rows.length === 0 && kept.length === lines.length ? { text, rows } : { text: kept.join('\n'), rows };
}

/** The table whose header is line `index`, if one is: its column names, its rows, the line after it. */
function tableAt(
  lines: readonly string[],
  index: number,
): { columns: string[]; rows: string[][]; next: number } | undefined {
  const first = (lines[index] as string).trim();
  for (const delimiter of ['\t', '|', ','] as const) {
    const columns = headerCells(first, delimiter);
    if (columns === undefined) continue;
    const rows: string[][] = [];
    let next = index + 1;
    let end = next;
    while (next < lines.length) {
      const line = (lines[next] as string).trim();
      if (commentLine.test(line) || (delimiter === '|' && ruleLine.test(line))) {
        next++;
        continue;
      }
      const cells = rowCells(line, delimiter, columns);
      if (cells === undefined) break;
      rows.push(cells);
      next++;
      end = next;
    }
    if (rows.length > 0) return { columns: columns.map((column) => column.toLowerCase()), rows, next: end };
  }
  return undefined;
}

/** A name or value as the extractor finds it in text. */
export interface CellSpan {
  name: string;
  kind: string;
}

/** A relation a row states: its key cell's name, another cell's name, and its column's relation label. */
export interface RowPair {
  left: CellSpan;
  right: CellSpan;
  relation: string;
  reversed: boolean;
}

/**
 * The relations a row states: its key cell's first name (a row whose key names nothing states none) to each name or
 * value of every other cell, labelled by that cell's column as `labelOf` labels the words between two names.
 */
export function rowPairs(
  row: TableRow,
  spansOf: (cell: string) => readonly CellSpan[],
  labelOf: (column: string) => { relation: string; reversed: boolean },
): RowPair[] {
  const subject = spansOf(row.cells[row.key] ?? '')[0];
  if (subject === undefined) return [];
  const left = { name: subject.name, kind: subject.kind };
  return row.cells.flatMap((cell, column) =>
    column === row.key || cell.length === 0
      ? []
      : spansOf(cell).map((span) => ({
          left,
          right: { name: span.name, kind: span.kind },
          ...labelOf(row.columns[column] as string),
        })),
  );
}
