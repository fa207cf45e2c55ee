import type { CoreNlpDocument, CoreNlpSentence } from '../parser/corenlp-document.ts';
import { headOf, parserExtraction, sentenceSpans } from './parser-extraction.ts';
import { functionWords } from './question-terms.ts';

/**
 * A question's relation chain read from its own syntactic parse (thirty-fifth round): the lemmas of its verbs, nouns
 * and adjectives outside the names it links, nearest the named entity first. "Which vendor is used by the project
 * that Alice Moreau leads?" parses with "leads" one edge from "Alice Moreau", "project" two, "used" three, "vendor"
 * four: the chain from the named entity out reads lead, project, use, vendor — the order a walk from the entity meets
 * the relations in. Distance is counted over the enhanced++ dependency graph, both ways, from every name of the
 * sentence (sentenceSpans of parser-extraction.ts, the names a note's parse gives); a sentence with no name orders
 * its words last first (the named thing of "the X of the Y of Z" comes last). No word list of relations: the parse's
 * parts of speech and English function words (question-terms.ts) choose the words.
 */
const relationTags = /^(VB|NN|JJ)/;
/** Verbs only: what a note's relation label says most often, where a noun of the question may name the answer's class. */
const verbTags = /^VB/;

/** Lemmas that say no relation whatever the family: auxiliaries and light verbs (the function words cover the rest). */
const lightLemmas = new Set(['be', 'have', 'do', 'get', 'make', 'take']);

/** The undirected distance (in dependency edges) from `sources` to every token of a sentence, counted from 0. */
function distancesFrom(sentence: CoreNlpSentence, sources: readonly number[]): Map<number, number> {
  const next = new Map<number, number[]>();
  const link = (a: number, b: number) => next.set(a, [...(next.get(a) ?? []), b]);
  for (const edge of sentence.enhancedPlusPlusDependencies ?? sentence.basicDependencies ?? []) {
    if (edge.governor === 0) continue;
    link(edge.governor - 1, edge.dependent - 1);
    link(edge.dependent - 1, edge.governor - 1);
  }
  const distance = new Map<number, number>(sources.map((token) => [token, 0]));
  let frontier = [...sources];
  for (let depth = 1; frontier.length > 0; depth++) {
    const following: number[] = [];
    for (const token of frontier)
      for (const other of next.get(token) ?? [])
        if (!distance.has(other)) {
          distance.set(other, depth);
          following.push(other);
        }
    frontier = following;
  }
  return distance;
}

/** The question's relation lemmas, nearest its named entities first (see the module's comment). */
export function questionRelations(text: string, document: CoreNlpDocument, verbsOnly = false): string[] {
  const tags = verbsOnly ? verbTags : relationTags;
  const found: { lemma: string; distance: number; at: number }[] = [];
  for (const sentence of document.sentences) {
    const spans = sentenceSpans(text, sentence, parserExtraction);
    const inside = (at: number) => spans.some((span) => at >= span.begin && at < span.end);
    const distance = distancesFrom(
      sentence,
      spans.map((span) => headOf(sentence, span.begin, span.end)),
    );
    for (const [at, token] of sentence.tokens.entries()) {
      const lemma = (token.lemma ?? token.word).toLowerCase();
      if (inside(at) || !tags.test(token.pos ?? '') || lemma.length < 3) continue;
      if (functionWords.has(lemma) || lightLemmas.has(lemma) || !/^\p{L}+$/u.test(lemma)) continue;
      found.push({ lemma, distance: spans.length > 0 ? (distance.get(at) ?? 99) : sentence.tokens.length - at, at });
    }
  }
  found.sort((left, right) => left.distance - right.distance || left.at - right.at);
  return [...new Set(found.map((word) => word.lemma))];
}
