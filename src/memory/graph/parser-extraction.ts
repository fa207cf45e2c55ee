import type { CoreNlpDocument, CoreNlpSentence } from '../parser/corenlp-document.ts';
import type { GraphExtraction } from './extraction.ts';
import { normalizeEntityName } from './extraction.ts';
import { valueKindOf } from './value-spans.ts';
import { linkAdjacentSentences } from './adjacent-links.ts';

/**
 * A note's graph read from a syntactic parse (Stanford CoreNLP's JSON: corenlp-document.ts), thirty-fourth round:
 *
 * - **entities**: each named-entity mention (its class as the kind: a person, an organisation, a place, a date, a
 *   value), and each run of proper nouns the tagger marks (NNP, NNPS; "of" and "&" inside one) — made-up names the
 *   NER model does not know are still proper nouns. Where the two overlap, the longer span is the name.
 * - **relations**, between two entities of one sentence: OpenIE's triples (an entity inside the subject and one
 *   inside the object, labelled by the relation's words as lemmas, auxiliaries dropped), and the shortest path
 *   between the two names in the enhanced++ dependency graph, labelled by the verbs and nouns on it and the
 *   preposition of its last edge (`obl:on` → "on").
 * - **coreference** (when the document has it): a pronoun or a noun phrase CoreNLP resolves to a mention holding an
 *   entity stands for that entity, so "She is crewed by Ione Ussher" relates the engine the sentence before names.
 *
 * Every name is the note's own text between its first and last token's offsets.
 */
export interface ParserExtractionOptions {
  /** Which relations are kept: OpenIE's triples, dependency paths, or both. */
  relations: 'openie' | 'paths' | 'both';
  /** The longest dependency path (in edges) read as a relation. */
  maxPath: number;
  /** Whether proper-noun runs the NER model does not mark are entities too. */
  properNouns: boolean;
  /**
   * Whether two names of adjacent sentences that no relation joins are related (`related to`, the walk's weakest edge):
   * a parse relates names within a sentence only, and a note often says its bridge in the next sentence ("The Corve
   * Dale Fellowship was founded in 1968. Tamsin Tolley has turned up on its running days") — thirty-fifth round.
   */
  adjacentLinks: boolean;
}

export const parserExtraction: ParserExtractionOptions = {
  relations: 'both',
  maxPath: 4,
  properNouns: true,
  adjacentLinks: false,
};

/** A name in a sentence: tokens [begin, end) counted from 0. */
export interface Span {
  begin: number;
  end: number;
  name: string;
  kind: string;
}

const nerKinds: Record<string, string> = {
  PERSON: 'person',
  ORGANIZATION: 'organisation',
  LOCATION: 'place',
  CITY: 'place',
  COUNTRY: 'place',
  STATE_OR_PROVINCE: 'place',
  DATE: 'date',
  TIME: 'date',
  MONEY: 'money',
  PERCENT: 'percentage',
  NUMBER: 'quantity',
  MISC: 'thing',
};

/** NER classes that name nothing a chain passes through (a count of days, "every week", "first"). */
const skippedClasses = new Set(['DURATION', 'SET', 'ORDINAL']);

const properTags = new Set(['NNP', 'NNPS']);
/** Capitalised words that open a sentence or a line and are never part of a name. */
const openers = new Set([
  'The',
  'A',
  'An',
  'Our',
  'Its',
  'Their',
  'His',
  'Her',
  'This',
  'That',
  'For',
  'In',
  'On',
  'At',
]);
/** Parts of speech a sentence's first word has when its capital is the sentence's, not a name's. */
const openingTags = /^(RB|VB|IN|DT|PRP|CC|WRB|WP|WDT|MD|UH|EX|TO)/;
/** Words a proper name holds inside it ("Bank of England", "Marks & Spencer"). */
const innerWords = new Set(['of', '&']);
/** Words a relation label leaves out: auxiliaries and determiners say nothing of the relation. */
const auxiliaryDeps = new Set(['aux', 'aux:pass', 'cop', 'det', 'punct', 'mark', 'advmod']);

