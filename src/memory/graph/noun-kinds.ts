import { sharedWordNet, type Synset, type WordNet } from '../lexicon/wordnet.ts';

/**
 * The coarse kind of thing an English noun names, read from WordNet (src/memory/lexicon/wordnet.ts), for
 * judging a walk's hop by the kind of entity the question's step asks for (entity-kinds.ts): a person
 * ("owner", "supplier", "warden"), a group of people ("firm", "clinic", "team"), a place ("region", "venue",
 * "depot", "lab": a location or a building) or another made thing ("ship", "vehicle"). Nouns of other kinds
 * (acts, attributes, communication, food …: "contact", "lead", "course") name no kind here: they say what an
 * entity does or is worth, not what it is, so they neither match nor contradict any.
 */
export type NounKind = 'person' | 'group' | 'place' | 'thing';

/** Hypernyms that make an artifact a place one is at (a building, a facility), not a thing one moves. */
const placeHypernyms = new Set(['structure', 'facility', 'location', 'establishment', 'area', 'building']);

/** The kind one sense names, if it names one of {@link NounKind}. */
export function synsetKind(wordNet: WordNet, synset: Synset): NounKind | undefined {
  switch (synset.lexname) {
    case 'noun.person':
      return 'person';
    case 'noun.location':
      return 'place';
    case 'noun.group':
      // "course/line" is an arrangement, "team" a social group: only bodies of people are groups here.
      return above(wordNet, synset).some((word) => word === 'social group') ? 'group' : undefined;
    case 'noun.artifact':
      return above(wordNet, synset).some((word) => placeHypernyms.has(word)) ? 'place' : 'thing';
    default:
      return undefined;
  }
}

function above(wordNet: WordNet, synset: Synset): string[] {
  return wordNet.hypernymClosure(synset, 12).flatMap((parent) => parent.words);
}

const remembered = new Map<string, ReadonlySet<NounKind>>();

/**
 * The kinds a noun names in its first `senses` common senses (WordNet orders senses by frequency; named
 * individuals such as "Penn" the founder or "Leeds" the city are left out): "office" a place and a group,
 * "depot" a place, "owner" a person, "contact" none. Empty for a word WordNet does not hold as a
 * noun or whose first senses name no kind. Cached per word and sense count (a recall asks the same few words).
 */
export function nounKinds(word: string, senses: number, wordNet: WordNet = sharedWordNet()): ReadonlySet<NounKind> {
  const key = `${senses}:${folded(word)}`;
  let kinds = remembered.get(key);
  if (kinds === undefined) {
    kinds = new Set(
      wordNet
        .senses(folded(word), 'noun')
        .filter((synset) => !synset.instance)
        .slice(0, senses)
        .flatMap((synset) => synsetKind(wordNet, synset) ?? []),
    );
    if (remembered.size > 50_000) remembered.clear();
    remembered.set(key, kinds);
  }
  return kinds;
}

/** Lower case without diacritics: WordNet spells "café" as "cafe". */
export function folded(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
