import { functionWords } from './question-terms.ts';
import {
  agentNoun,
  askingWords,
  auxiliaries,
  contentToken,
  copulas,
  possessivePronouns,
  prepositions,
  asksAmount,
} from './question-words.ts';

/** A bridge noun phrase of a question: where it starts among the question's tokens and its head word. */
export interface BridgePhrase {
  /** Index in {@link QuestionPhrases.words} of the word that opens the phrase (its determiner, "'s", …). */
  start: number;
  head: string;
  /**
   * Where the question says this entity again by another word of its phrase: the index of the opening
   * word ("an outside **caterer** … **that** caterer's supplier"). A repeat by the head itself is found
   * by the chain reader (question-chain.ts) as before.
   */
  repeats: number[];
}

/** A question's tokens, the index of its first asking word and its bridge phrases in the order said. */
export interface QuestionPhrases {
  /** Lower-case words and "'s"; the linked names and capitalised names after the first word are "name". */
  words: string[];
  asking: number;
  bridges: BridgePhrase[];
  /**
   * Where the answer's own phrase is said apart from the asking word: the "'s" of "who is that building's
   * **fire warden**" (its words say the answer's relation, not the building's).
   */
  answerSaid?: number;
  /**
   * Where the main verb of a do-question stands when its subject ends in a name hung by a preposition: "in
   * which town does the supplier of the caterer at Kelso Works **keep** its warehouse" — the words from
   * there say the answer's relation (the subject's to the answer), not the name's.
   */
  mainVerb?: number;
}

/**
 * The bridge phrases questionHops (question-hops.ts) counts, where each first occurs (tenth round: the
 * question's chain, question-chain.ts, is read from their positions). Undefined when the question asks
 * nothing. Each bridge is a noun phrase the question introduces with a determiner or a possessive ("the
 * lab", "that clinic", "the vendor's", "another van"), after "whose" ("the society whose **member** …") or
 * a free relative ("whoever teaches"); a phrase said again ("a clinic … that clinic", "an outside caterer
 * … that caterer") is one bridge. Not bridges (sixteenth round, docs/memory-rounds.md, each plain English
 * grammar): the answer's own phrase ("which courier", "who is **the fire warden** of …", "who is that
 * building's **fire warden**"); a noun a possessive pronoun opens ("keep **its warehouse**": something the
 * entity already named has, said in its relation); what of a phrase is asked — a thing hung by a
 * preposition on the next phrase right after the asking clause's verb ("the **samples** of the lab",
 * "when is **the renewal date** of …", "when does **the lease** end for …"), though not someone who acts
 * ("the **mentor** of the soloist" is on the chain); a predicate noun ("the vehicle that V is **the spare**
 * for": the relation's name); the unit of an amount ("how much **a year**").
 */