function textOf(text: string, sentence: CoreNlpSentence, begin: number, end: number): string {
  const first = sentence.tokens[begin];
  const last = sentence.tokens[end - 1];
  if (first === undefined || last === undefined) return '';
  return text.slice(first.characterOffsetBegin, last.characterOffsetEnd).trim();
}

function kindOf(name: string, ner: string | undefined): string {
  const mapped = nerKinds[ner ?? ''] ?? 'thing';
  if (mapped === 'quantity' || mapped === 'thing') return valueKindOf(name) ?? mapped;
  return mapped;
}

/** The NER mentions and proper-noun runs of a sentence, overlapping ones joined into the longer. */
export function sentenceSpans(text: string, sentence: CoreNlpSentence, options: ParserExtractionOptions): Span[] {
  const candidates: Span[] = [];
  for (const mention of sentence.entitymentions ?? []) {
    if (skippedClasses.has(mention.ner)) continue;
    const name = textOf(text, sentence, mention.tokenBegin, mention.tokenEnd);
    // "spring", "afternoons": a date word with no number or capital names no day a chain could pass through.
    if (!/[\p{Lu}\p{N}]/u.test(name)) continue;
    candidates.push({ begin: mention.tokenBegin, end: mention.tokenEnd, name, kind: kindOf(name, mention.ner) });
  }
  if (options.properNouns) {
    // The tagger reads a made-up name's words as common nouns or verbs now and then ("Cobalt/NNP Print/NN",
    // "Quaystone/NN Pay/VB"): a run of capitalised words is a name when the tagger marks one of them a proper noun, or
    // when it holds two or more (a capital inside a sentence). A word that opens the sentence as an adverb, a verb or a
    // function word ("Only Dorcas Tolley", "Ring Merrow Merchant") is capitalised for that alone and is left out.
    const tokens = sentence.tokens;
    const capitalised = (at: number) => /^\p{Lu}/u.test(tokens[at]?.word ?? '') && !openers.has(tokens[at]?.word ?? '');
    for (let at = 0; at < tokens.length; at++) {
      if (!capitalised(at)) continue;
      let end = at + 1;
      for (;;) {
        if (capitalised(end)) end++;
        else if (innerWords.has(tokens[end]?.word.toLowerCase() ?? '') && capitalised(end + 1)) end += 2;
        else break;
      }
      // A name's number or code after it is part of it ("Lot 25K980", "Syringe Driver 8184").
      const code = tokens[end];
      const spaced =
        code !== undefined && text.slice(tokens[end - 1]?.characterOffsetEnd, code.characterOffsetBegin) === ' ';
      if (spaced && code.ner !== 'DATE' && /\d/.test(code.word) && /^[\p{L}\p{N}]+$/u.test(code.word)) end++;
      let begin = at;
      const opens = at === 0 || /^[-+>*•"'“‘(]+$/.test(tokens[at - 1]?.word ?? '');
      if (opens && end - begin > 1 && openingTags.test(tokens[begin]?.pos ?? '')) begin++;
      if (end - begin > 1 || properTags.has(tokens[begin]?.pos ?? '')) {
        const name = textOf(text, sentence, begin, end);
        candidates.push({ begin, end, name, kind: kindOf(name, tokens[end - 1]?.ner) });
      }
      at = end - 1;
    }
  }
  // A code that mixes letters and digits ("tkt-7469", "INV-2291") names one thing wherever it is written.
  for (const [at, token] of sentence.tokens.entries())
    if (/\p{L}/u.test(token.word) && /\d/.test(token.word) && /^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(token.word))
      candidates.push({ begin: at, end: at + 1, name: textOf(text, sentence, at, at + 1), kind: 'thing' });
  // Longest first: a span inside a longer one is dropped, one that crosses it joins it.
  candidates.sort((left, right) => right.end - right.begin - (left.end - left.begin) || left.begin - right.begin);
  const kept: Span[] = [];
  for (const candidate of candidates) {
    const overlapping = kept.find((span) => candidate.begin < span.end && span.begin < candidate.end);
    if (overlapping === undefined) kept.push(candidate);
    else if (candidate.begin < overlapping.begin || candidate.end > overlapping.end) {
      overlapping.begin = Math.min(overlapping.begin, candidate.begin);
      overlapping.end = Math.max(overlapping.end, candidate.end);
      overlapping.name = textOf(text, sentence, overlapping.begin, overlapping.end);
    }
  }
  return kept
    .filter((span) => normalizeEntityName(span.name).length > 1)
    .sort((left, right) => left.begin - right.begin);
}

/** The token of [begin, end) whose governor lies outside it (the phrase's head), else its last token; from 0. */
export function headOf(sentence: CoreNlpSentence, begin: number, end: number): number {
  const edges = sentence.enhancedPlusPlusDependencies ?? sentence.basicDependencies ?? [];
  for (const edge of sentence.basicDependencies ?? edges) {
    const dependent = edge.dependent - 1;
    const governor = edge.governor - 1;
    if (dependent >= begin && dependent < end && (governor < begin || governor >= end)) return dependent;
  }
  return end - 1;
}

function lemmaOf(sentence: CoreNlpSentence, at: number): string {
  const token = sentence.tokens[at];
  return (token?.lemma ?? token?.word ?? '').toLowerCase();
}

/** The relation words of an OpenIE triple, as lemmas, without auxiliaries (a lone "be" is kept). */
function tripleLabel(sentence: CoreNlpSentence, begin: number, end: number): string {
  const deps = new Map((sentence.basicDependencies ?? []).map((edge) => [edge.dependent - 1, edge.dep]));
  const words: string[] = [];
  for (let at = begin; at < end; at++) if (!auxiliaryDeps.has(deps.get(at) ?? '')) words.push(lemmaOf(sentence, at));
  return (words.length > 0 ? words : [lemmaOf(sentence, begin)]).join(' ').slice(0, 60).trim();
}

const contentTags = /^(VB|NN|JJ|RP)/;

/**
 * The shortest path between two tokens in the enhanced++ graph (edges either way), within `maxPath` edges, as its
 * tokens from `from` to `to` and the label of the edge that reaches `to`.
 */
function dependencyPath(
  sentence: CoreNlpSentence,
  from: number,
  to: number,
  maxPath: number,
): { tokens: number[]; lastEdge: string } | undefined {
  const edges = sentence.enhancedPlusPlusDependencies ?? sentence.basicDependencies ?? [];
  const next = new Map<number, { token: number; dep: string }[]>();
  const link = (a: number, b: number, dep: string) => next.set(a, [...(next.get(a) ?? []), { token: b, dep }]);
  for (const edge of edges) {
    if (edge.governor === 0) continue;
    link(edge.governor - 1, edge.dependent - 1, edge.dep);
    link(edge.dependent - 1, edge.governor - 1, edge.dep);
  }
  const previous = new Map<number, { token: number; dep: string }>([[from, { token: -1, dep: '' }]]);
  let frontier = [from];
  for (let depth = 0; depth < maxPath && !previous.has(to); depth++) {
    const following: number[] = [];
    for (const token of frontier)
      for (const step of next.get(token) ?? [])
        if (!previous.has(step.token)) {
          previous.set(step.token, { token, dep: step.dep });
          following.push(step.token);
        }
    frontier = following;
  }
  const reached = previous.get(to);
  if (reached === undefined) return undefined;
  const tokens = [to];
  for (let at = reached.token; at !== -1; at = previous.get(at)?.token ?? -1) tokens.unshift(at);
  return { tokens, lastEdge: reached.dep };
}

/** A path's label: its inner content words as lemmas (in sentence order), then the last edge's preposition. */
function pathLabel(sentence: CoreNlpSentence, path: { tokens: number[]; lastEdge: string }, inside: Set<number>) {
  const inner = path.tokens
    .filter((token) => !inside.has(token) && contentTags.test(sentence.tokens[token]?.pos ?? ''))
    .sort((left, right) => left - right)
    .map((token) => lemmaOf(sentence, token));
  const preposition = /^(?:obl|nmod):(?!poss|tmod|npmod)([a-z_]+)$/.exec(path.lastEdge)?.[1]?.replaceAll('_', ' ');
  const words = [...inner.slice(0, 4), ...(preposition && preposition !== 'agent' ? [preposition] : [])];
  if (path.lastEdge === 'obl:agent') words.push('by');
  return words.join(' ').slice(0, 60).trim();
}

/** For each sentence (from 1) and token (from 1), the entity a coreference mention there stands for. */
function corefSpans(document: CoreNlpDocument, spans: Span[][]): Map<number, Span[]> {
  const added = new Map<number, Span[]>();
  for (const chain of Object.values(document.corefs ?? {})) {
    const representative = chain.find((mention) => mention.isRepresentativeMention);
    if (representative === undefined) continue;
    const held = (spans[representative.sentNum - 1] ?? []).find(
      (span) => span.begin >= representative.startIndex - 1 && span.end <= representative.endIndex - 1,
    );
    if (held === undefined) continue;
    for (const mention of chain) {
      if (mention === representative) continue;
      const sentenceSpans = spans[mention.sentNum - 1] ?? [];
      const [begin, end] = [mention.startIndex - 1, mention.endIndex - 1];
      if (sentenceSpans.some((span) => begin < span.end && span.begin < end)) continue;
      const list = added.get(mention.sentNum) ?? [];
      list.push({ begin, end, name: held.name, kind: held.kind });
      added.set(mention.sentNum, list);
    }
  }
  return added;
}

/** One note's graph from its CoreNLP annotation (see {@link ParserExtractionOptions}). */
export function extractGraphFromParse(
  text: string,
  document: CoreNlpDocument,
  options: ParserExtractionOptions = parserExtraction,
): GraphExtraction {
  const named = document.sentences.map((sentence) => sentenceSpans(text, sentence, options));
  const resolved = corefSpans(document, named);
  const entities = new Map<string, GraphExtraction['entities'][number]>();
  const relations = new Map<string, GraphExtraction['relations'][number]>();
  const relate = (source: Span, label: string, target: Span) => {
    const [sourceKey, targetKey] = [normalizeEntityName(source.name), normalizeEntityName(target.name)];
    if (label === '' || sourceKey === targetKey) return;
    const key = `${sourceKey}|${label}|${targetKey}`;
    if (!relations.has(key)) relations.set(key, { source: source.name, relation: label, target: target.name });
  };
  for (const [at, sentence] of document.sentences.entries()) {
    const own = named[at] ?? [];
    for (const span of own) {
      const key = normalizeEntityName(span.name);
      if (!entities.has(key)) entities.set(key, { name: span.name.slice(0, 120), kind: span.kind });
    }
    const spans = [...own, ...(resolved.get(sentence.index + 1) ?? [])].sort((a, b) => a.begin - b.begin);
    const within = (begin: number, end: number) => {
      const inside = spans.filter((span) => span.begin >= begin && span.end <= end);
      const head = headOf(sentence, begin, end);
      return inside.find((span) => head >= span.begin && head < span.end) ?? inside[0];
    };
    if (options.relations !== 'paths')
      for (const triple of sentence.openie ?? []) {
        const source = within(...triple.subjectSpan);
        const target = within(...triple.objectSpan);
        if (source && target) relate(source, tripleLabel(sentence, ...triple.relationSpan), target);
      }
    if (options.relations !== 'openie')
      for (const [index, source] of spans.entries())
        for (const target of spans.slice(index + 1)) {
          const [from, to] = [headOf(sentence, source.begin, source.end), headOf(sentence, target.begin, target.end)];
          const path = dependencyPath(sentence, from, to, options.maxPath);
          if (path === undefined) continue;
          const inside = new Set<number>();
          for (const span of [source, target])
            for (let token = span.begin; token < span.end; token++) inside.add(token);
          relate(source, pathLabel(sentence, path, inside) || 'related to', target);
        }
  }
  if (options.adjacentLinks)
    linkAdjacentSentences(named, relations.values(), relate, { label: 'related to', pairs: 'all', disjoint: false });
  return { entities: [...entities.values()].slice(0, 40), relations: [...relations.values()].slice(0, 60) };
}
