import { sharedWordNet, type PartOfSpeech } from '../lexicon/wordnet.ts';

/**
 * Words derivationally related to a word (nineteenth round, docs/memory-rounds.md): WordNet's `+` pointers, read as a noun
 * and as a verb in the word's first senses ("maintain" → "maintenance", "maintainer"; "supplier" → "supply"). The
 * question-terms stemmer already joins forms that differ by a suffix ("renew" / "renewal" share "renew"); the
 * derived forms it cannot join are the ones whose spelling changes ("maintain" / "maintenance" do share "maint",
 * but "sell" / "sale", "repair" / "reparation" do not). A step's synonyms (step-synonyms.ts) may take these forms
 * of its words and of the synonyms themselves ("mend" → "repair" → "repairer").
 *
 * Counted on the tuning families (bench/step-wording-counts.ts): a derived form is the first thing a true chain's
 * note says of its step in 51 of 6,936 hops, and in 59 of 23,706 notes that compete with those hops.
 */
export function derivedWordsOf(word: string, senses: number): readonly string[] {
  const wordNet = sharedWordNet();
  const found = new Set<string>();
  for (const pos of ['noun', 'verb'] as PartOfSpeech[])
    for (const form of wordNet.derivedForms(word, pos, senses)) if (!form.includes(' ')) found.add(form);
  found.delete(word);
  return [...found];
}