export function questionPhrases(question: string, names: readonly string[] = []): QuestionPhrases | undefined {
  const words = tokens(question, names);
  const asking = words.findIndex(
    (word, index) => askingWords.has(word) || (word === 'how' && asksAmount(words[index + 1] ?? '')),
  );
  if (asking < 0) return undefined;
  const phrases: (BridgePhrase & { said: string[] })[] = [];
  const add = (at: number | undefined, start: number) => {
    if (at === undefined) return;
    const head = words[at] as string;
    if (phrases.some((phrase) => phrase.head === head)) return;
    // "An outside caterer … that caterer": a demonstrative names again what a phrase said before.
    const before = words[at - 1] ?? '';
    const earlier = demonstratives.has(before) ? phrases.find((phrase) => phrase.said.includes(head)) : undefined;
    if (earlier !== undefined) {
      if (!earlier.repeats.includes(at - 1)) earlier.repeats.push(at - 1);
      return;
    }
    phrases.push({ start, head, repeats: [], said: phraseWords(words, at) });
  };
  const answerHead = answerPhraseHead(words, asking);
  const possessive = words[asking + 4] === "'s" ? asking + 4 : undefined;
  const answerSaid =
    possessive !== undefined && answerHead !== undefined && words[possessive + 1] === answerHead
      ? possessive
      : undefined;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === "'s") add(headAt(words, index + 1), index);
    if (word === 'name' || word === "'s") continue;
    if (freeRelatives.has(word)) {
      if (!phrases.some((phrase) => phrase.head === `~${word}`))
        phrases.push({ start: index, head: `~${word}`, repeats: [], said: [] });
    } else if (word === 'whose') add(headAt(words, index + 1), index);
    else if (determiners.has(word)) {
      if (word === 'that' && relativeThat(words, index)) continue;
      // "Keep its warehouse": what an entity already named has, said in its relation; "its holder" acts.
      if (possessivePronouns.has(word) && !agentNoun(wordAt(words, headAt(words, index + 1)) ?? '')) continue;
      // "How much a year", "how big a cut": the unit or the amount asked, not an entity.
      if ((word === 'a' || word === 'an') && words[index - 2] === 'how' && asksAmount(words[index - 1] ?? '')) continue;
      // "The Frost Recital soloist": a name that says which one of a kind the noun after it is.
      const named = word === 'the' && words[index + 1] === 'name' ? nounAfterName(words, index + 2) : undefined;
      add(named ?? headAt(words, index + 1), index);
    } else if (words[index + 1] === "'s") add(index, index);
  }
  const notBridges = new Set([answerHead, attributeObject(words, asking, answerHead), ...predicateNouns(words)]);
  return {
    words,
    asking,
    bridges: phrases
      .filter((phrase) => !notBridges.has(phrase.head))
      .map(({ start, head, repeats }) => ({ start, head, repeats })),
    ...(answerSaid === undefined ? {} : { answerSaid }),
    ...optional('mainVerb', mainVerbAfterSubject(words, asking)),
  };
}

/** Words that open a bridge phrase ("its", "their" … open none, see {@link questionPhrases}). */
const determiners = new Set(['the', 'a', 'an', 'that', 'this', 'another', 'some', ...possessivePronouns]);
const demonstratives = new Set(['that', 'this', 'the']);
const freeRelatives = new Set(['whoever', 'whatever', 'someone', 'somebody', 'something']);
/** Prepositions a do- or be-question's verb takes before the phrase its subject belongs to ("end **for**"). */
const verbPrepositions = new Set(['for', 'with', 'at', 'from', 'to']);

