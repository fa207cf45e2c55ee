import { directedRelationOf } from './relation-types.ts';

/**
 * Labels for relations whose words between the two names say nothing (seventeenth round, docs/memory-rounds.md).
 * The offline extractor labels a relation by the words between two names; where only a copula stands
 * between them the label was bare co-occurrence ("related to"), the walk's weakest edge, although the
 * sentence states a role: English identifies two names by a copula and puts the role **before** the first
 * name ("The fire warden for Arden House **is** Percival Xenakis", "Home base for Gannet 20: Canal Street
 * Yard") or **after** the second, behind a possessive ("Marcus Halloran **is** Fenwick House's fire warden",
 * "Priya Castellano **is** their main contact", where "their" stands for the previous sentence's name).
 */

/** Words a label leaves out (articles, the copula, possessive determiners): what relationBetween drops. */
const filler = new Set('the a an is are was were be been its their his her our your my'.split(' '));
/** Prepositions that hang a role on the name after them ("the fire warden **for** X"). */
const rolePrepositions = new Set('for of at to with on in behind'.split(' '));
/** Words that end a role phrase after a possessive: a conjunction or a clause's start. */
const phraseEnd = new Set('and or but who which that since while because so as than'.split(' '));
/** Most words a role phrase has (a longer run is a clause, not a role). */
const roleWords = 3;

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’]+/u)
    .filter((word) => word.length > 0);

/**
 * The role two names are identified by when the words between them (`between`) are only a copula or a
 * colon: the noun phrase before the first name ending in a preposition (`before`: the sentence's text
 * from its start, or the name before, to the first name), else the phrase right after the second name's
 * possessive (`after`: from the second name's end to the next name or the sentence's end, when the
 * second name ends in "'s" or is a possessive pronoun). Undefined where the sentence states no such role.
 */
export function copulaRole(between: string, before: string, after: string, possessive: boolean): string | undefined {
  const gap = wordsOf(between);
  if (!gap.every((word) => filler.has(word))) return undefined;
  if (!/\b(is|are|was|were)\b|:/i.test(between) && !possessive) return undefined;
  const lead = wordsOf(before.split(/[,;:(]/u).at(-1) ?? '');
  const preposition = lead.at(-1);
  const role = lead.slice(0, -1).filter((word) => !filler.has(word));
  if (preposition !== undefined && rolePrepositions.has(preposition) && role.length > 0 && role.length <= roleWords)
    return [...role, preposition].join(' ');
  if (!possessive) return undefined;
  const trail: string[] = [];
  for (const word of wordsOf(after.split(/[,.;:!?()]/u)[0] ?? '')) {
    if (phraseEnd.has(word)) break;
    // A longer run is a clause or a description, not a role.
    if (trail.length === roleWords) return undefined;
    trail.push(word);
  }
  const said = trail.filter((word) => !filler.has(word));
  return said.length > 0 && said.length === trail.length ? said.join(' ') : undefined;
}

/** A name's place in its sentence (the offline extractor's spans). */
export interface PlacedName {
  start: number;
  end: number;
}

/**
 * {@link copulaRole} for the `index`-th pair of a sentence's names (each name and the next, in order), as
 * the relation the offline extractor stores: typed where the role's words say a relation type
 * (relation-types.ts), else the role's words. Undefined where the pair is not two names joined by a copula
 * with a role around them.
 */
export function copulaRelation(
  sentence: string,
  spans: readonly PlacedName[],
  index: number,
): { relation: string; reversed: boolean } | undefined {
  const left = spans[index];
  const right = spans[index + 1];
  if (left === undefined || right === undefined) return undefined;
  const said = sentence.slice(right.start, right.end);
  const possessive = /['’]s$/u.test(said) || /^(its|their|his|her|our|your)$/iu.test(said);
  const role = copulaRole(
    sentence.slice(left.end, right.start),
    sentence.slice(spans[index - 1]?.end ?? 0, left.start),
    sentence.slice(right.end, spans[index + 2]?.start ?? sentence.length),
    possessive,
  );
  if (role === undefined) return undefined;
  const typed = directedRelationOf(role, { nouns: true });
  return typed ? { relation: typed.type, reversed: typed.reversed } : { relation: role, reversed: false };
}
