import { questionPhrases } from './question-phrases.ts';
import { functionWords, stemOf } from './question-terms.ts';

/**
 * A question read as a chain of relations, in the order a walk from the named entity follows them
 * (tenth round, docs/memory-rounds.md): "Who heads the club section that employs the keeper of Grauhorn Hut?"
 * is Grauhorn Hut → (keeper of) → the keeper → (section that employs) → the section → (who heads) → the
 * answer. Each relation carries the stems of the words the question says about it, so the k-th
 * relation of a path can be checked against the k-th relation of the question, not against the whole
 * question's words: a look-alike path that says the question's words in the wrong places no longer
 * ties the chain that says them where the question does.
 *
 * How the chain is read, plain English question grammar: the clauses before a ";" or ":" state what
 * the question knows and run forward ("X has a warden; …"); the asking clause nests its phrases
 * backward, the answer first and the entity nearest the named one last ("who heads **the section**
 * that employs **the keeper** of X"). Bridge phrases are those {@link questionPhrases} finds; a
 * phrase said twice ("a clinic … that clinic") is one entity with both places' words.
 */
export interface QuestionChain {
  /** Per relation of the chain, from the named entity to the answer: the stems the question says of it. */
  relations: Set<string>[];
  /**
   * Per relation, the question's own words about it, in order, without the named entity (eleventh
   * round: what a sentence encoder compares the relation's note with, "the keeper of", "the keeper of
   * the section that employs").
   */
  clauses: string[];
  /**
   * Per bridge of the chain, in the same order: the noun the question calls it by ("section",
   * "keeper"), or undefined for a free relative ("whoever runs …").
   */
  heads: (string | undefined)[];
  /**
   * Stems the question says after the named entity where a preposition hangs it on a bridge in the asking
   * clause ("the club that the driver **of** X **volunteers** for **close** for **winter**"): the verbs of the
   * outer relations and of the answer's, in an order the reader cannot tell apart, so they are read into the
   * first relation but belong to any (fifteenth round: per-hop guidance holds no hop to them). After a
   * relative pronoun ("the boat that X **sails**") the words say the first relation and are not loose.
   */
  loose: Set<string>;
}

export function questionChain(question: string, names: readonly string[]): QuestionChain | undefined {
  const read = questionPhrases(question, names);
  if (read === undefined) return undefined;
  const { words, asking, bridges } = read;
  // The clause each token is in, and which clause asks (the last one with an asking word).
  const clauseOf: number[] = [];
  let clause = 0;
  for (const word of words) {
    if (word === ';' || word === ':') clause++;
    clauseOf.push(clause);
  }
  let askingClause = clauseOf[asking] ?? 0;
  for (let index = words.length - 1; index > asking; index--)
    if (askingWordsAt(words, index)) {
      askingClause = clauseOf[index] as number;
      break;
    }
  // Every place a node is said: the named entity's names, each bridge phrase (and its repeats), the answer.
  type Node = { key: string; places: number[] };
  const named: Node = { key: 'name', places: words.flatMap((word, index) => (word === 'name' ? [index] : [])) };
  const answerAt = firstAskingIn(words, clauseOf, askingClause) ?? asking;
  // The answer's own phrase and the main verb, where said apart from the asking word, say the answer's relation.
  const answerPlaces = [read.answerSaid, read.mainVerb].filter((place) => place !== undefined);
  const answer: Node = { key: 'answer', places: [answerAt, ...answerPlaces] };
  const bridgeNodes: Node[] = bridges.map((phrase) => ({
    key: phrase.head,
    places: [
      phrase.start,
      ...phrase.repeats,
      ...words.flatMap((word, index) =>
        index > phrase.start + 1 && word === phrase.head && introduces(words[index - 1]) ? [index - 1] : [],
      ),
    ],
  }));
  const anchors = [...new Set([named, answer, ...bridgeNodes].flatMap((node) => node.places))].sort((a, b) => a - b);
  const spanStems = (place: number): Set<string> => {
    const next = anchors.find((anchor) => anchor > place) ?? words.length;
    const stems = new Set<string>();
    for (let index = place; index < next; index++) {
      if (clauseOf[index] !== clauseOf[place]) break;
      const word = words[index] as string;
      if (word.length >= 3 && word !== 'name' && !functionWords.has(word) && !/^[;:?,]$/.test(word))
        stems.add(stemOf(word));
    }
    return stems;
  };
  const stemsOf = (node: Node) => new Set(node.places.flatMap((place) => [...spanStems(place)]));
  const spanWords = (place: number): string[] => {
    const next = anchors.find((anchor) => anchor > place) ?? words.length;
    const said: string[] = [];
    for (let index = place; index < next; index++) {
      if (clauseOf[index] !== clauseOf[place]) break;
      const word = words[index] as string;
      if (word !== 'name' && !/^[;:?,]$/.test(word)) said.push(word);
    }
    return said;
  };
  const wordsOf = (node: Node) => node.places.flatMap((place) => spanWords(place));
  // Chain order: bridges said in a stating clause, as said; then those of the asking clause, backward.
  const firstPlace = (node: Node) => Math.min(...node.places);
  const stating = bridgeNodes.filter((node) => (clauseOf[firstPlace(node)] as number) < askingClause);
  const asked = bridgeNodes.filter((node) => !stating.includes(node));
  stating.sort((left, right) => firstPlace(left) - firstPlace(right));
  asked.sort((left, right) => firstPlace(right) - firstPlace(left));
  const chain = [named, ...stating, ...asked, answer];
  const relations: Set<string>[] = [];
  const clauses: string[] = [];
  for (let index = 1; index < chain.length; index++) {
    const [from, to] = [chain[index - 1] as Node, chain[index] as Node];
    relations.push(new Set([...stemsOf(from), ...stemsOf(to)]));
    clauses.push([...wordsOf(from), ...wordsOf(to)].join(' '));
  }
  const heads = [...stating, ...asked].map((node) => (node.key.startsWith('~') ? undefined : node.key));
  // After "the driver of X" the words run on to the outer relations; after "the boat that X" they say the first.
  const loose = new Set(
    named.places
      .filter((place) => clauseOf[place] === askingClause && prepositions.has(words[place - 1] ?? ''))
      .flatMap((place) => [...spanStems(place)]),
  );
  return { relations, clauses, heads, loose };
}

const askingWords = new Set(['when', 'what', 'which', 'who', 'whom', 'whose', 'where']);
const prepositions = new Set(['of', 'for', 'at', 'with', 'from', 'behind', 'to', 'in', 'on', 'by']);
const introducers = new Set(['the', 'a', 'an', 'that', 'this', 'its', 'their', 'his', 'her', "'s"]);

function introduces(word: string | undefined): boolean {
  return word !== undefined && introducers.has(word);
}

function askingWordsAt(words: readonly string[], index: number): boolean {
  const word = words[index] as string;
  // "that" / "who" after a noun is a relative pronoun; an asking word opens its clause (after ";" or ":").
  const before = words[index - 1];
  return askingWords.has(word) && (before === ';' || before === ':');
}

function firstAskingIn(words: readonly string[], clauseOf: readonly number[], clause: number): number | undefined {
  for (let index = 0; index < words.length; index++)
    if (clauseOf[index] === clause && askingWords.has(words[index] as string)) return index;
  return undefined;
}