/** Lower-case words and "'s", the linked names and capitalised names after the first word made "name". */
function tokens(question: string, names: readonly string[]): string[] {
  let text = question;
  for (const name of names)
    if (name.length > 0) text = text.replace(new RegExp(`\\b${escape(name)}\\b`, 'giu'), ' name ');
  const raw = text.match(/[\p{L}\p{N}][\p{L}\p{N}-]*|['’]s\b|[;:?,]/gu) ?? [];
  const out: string[] = [];
  for (const [index, word] of raw.entries()) {
    if (/^['’]s$/.test(word)) out.push("'s");
    // A code with digits is a name even as the first word ("tkt-3613 was a duplicate; …").
    else if ((index > 0 && /^\p{Lu}/u.test(word)) || /\d/.test(word)) {
      if (out.at(-1) !== 'name') out.push('name');
    } else out.push(word.toLowerCase());
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the word that stands for the noun phrase starting at `start` is: its first word other than a
 * word that only says which one ("an **earlier** event", "the **other** van"), so "an earlier event …
 * that event's venue" is one phrase.
 */
function headAt(words: readonly string[], start: number): number | undefined {
  let first = start;
  while (articles.has(words[first] ?? '')) first++;
  for (let index = first; index < words.length && index < first + 3; index++) {
    const word = words[index] as string;
    if (word === 'name' || word === "'s" || /^[;:?,]$/.test(word) || functionWords.has(word)) return undefined;
    if (!whichOne.has(word)) return index;
  }
  return undefined;
}

/** Words that say which one of a kind a phrase means, not what kind. */
const articles = new Set(['the', 'a', 'an']);
const whichOne = new Set(['other', 'earlier', 'older', 'original', 'former', 'same', 'new', 'first', 'previous']);

/**
 * The words of the noun phrase whose head is at `at`: the head and up to two content words after it
 * ("outside **caterer**", "renewal **date**"), ending before a participle ("the firm **reselling**"), a
 * name, a possessive, a preposition or a punctuation mark.
 */
function phraseWords(words: readonly string[], at: number): string[] {
  const said = [words[at] as string];
  for (let index = at + 1; index < at + 3 && contentToken(words[index]); index++) {
    if (/(?:ing|ed)$/.test(words[index] as string)) break;
    said.push(words[index] as string);
  }
  return said;
}

/**
 * "The site **that** took over", "the port close **that** ships": right after a noun phrase a determiner
 * opened, "that" is a relative pronoun, as it is before a verb in -s or -ed ("that maintains").
 */
function relativeThat(words: readonly string[], index: number): boolean {
  const after = words[index + 1] ?? '';
  if (/(?<!s)s$|ed$/.test(after) && words[index + 2] !== "'s") return true;
  const previous = words[index - 1];
  if (!contentToken(previous) || /(?:ing|ed)$/.test(previous as string)) return false;
  const opener = contentToken(words[index - 2]) ? words[index - 3] : words[index - 2];
  return opener !== undefined && articles.has(opener);
}

/** The noun after a name in "the Frost Recital **soloist** teaches": a content word, not a verb, before more words. */
function nounAfterName(words: readonly string[], index: number): number | undefined {
  const word = words[index];
  if (!contentToken(word) || /(?:ed|ing|s)$/.test(word as string) || !contentToken(words[index + 1])) return undefined;
  return index;
}

/**
 * The answer's own noun: "which **courier**", "what **date**", "what is the renewal **date**"; and after
 * "who is" (sixteenth round) the person asked for, "who is the **fire** warden of …", "who is that
 * building's **fire** warden" — not an entity on the way.
 */
function answerPhraseHead(words: readonly string[], asking: number): string | undefined {
  const word = words[asking];
  const after = words[asking + 1];
  if (after === undefined) return undefined;
  if (word === 'which' || word === 'what') {
    if (!copulas.has(after)) return wordAt(words, headAt(words, asking + 1));
    return wordAt(words, headAt(words, asking + 2)) ?? possessedAfter(words, asking + 2);
  }
  if ((word === 'who' || word === 'whom') && copulas.has(after))
    return wordAt(words, headAt(words, asking + 2)) ?? possessedAfter(words, asking + 2);
  return undefined;
}

function wordAt(words: readonly string[], at: number | undefined): string | undefined {
  return at === undefined ? undefined : words[at];
}

/** "That building's **fire** warden": the head of what a demonstrative phrase's possessive opens. */
function possessedAfter(words: readonly string[], start: number): string | undefined {
  if (!demonstratives.has(words[start] ?? '') || words[start + 2] !== "'s") return undefined;
  return wordAt(words, headAt(words, start + 3));
}

/**
 * The noun phrase right after the asking clause's first verb when a preposition hangs another phrase
 * on it ("who picks up **the samples** of the lab", "when is **the renewal date** of the supplier …"), or
 * when it is the subject of a do- or be-question whose verb takes the next phrase ("when does **the
 * lease** end for the club", "when is **the hire** over for the vessel"): it names what of the answer is
 * asked, not an entity on the way. Not a phrase that is the object of a preposition ("who handles us at
 * the reseller for …") and not someone who acts ("the **mentor** of the soloist", question-words.ts).
 */
function attributeObject(words: readonly string[], asking: number, answerHead: string | undefined): string | undefined {
  for (let index = asking + 1; index < words.length && index < asking + 6; index++) {
    if (words[index] !== 'the') continue;
    const before = words[index - 1] ?? '';
    const at = headAt(words, index + 1);
    // "Who handles us at the reseller for …": a phrase a preposition hangs on the verb's object.
    if (at === undefined || (prepositions.has(before) && functionWords.has(words[index - 2] ?? ''))) return undefined;
    // "Where is the lead of the team …" names who stands there; "when is the renewal date of …" asks a time of a thing.
    if (copulas.has(before) && !asksTime(words[asking], answerHead)) return undefined;
    const head = words[at] as string;
    const said = phraseWords(words, at);
    const next = words[at + 1];
    // Someone who acts is on the chain when named by what they do to the next phrase ("the mentor of the
    // soloist"), as the subject ("does the supplier … keep") or after a preposition ("for the growers");
    // as the verb's own object hung by another preposition it is what is asked ("carries the pager for").
    if (agentNoun(head) && (next === 'of' || auxiliaries.has(before) || prepositions.has(before))) return undefined;
    if (next !== undefined && prepositions.has(next)) return head;
    // "When is the renewal date of": a compound noun before "of", after the copula of a question asking a time.
    if (copulas.has(before) && words[at + said.length] === 'of') return head;
    // "When does the lease end for the club": a verb of beginning or ending takes a period or an event as its subject.
    if (auxiliaries.has(before) && aspectual(next, words[at + 2]) && opensPhrase(words[at + 3])) return head;
    return undefined;
  }
  return undefined;
}

/** "End for", "start at", "over for", "run out with": a verb of beginning or ending and its preposition. */
function aspectual(verb: string | undefined, preposition: string | undefined): boolean {
  return verb !== undefined && aspectualVerbs.has(verb) && verbPrepositions.has(preposition ?? '');
}

const aspectualVerbs = new Set(['end', 'start', 'begin', 'finish', 'expire', 'lapse', 'stop', 'over', 'due', 'run']);

/** A word that opens a noun phrase (an article, a demonstrative, a free relative) or a linked name. */
function opensPhrase(word: string | undefined): boolean {
  return word !== undefined && (word === 'name' || determiners.has(word) || freeRelatives.has(word));
}

/** The question asks a time: "when …", "on what date …". */
function asksTime(asking: string | undefined, answerHead: string | undefined): boolean {
  return asking === 'when' || (answerHead !== undefined && timeNouns.has(answerHead));
}

const timeNouns = new Set(['date', 'day', 'month', 'year', 'deadline', 'time']);

/**
 * "The vehicle that V **is the spare for**", "someone who is the manager of": a noun after the copula of
 * a clause whose subject is a name or a relative pronoun, with a preposition after it, names the relation
 * between that subject and the next phrase, not an entity between them.
 */
function predicateNouns(words: readonly string[]): string[] {
  const nouns: string[] = [];
  for (let index = 1; index < words.length; index++) {
    if (!copulas.has(words[index] as string) || !relativeSubjects.has(words[index - 1] as string)) continue;
    if (!articles.has(words[index + 1] ?? '')) continue;
    const at = headAt(words, index + 1);
    if (at !== undefined) nouns.push(words[at] as string);
  }
  return nouns;
}

const relativeSubjects = new Set(['name', 'who', 'that', 'which']);

function optional<K extends string>(key: K, value: number | undefined): { [key in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [key in K]?: number };
}

/**
 * The main verb of "In which town **does** the supplier of the caterer at Kelso Works **keep** …": after the
 * asking phrase an auxiliary, then a subject of nouns and prepositions (no relative clause, no participle)
 * whose last phrase is a name hung by a preposition, then a verb.
 */
function mainVerbAfterSubject(words: readonly string[], asking: number): number | undefined {
  let index = asking + 1;
  while (contentToken(words[index])) index++;
  if (!auxiliaries.has(words[index] ?? '')) return undefined;
  for (let at = index + 1; at < words.length; at++) {
    const word = words[at] as string;
    if (word === 'name') {
      const verb = words[at + 1];
      return prepositions.has(words[at - 1] ?? '') && contentToken(verb) ? at + 1 : undefined;
    }
    if (clauseOpeners.has(word) || /^[;:?,]$/.test(word) || word === "'s" || /(?:ing|ed)$/.test(word)) return undefined;
  }
  return undefined;
}

const clauseOpeners = new Set(['that', 'who', 'whom', 'which', 'whose', 'where', 'when', 'whoever', 'whatever']);
