import { isModelLink, modelLinkLabel } from './model-edges.ts';
import { adjacentLinkLabel } from './adjacent-links.ts';
import { stemOf } from './question-terms.ts';
import { synonymsOf } from './step-synonyms.ts';

/**
 * A walk guided by the question's own parse (thirty-fifth round, issue 14; a bench arm, off unless a bench turns it
 * on). The question's relation lemmas (question-relations.ts, nearest its named entity first) are matched against
 * each edge's label words: a parser label is the note's lemmas ("lead by"), an offline label the note's words
 * ("leads"), compared as lemmas and else by the walk's crude stem (question-terms.ts). An edge whose label says a
 * lemma the path has not matched yet weighs {@link parseGuidance} `matched` (the next lemma in the question's order)
 * or `outOfOrder` (a later one), and a path's score follows the share of the lemmas it matched, as the walk's term
 * coverage follows the question's words. No relation vocabulary: only what the two parses say.
 *
 * - `boost`: a matching edge weighs at least that; every other edge as the walk's relation types weigh it.
 * - `replace`: the relation types' lexicon is out of the edge weights and the type coverage: an edge weighs what its
 *   label matches, else `unmatched` (a label with words) or `linkOnly` (no words: co-occurrence, a bare model link).
 */
export const parseGuidance = {
  mode: 'off' as 'off' | 'boost' | 'replace',
  matched: 1,
  outOfOrder: 0.7,
  unmatched: 0.4,
  linkOnly: 0.2,
  /** The power of ((1 + lemmas matched) / (1 + lemmas asked)) a path's score is multiplied by. */
  coverage: 1,
  /** Whether each step also reads an entity's relations whose labels say a lemma (walk-edges.ts `saidLabels`). */
  reads: false,
  /**
   * What an edge weighs whose label says a lemma only in WordNet's other words (its synonyms and derived forms in
   * its first two senses, step-synonyms.ts); 0 is off.
   */
  synonym: 0,
};

/** The label pattern the walk's reads look for (`reads` on): a word starting with a lemma's stem. */
export function saidLabelsPattern(lemmas: readonly string[] | undefined): string | undefined {
  if (lemmas === undefined || !parseGuidance.reads) return undefined;
  return `\\m(${[...new Set(lemmas.map(stemOf))].join('|')})`;
}

/** The relation lemmas of each question a bench or a test parsed (by the question's text). */
const parsedQuestions = new Map<string, readonly string[]>();

/** Records a question's relation lemmas (question-relations.ts) for the walk to read. */
export function guideQuestion(question: string, lemmas: readonly string[]): void {
  parsedQuestions.set(question, lemmas.slice(0, 24));
}

/** The lemmas guiding the walk for `question`: none when guidance is off or the question was not parsed. */
export function guidingLemmas(question: string): readonly string[] | undefined {
  if (parseGuidance.mode === 'off') return undefined;
  const lemmas = parsedQuestions.get(question);
  return lemmas === undefined || lemmas.length === 0 ? undefined : lemmas;
}

/** A label's words: a model link's stated label after its prefix; none for a bare link or co-occurrence. */
function labelWords(label: string): string[] {
  if (label === modelLinkLabel || label === 'related to' || label === adjacentLinkLabel) return [];
  const stated = isModelLink(label) ? label.slice(modelLinkLabel.length + 2) : label;
  return stated
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 3);
}

const otherWords = new Map<string, ReadonlySet<string>>();

/** The stems of a lemma's WordNet synonyms and derived forms (four letters or more: a shorter one starts too many). */
function otherStems(lemma: string): ReadonlySet<string> {
  let stems = otherWords.get(lemma);
  if (stems === undefined) {
    stems = new Set(
      synonymsOf(lemma, 2, false, true)
        .map(stemOf)
        .filter((stem) => stem.length >= 4 && stem !== stemOf(lemma)),
    );
    otherWords.set(lemma, stems);
  }
  return stems;
}

/** Which of `lemmas` (by index) a label says, in the lemma's own word, else (`synonym` on) in WordNet's others. */
function saidLemmas(label: string, lemmas: readonly string[]): { said: number[]; own: boolean } {
  const words = labelWords(label);
  if (words.length === 0) return { said: [], own: true };
  const stems = new Set(words.map(stemOf));
  const said: number[] = [];
  for (const [index, lemma] of lemmas.entries())
    if (words.includes(lemma) || stems.has(stemOf(lemma))) said.push(index);
  if (said.length > 0 || parseGuidance.synonym === 0) return { said, own: true };
  for (const [index, lemma] of lemmas.entries())
    for (const stem of otherStems(lemma))
      if (stems.has(stem)) {
        said.push(index);
        break;
      }
  return { said, own: false };
}

/** Per question's lemmas, what each label said (a walk reads hundreds of edges with a handful of labels). */
const labelsRead = new WeakMap<readonly string[], Map<string, { said: number[]; own: boolean }>>();

/**
 * An edge's weight under the guidance and the lemmas its path has matched after it (a bit mask over `lemmas`), given
 * the weight the walk's relation types give it (`typed`).
 */
export function guidedEdge(
  label: string,
  typed: number,
  lemmas: readonly string[],
  matched: number,
): { weight: number; matched: number } {
  let read = labelsRead.get(lemmas);
  if (read === undefined) labelsRead.set(lemmas, (read = new Map()));
  let found = read.get(label);
  if (found === undefined) read.set(label, (found = saidLemmas(label, lemmas)));
  const said = found.said.filter((index) => (matched & (1 << index)) === 0);
  let weight =
    parseGuidance.mode === 'replace'
      ? labelWords(label).length > 0
        ? parseGuidance.unmatched
        : parseGuidance.linkOnly
      : typed;
  let mask = matched;
  if (said.length > 0) {
    let next = 0;
    while ((matched & (1 << next)) !== 0) next++;
    const inOrder = said.includes(next);
    const own = inOrder ? parseGuidance.matched : parseGuidance.outOfOrder;
    weight = Math.max(weight, found.own ? own : Math.min(own, parseGuidance.synonym));
    mask |= 1 << (inOrder ? next : (said[0] as number));
  }
  return { weight, matched: mask };
}

/** What a path's score is multiplied by for the share of the question's lemmas it matched. */
export function lemmaCoverage(matched: number, lemmas: readonly string[]): number {
  let count = 0;
  for (let bits = matched; bits !== 0; bits &= bits - 1) count++;
  return ((1 + count) / (1 + lemmas.length)) ** parseGuidance.coverage;
}
