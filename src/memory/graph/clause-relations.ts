/**
 * Which names of one sentence a relation joins, read clause by clause (thirteenth round, docs/memory.md).
 *
 * Until then the offline extractor joined each name to the next one in the sentence, whatever stood
 * between: "Its support desk is in Wrexham, and Dario Ashdown is our contact" linked Wrexham to Dario
 * Ashdown, and "Marram Fare signed an agreement with Pelham Foods in Ipswich on 11 July 2036" gave
 * Pelham Foods a town and Ipswich a date. In a handbook's paragraphs, where a note states its one link
 * and names other people, places and dates besides, most relations were such neighbours, and a walk
 * from a bridge found an answer-shaped entity one relation away. Read per clause instead:
 *
 * - a sentence splits into clauses at a comma (or a dash) before a conjunction that opens a clause of
 *   its own ("…, and Dario Ashdown is our contact", "…, when Ottilie signed the order"), and at a comma
 *   before anything else into a clause that speaks of the name just before it (", whose office is in
 *   Perth", ", who has handled us since …", ", hosted in Frankfurt");
 * - each clause has one subject: its first name that is no date; a clause after a conjunction whose
 *   first name is not where the clause opens ("…, and its staff moved to Y") has the sentence's subject;
 *   a clause after a bare comma has the name before the comma;
 * - the subject relates to the clause's first other name, and to every name that stands in the clause
 *   as a place or a time ("… with Pelham Foods **in** Ipswich **on** 11 July 2036" gives the subject
 *   "in" Ipswich and "on" the date, not Pelham Foods) or follows a date; any other name says something
 *   of the name before it ("employs Dr Vogt **as** a GP"), as before; a name after only "and" / "or"
 *   takes the relation of the name before it ("hired A and B").
 *
 * Names in different clauses relate only through the name a clause speaks of. Measured in the thirteenth
 * round and left off by default (offlineExtractorRules.clauses): it moved no held-out figure.
 */

/** A name found in a sentence: where it is and whether it is a date. */
export interface ClauseSpan {
  start: number;
  end: number;
  kind: string;
}

/** A relation to state: its two names (in the sentence's order of subject, then other) and the text range of its words. */
export interface ClausePair<S extends ClauseSpan> {
  subject: S;
  other: S;
  /** The words saying the relation are `sentence.slice(from, to)`. */
  from: number;
  to: number;
}

/** Conjunctions after a comma that open a clause with a subject of its own. */
const clauseConjunctions = new Set(
  'and but so yet or when while whereas although though because after before since until unless once as then'.split(
    ' ',
  ),
);
/** Words that may stand before a clause's subject without making it an object ("and the …"). */
const leading = new Set('a an the then also later now'.split(' '));

interface Segment {
  start: number;
  /** The clause opens with a conjunction: its own subject, or the sentence's. */
  conjunction: boolean;
}

function segmentsOf(sentence: string, spans: readonly ClauseSpan[]): Segment[] {
  const segments: Segment[] = [{ start: 0, conjunction: false }];
  for (const match of sentence.matchAll(/(?:,|\s[—–-])\s+([\p{L}]+)?/gu)) {
    // A comma inside a name or a date ("March 14, 2027") ends no clause.
    if (spans.some((span) => match.index > span.start && match.index < span.end)) continue;
    const word = match[1]?.toLowerCase();
    const conjunction = word !== undefined && clauseConjunctions.has(word);
    // A conjunction's clause starts after it; any other at the comma's next word.
    segments.push({ start: match.index + match[0].length - (conjunction ? 0 : (match[1]?.length ?? 0)), conjunction });
  }
  return segments;
}

/** Words that place a name in space or time, and nothing else ("in", "on the", "since"). */
const adjunctWords = /^\s*(?:in|on|at|since|during|until|near|around)(?:\s+the)?\s*$/iu;

/** Only "and", "or" or nothing between two names: the second continues a list. */
function continuesList(between: string): boolean {
  return /^[\s,]*(?:(?:and|or|&)\s*)?$/iu.test(between);
}

/** The relations a sentence's names state, clause by clause (see the module's comment). */
export function clausePairs<S extends ClauseSpan>(sentence: string, spans: readonly S[]): ClausePair<S>[] {
  const segments = segmentsOf(sentence, spans);
  const pairs: ClausePair<S>[] = [];
  let sentenceSubject: S | undefined;
  for (const [index, segment] of segments.entries()) {
    const end = segments[index + 1]?.start ?? sentence.length;
    const inside = spans.filter((span) => span.start >= segment.start && span.start < end);
    const before = spans.filter((span) => span.end <= segment.start).at(-1);
    const own = inside.find((span) => span.kind !== 'date') ?? inside[0];
    let subject: S | undefined;
    if (index === 0) subject = own;
    else if (segment.conjunction) {
      const opening = sentence
        .slice(segment.start, own?.start ?? segment.start)
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word.length > 0);
      const opensWithName = own !== undefined && opening.every((word) => leading.has(word));
      subject = opensWithName ? own : (sentenceSubject ?? own);
    } else subject = before ?? sentenceSubject ?? own;
    if (index === 0) sentenceSubject = subject;
    if (subject === undefined) continue;
    let previous: ClausePair<S> | undefined;
    // The words of the first relation: from the subject when it is in the clause or is the name a bare
    // comma follows ("Their driver, Maren Ashdown, …" says "driver"), else from the clause's start.
    const ownSubject = subject.start >= segment.start && subject.start < end;
    let previousEnd = ownSubject || (!segment.conjunction && subject === before) ? subject.end : segment.start;
    for (const span of inside) {
      if (span === subject) continue;
      const after = span.start > subject.start;
      const from = after ? previousEnd : segment.start;
      const between = previous === undefined ? '' : sentence.slice(previous.other.end, span.start);
      const list = previous !== undefined && after && continuesList(between);
      // After an object, a name the words between give a place or a time ("… with Pelham Foods in Ipswich")
      // is the clause's adjunct, and so is any name after a date; otherwise ("employs Dr Vogt as a GP",
      // "lifted the box onto MV Amber late on Sunday") it says something of the object before it.
      const adjunct = previous === undefined || previous.other.kind === 'date' || adjunctWords.test(between);
      const source = adjunct || !after ? subject : previous?.other;
      const pair =
        list && previous
          ? { ...previous, other: span }
          : { subject: source ?? subject, other: span, from, to: span.start };
      pairs.push(pair);
      if (after) {
        previous = pair;
        previousEnd = span.end;
      }
    }
  }
  return pairs;
}
