import { sharedWordNet } from '../lexicon/wordnet.ts';
import { isValueKind } from './value-spans.ts';

/**
 * Which of the previous sentence's names a sentence speaks of (eighteenth round, docs/memory-rounds.md). The offline
 * extractor relates names within a sentence; a sentence opening with "It" took the previous sentence's
 * **first** name, and one opening with a definite description ("the failing component turned out to be
 * invoice-relay", "The vendor is …") took none, so a relation stated across two sentences was lost:
 * "Lowri Penhale rolled out Osprey Ledger. It comes from Tamsin Analytics." related the person, not the tool,
 * to the vendor; "Katarina Uhlig filed tkt-5313; the failing component turned out to be invoice-relay." related
 * the ticket to nothing. English picks the referent by kind: "it" is no person, "the team" a group.
 */

/** A name's place and kind in a sentence (the offline extractor's spans). */
export interface ReferentSpan {
  name: string;
  start: number;
  end: number;
  kind: string;
}

/**
 * Whether a name reads as a person's: the extractor's kind says so (two capitalised words) and its last word is
 * no word WordNet lists ("Lowri Penhale"; "Osprey Ledger" and "Harbor Rota" are things). WordNet's index, not
 * english-words.ts: its glosses and endings make English of many surnames ("Erik" in a gloss, "-s", "-en").
 * A plural last word names a group ("Northlight Apps", "Tamsin Analytics"). A surname that is an English word
 * ("Ines Roe") or looks plural ("Evans") reads as a thing: "It" then takes it, as before this rule.
 */
export function personLike(span: ReferentSpan): boolean {
  if (span.kind !== 'person') return false;
  const last = span.name.split(' ').at(-1) ?? '';
  return !/[^s']s$/u.test(last) && !sharedWordNet().isWord(last.toLowerCase());
}

/** A name a pronoun or description can stand for: not a date or a value. */
function referable(span: ReferentSpan): boolean {
  return span.kind !== 'date' && !isValueKind(span.kind);
}

/**
 * The previous sentence's first name that is no person: one whose kind says so (a code, a team, a system) before
 * one read as a thing by its words ({@link personLike}); undefined where all are people.
 */
function firstThing(previous: readonly ReferentSpan[]): ReferentSpan | undefined {
  const candidates = previous.filter(referable);
  return candidates.find((span) => span.kind !== 'person') ?? candidates.find((span) => !personLike(span));
}

/** "It" / "Its" speak of the previous sentence's first name that is no person (undefined where all are people). */
export function neuterReferent(previous: readonly ReferentSpan[]): ReferentSpan | undefined {
  return firstThing(previous);
}

/** Prepositions that give a description a complement of its own. */
const prepositions = new Set(
  'in of at on for from with by to about under over near behind beside inside outside across within'.split(' '),
);

/** Words that end a description: auxiliaries and copulas, the verb after the noun phrase. */
const auxiliaries = new Set(
  'is are was were be been has have had will would can could shall should may might must does did do'.split(' '),
);

/**
 * A definite description opening a sentence ("The vendor", "the failing component", "This service"): the
 * determiner and up to three lower-case words, the phrase ending before an auxiliary, a word that is no WordNet
 * noun or adjective, or a verb's "-ed" / "-s" form after the first word. Its length and head noun.
 */
export function openingDescription(sentence: string): { length: number; head: string } | undefined {
  const determiner = /^(?:the|this|that)\s+/iu.exec(sentence);
  if (determiner === null) return undefined;
  const wordNet = sharedWordNet();
  let at = determiner[0].length;
  let head: string | undefined;
  for (let count = 0; count < 3; count++) {
    const word = /^\p{Ll}[\p{Ll}-]*/u.exec(sentence.slice(at))?.[0];
    if (word === undefined || auxiliaries.has(word) || prepositions.has(word)) break;
    const nominal = wordNet.senses(word, 'noun').length > 0 || wordNet.senses(word, 'adj').length > 0;
    // An adverb ends the phrase ("The mechanic now reports …"), a word mostly a noun does not ("part").
    const adverb = wordNet.senses(word, 'adv').length > wordNet.senses(word, 'noun').length;
    const verbOrAdverb = /(?:ed|[^s]s)$/u.test(word) || adverb;
    if (!nominal || (count > 0 && verbOrAdverb)) break;
    head = word;
    at += word.length;
    const space = /^\s+/u.exec(sentence.slice(at));
    if (space === null) break;
    at += space[0].length;
  }
  return head === undefined ? undefined : { length: at, head };
}

/**
 * The kind WordNet gives a description's head noun (its most frequent sense): `person`, `group` (a team, a firm,
 * a crew), or `thing`. Undefined where the word is no noun WordNet knows.
 */
function descriptionKind(head: string): 'person' | 'group' | 'thing' | undefined {
  const sense = sharedWordNet().senses(head, 'noun')[0];
  if (sense === undefined) return undefined;
  if (sense.lexname === 'noun.person') return 'person';
  if (sense.lexname === 'noun.group') return 'group';
  return 'thing';
}

/**
 * {@link offlineExtractorRules.definiteDescriptions}: where a sentence opens with a definite description and
 * names something after it, the previous sentence's name of the description's kind (a person for "the vendor's
 * rep", no person for "the failing component" or "the firm"), placed at the sentence's start so the
 * description's words label the relation ("failing component turned out to" invoice-relay). Undefined where
 * the sentence opens otherwise or no previous name is of that kind.
 */
export function descriptionReferent(
  sentence: string,
  found: readonly ReferentSpan[],
  previous: readonly ReferentSpan[],
): ReferentSpan | undefined {
  const description = openingDescription(sentence);
  if (description === undefined) return undefined;
  // "The lift in Larch Lodge is out": a description with its own complement names its referent itself.
  const after = /^\p{Ll}+/u.exec(sentence.slice(description.length))?.[0];
  if (after !== undefined && prepositions.has(after)) return undefined;
  if (found.some((span) => span.start < description.length) || !found.some(referable)) return undefined;
  const kind = descriptionKind(description.head);
  if (kind === undefined) return undefined;
  const referent = kind === 'person' ? previous.filter(referable).find(personLike) : firstThing(previous);
  return referent === undefined ? undefined : { ...referent, start: 0, end: 0 };
}
