import { normalizeEntityName } from './extraction.ts';
import { questionStems, stemOf } from './question-terms.ts';

/**
 * What a multi-hop question asks for, read from its wording alone: the kind of its answer ("when …",
 * "on what date …" ask for a date) and the words it names its bridges with ("who runs the **garage**
 * looking after the **depot** where V is parked?"). A walk's path that ends at an entity named like
 * one of those bridges ("Hollybank Depot") has stopped at a bridge, not at the answer: the question
 * asks who stands at the end of the chain, not for another depot. Plain English question grammar,
 * nothing taken from an evaluation set.
 */
export interface QuestionShape {
  /**
   * `date` when the question asks when; `other` when it asks who, where, or which / what of a noun that
   * is no date (a person, a place and a thing look alike by name, so no finer kind); undefined when it
   * asks with none of these words.
   */
  answer: 'date' | 'other' | undefined;
  /** Stems of the question's asking words other than the answer's own noun ("which **courier** collects …"). */
  bridgeStems: Set<string>;
}

/** Words after "what" / "which" that ask for a date. */
const dateNouns = new Set(['date', 'day', 'month', 'year', 'deadline']);
const askingWord = /\b(when|what|which|who|whom|whose|where)\b\s*([\p{L}\p{N}]+)?/iu;

/**
 * The shape of `question` once the names it links (`names`, normalised) are set aside. The answer's
 * noun is the word after "which" / "what" that opens the question's asking clause ("which courier",
 * "in which city", "on what date"); it names the answer, so an end entity called "… Courier" is not
 * mistaken for a bridge.
 */
export function questionShape(question: string, names: readonly string[]): QuestionShape {
  const stems = questionStems(question, names);
  const asked = askingWord.exec(question);
  const wh = asked?.[1]?.toLowerCase();
  const noun = asked?.[2] === undefined ? undefined : normalizeEntityName(asked[2]);
  const answerNoun = (wh === 'which' || wh === 'what') && noun !== undefined ? noun : undefined;
  const date = wh === 'when' || (answerNoun !== undefined && dateNouns.has(answerNoun));
  if (answerNoun !== undefined) stems.delete(stemOf(answerNoun));
  return { answer: date ? 'date' : wh === undefined ? undefined : 'other', bridgeStems: stems };
}

/**
 * Whether an entity can be the answer of a question of this shape: a date question needs a date, a
 * question asking who, where or which thing does not take one; any question's answer is not named with one of the words the question calls its bridges by.
 */
export function fitsAnswer(shape: QuestionShape, entity: { normalized: string; kind: string }): boolean {
  if (shape.answer === 'date') return entity.kind === 'date';
  if (entity.kind === 'date') return shape.answer === undefined;
  return !entity.normalized.split(' ').some((word) => word.length >= 3 && shape.bridgeStems.has(stemOf(word)));
}
