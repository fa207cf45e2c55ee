import { sharedWordNet, type PartOfSpeech } from '../lexicon/wordnet.ts';
import { functionWords, stemOf } from './question-terms.ts';
import { derivedWordsOf } from './step-derivations.ts';

/**
 * Words that say a question's step in other words (eighteenth round, docs/memory-rounds.md): per step of the chain
 * (question-chain.ts), the stems of the WordNet synonyms and direct hypernyms of the step's words in their first
 * senses as nouns and verbs ("supplier": provider, caterer's hypernym; "repairs": mend, fix, restore). Per-hop
 * guidance (hop-guidance.ts) counts a note as saying its step only where it says the question's own stems; a
 * note that says the step in a synonym reads as silent there. The stems of any of the question's steps are left
 * out, so a word of another step never counts as a synonym of this one.
 *
 * Set on the tuning grid only (docs/memory-rounds.md, eighteenth round: answer@5 0.711 / 0.514 → 0.721 / 0.530, mean of
 * cells 0.604 → 0.617; 1.2 gave 0.611, hypernyms at 1.2 0.613 with three cells down):
 * - `matched`: what a hop multiplies its path's credit by where its note says a synonym of its own step and none
 *   of the step's own stems (1 is off);
 * - `senses`: how many of a word's first senses give synonyms (WordNet orders senses by frequency);
 * - `hypernyms`: whether direct hypernyms count as well as synonyms.
 * - `derivations` (nineteenth round): whether the derivationally related forms of the step's words and of their
 *   synonyms count as well (step-derivations.ts).
 */
export const synonymHops = { matched: 1.5, senses: 2, hypernyms: false, derivations: false };

const remembered = new Map<string, readonly string[]>();

/**
 * The single-word synonyms (and direct hypernyms) of `word`'s first senses as a noun and a verb, lower case; with
 * `derivations`, also the derived forms of the word and of those synonyms (step-derivations.ts).
 */
export function synonymsOf(word: string, senses: number, hypernyms: boolean, derivations = false): readonly string[] {
  const key = `${senses}:${hypernyms}:${derivations}:${word}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const wordNet = sharedWordNet();
  const found = new Set<string>();
  for (const pos of ['noun', 'verb'] as PartOfSpeech[])
    for (const synset of wordNet
      .senses(word, pos)
      .filter((sense) => !sense.instance)
      .slice(0, senses)) {
      const around = hypernyms ? wordNet.hypernymClosure(synset, 1) : [synset];
      for (const sense of around) for (const said of sense.words) if (!said.includes(' ')) found.add(said);
    }
  if (derivations)
    for (const source of [word, ...found]) for (const form of derivedWordsOf(source, senses)) found.add(form);
  found.delete(word);
  const list = [...found];
  if (remembered.size > 50_000) remembered.clear();
  remembered.set(key, list);
  return list;
}

/**
 * Per step of the chain (its clause's words, `clauses`, and its stems, `relations`), the stems that say it in
 * other words: {@link synonymsOf} each content word of the clause, stemmed, without any stem of the question's
 * steps and without stems shorter than four letters (a short stem starts too many words).
 */
export function stepSynonyms(
  clauses: readonly string[],
  relations: readonly ReadonlySet<string>[],
): ReadonlySet<string>[] {
  const asked = new Set(relations.flatMap((step) => [...step]));
  return clauses.map((clause) => {
    const stems = new Set<string>();
    for (const word of clause.split(' ')) {
      if (word.length < 3 || functionWords.has(word) || !/^\p{L}+$/u.test(word)) continue;
      for (const synonym of synonymsOf(word, synonymHops.senses, synonymHops.hypernyms, synonymHops.derivations)) {
        const stem = stemOf(synonym);
        if (stem.length >= 4 && !asked.has(stem)) stems.add(stem);
      }
    }
    return stems;
  });
}
