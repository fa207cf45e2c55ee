import { howWords, quantityAnswers } from './measures.ts';
import { functionWords } from './question-terms.ts';

/**
 * The word classes the question reader (question-phrases.ts) tells a question's grammar by: plain English,
 * nothing taken from an evaluation set (sixteenth round, docs/memory-rounds.md).
 */
export const askingWords: ReadonlySet<string> = new Set(['when', 'what', 'which', 'who', 'whom', 'whose', 'where']);
/** "How much does …", "how large is …": a question asking an amount (fourteenth round), not "how we deploy". */
const quantities: ReadonlySet<string> = new Set([
  'much',
  'many',
  'large',
  'big',
  'long',
  'high',
  'old',
  'often',
  'far',
]);
/**
 * Whether "how" before this word asks an amount: the words above, and with `quantityAnswers.asked` every
 * adjective of measure ("how hot", "how fast", "how heavy"; measures.ts, twentieth round).
 */
export function asksAmount(word: string): boolean {
  return quantities.has(word) || (quantityAnswers.asked && Object.hasOwn(howWords, word));
}
export const copulas: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were']);
/** Words that carry a do- or be-question's tense before its subject ("when **does** the lease end"). */
export const auxiliaries: ReadonlySet<string> = new Set([...copulas, 'does', 'do', 'did', 'will']);
export const prepositions: ReadonlySet<string> = new Set([
  'of',
  'for',
  'at',
  'with',
  'from',
  'behind',
  'to',
  'in',
  'on',
  'by',
]);
/** Possessive pronouns: what they open belongs to an entity the question has already named. */
export const possessivePronouns: ReadonlySet<string> = new Set(['its', 'their', 'his', 'her']);
/** Nouns ending like an agent noun that name a thing, not who does something. */
const thingsNamedLikeAgents = new Set([
  'number',
  'order',
  'charter',
  'letter',
  'paper',
  'water',
  'winter',
  'summer',
  'quarter',
  'border',
  'matter',
  'other',
  'content',
  'amount',
  'percent',
  'rent',
]);

/**
 * A noun that names someone or something that acts — a person, a firm, a body ("supplier", "mentor",
 * "soloist", "tenant", "client") — by the English agent suffixes -er, -or, -ist, -ant, -ent (not -ment,
 * which names an act or a thing: "agreement", "payment"). Such a noun hung on another by "of" is an
 * entity of the chain ("the mentor of the soloist"); a thing so hung is what of it the question asks
 * ("the samples of the lab", "the renewal date of the supplier").
 */
export function agentNoun(word: string): boolean {
  const singular = word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  if (singular.length < 5 || thingsNamedLikeAgents.has(singular) || singular.endsWith('ment')) return false;
  return /(?:er|or|ist|ant|ent)$/.test(singular);
}

/** A word that may close a noun phrase: a content word, not a name, a possessive or a punctuation mark. */
export function contentToken(word: string | undefined): boolean {
  return word !== undefined && word !== 'name' && word !== "'s" && !/^[;:?,]$/.test(word) && !functionWords.has(word);
}
