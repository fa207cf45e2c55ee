import { normalizeEntityName } from './extraction.ts';
import { questionStems, stemOf } from './question-terms.ts';
import { askedMeasures, measureOf, quantityAnswers } from './measures.ts';
import type { Measure } from './measures.ts';
import { isValueKind } from './value-spans.ts';
import type { ValueKind } from './value-spans.ts';

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
  /**
   * The question asks who (who, whom, which person): its answer is a person or a body of people, never
   * a code, a numbered thing ("Shrike 17", "Release Iris 8") or a date.
   */
  agent: boolean;
  /** Stems of the question's asking words other than the answer's own noun ("which **courier** collects …"). */
  bridgeStems: Set<string>;
  /**
   * The kind of value the question asks for, when it asks for one ({@link askedValue}): "which number do
   * we ring" a telephone number, "what discount" a percentage, "at what hours" a time window, "how much"
   * a sum of money, "how many litres" a quantity (value-spans.ts). Fourteenth round.
   */
  value?: ValueKind;
  /**
   * With `value` 'quantity': the measures the question asks for ("what current …" a current, "how long …" a
   * duration or a length; measures.ts), undefined when it names none ("how many …"). Twentieth round.
   */
  measures?: readonly Measure[];
}

/** Words after "what" / "which" that ask for a date. */
const dateNouns = new Set(['date', 'day', 'month', 'year', 'deadline']);
/** Words after "which" / "what" that ask for a person. */
const personNouns = new Set(['person', 'people', 'colleague', 'employee', 'man', 'woman']);
const askingWord = /\b(when|what|which|who|whom|whose|where)\b\s*([\p{L}\p{N}]+)?/iu;
/** "What **is the** renewal date …": a copula and an article between the asking word and its noun phrase. */
const copulaPhrase =
  /\b(?:what|which)\s+(?:is|are|was|were)\s+(?:the\s+|a\s+|an\s+)?((?:[\p{L}\p{N}]+\s+){0,3}?[\p{L}\p{N}]+)(?=\s+(?:for|of|that|which|who|on|at|in|with|by|to|from)\b|\s*[?,;:]|$)/iu;

/**
 * The clause a question asks in: after its last ";" or ":" that is followed by an asking word ("Yara
 * reports to someone who leads a project; **when does that project's vendor renew?**", "Who should I
 * phone about T: **who is on call …**"). The clauses before it state what the question knows, and
 * their "who" is a relative pronoun, not the question's.
 */
function askingClause(question: string): string {
  const clauses = question.split(/[;:]/);
  for (let index = clauses.length - 1; index > 0; index--)
    if (askingWord.test(clauses[index] as string)) return clauses[index] as string;
  return question;
}

const phoneWords = /\b(?:phone|telephone|hotline|helpline|switchboard|digits|extension)\b/iu;
const callVerbs = /\b(?:ring|dial|call|phone|reach|contact|text)\b/iu;
const percentageWords =
  /\b(?:percentage|percent|per cent|discount|margin|commission|cut|share|proportion|markup|mark-up)\b|%/iu;
const windowWords = /\b(?:window|hours|slot|timeslot|what time|which time)\b/iu;
const moneyWords =
  /\bhow much\b|\b(?:cost|costs|price|priced|pay|paid|charge|charges|fee|fees|rent|budget|spend|worth|invoice|bill)\b/iu;
const quantityWords = /\bhow many\b|\b(?:weight|weigh|weighs|volume|capacity|litres|liters|kilos|tonnes|heavy)\b/iu;

/**
 * The kind of value an asking clause asks for, if any, read from plain question words: a telephone
 * number when it names one ("hotline", "phone") or asks which number or line to ring, dial or call; a
 * percentage ("what discount", "what cut"); a time window ("at what hours", "when is the window"); a sum
 * of money ("how much", "what do we pay"); a quantity ("how many", "what weight"). Checked in that
 * order: "how much of a cut" asks a percentage. A question asking who asks for none.
 */
function askedValue(clause: string, asked: RegExpExecArray | null, phrase: string | undefined): ValueKind | undefined {
  const wh = asked?.[1]?.toLowerCase();
  if (wh === 'who' || wh === 'whom' || wh === 'whose' || wh === 'where') return undefined;
  // "which wholesaler do we pay": the noun after "which" / "what" names the answer, and it is no value;
  // "what do we pay", "how much": no noun, the clause's words say what is asked.
  const nounPhrase =
    phrase ??
    /^[\p{L}\p{N}]+(?:\s+[\p{L}\p{N}]+)?/u.exec(
      clause.slice((asked?.index ?? 0) + (asked?.[1]?.length ?? 0)).trim(),
    )?.[0];
  const noun = asked?.[2]?.toLowerCase();
  const read = wh === undefined || noun === undefined || plainAfterWh.has(noun) ? clause : (nounPhrase ?? clause);
  if (phoneWords.test(read) || (/\b(?:number|line)\b/iu.test(read) && callVerbs.test(clause))) return 'phone';
  if (percentageWords.test(read)) return 'percentage';
  if (windowWords.test(read)) return 'time window';
  if (moneyWords.test(read)) return 'money';
  if (quantityWords.test(read)) return 'quantity';
  return undefined;
}

/** Asking words whose answer is no value: a person, a place. */
const nonValueAsking = new Set(['who', 'whom', 'whose', 'where']);

/** Words after "what" / "which" that are no noun of the answer ("what **do** we pay", "what **is** …"). */
const plainAfterWh = new Set(
  'do does did is are was were can could would should will has have had we you they it i our the a an'.split(' '),
);

/**
 * The shape of `question` once the names it links (`names`, normalised) are set aside. The answer's
 * noun is the word after "which" / "what" that opens the question's asking clause ("which courier",
 * "in which city", "on what date"), or the last word of the noun phrase after "what is the" ("what is
 * the renewal **date** for …"); it names the answer, so an end entity called "… Courier" is not
 * mistaken for a bridge. A clause asking "when" anywhere asks for a date ("until when is …").
 */
export function questionShape(question: string, names: readonly string[]): QuestionShape {
  const stems = questionStems(question, names);
  const clause = askingClause(question);
  const asked = askingWord.exec(clause);
  const wh = asked?.[1]?.toLowerCase();
  const phrase = copulaPhrase.exec(clause)?.[1];
  const nounWord = phrase === undefined ? asked?.[2] : phrase.split(/\s+/).at(-1);
  const noun = nounWord === undefined ? undefined : normalizeEntityName(nounWord);
  const answerNoun = (wh === 'which' || wh === 'what') && noun !== undefined ? noun : undefined;
  const date = /\bwhen\b/i.test(clause) || (answerNoun !== undefined && dateNouns.has(answerNoun));
  if (answerNoun !== undefined) stems.delete(stemOf(answerNoun));
  const agent = !date && (wh === 'who' || wh === 'whom' || (answerNoun !== undefined && personNouns.has(answerNoun)));
  // "how much …", "how many …" ask first when they open the clause before any other asking word.
  const how = /\bhow (?:much|many|big|large|long|heavy)\b/iu.exec(clause);
  const asksHow = how !== null && (asked === null || how.index < asked.index);
  const value = asksHow
    ? askedValue(clause, null, undefined)
    : wh === 'what' || wh === 'which' || wh === 'when'
      ? askedValue(clause, asked, phrase)
      : undefined;
  // "What current …", "how hot …", "how long …": a quantity of a measure, unless the clause asks a telephone
  // number or a percentage, or asks who or where.
  const howAt = /\bhow\b/iu.exec(clause)?.index ?? Infinity;
  const asksWhoFirst = wh !== undefined && nonValueAsking.has(wh) && (asked?.index ?? 0) < howAt;
  const measures =
    quantityAnswers.asked && value !== 'phone' && value !== 'percentage' && !asksWhoFirst
      ? askedMeasures(clause)
      : undefined;
  const valueAsked = measures === undefined ? value : 'quantity';
  const answer = valueAsked !== undefined ? 'other' : date ? 'date' : wh === undefined ? undefined : 'other';
  return {
    answer,
    agent,
    bridgeStems: stems,
    ...(valueAsked === undefined ? {} : { value: valueAsked }),
    ...(measures === undefined ? {} : { measures }),
  };
}

/**
 * Whether an entity can be the answer of a question of this shape: a question asking a value kind needs
 * a value of that kind, and one asking a measure a quantity of that measure ("what current" takes "460 a",
 * not "17 5 c"); a date question needs a date or a time window; a question asking who, where or
 * which thing takes no date or value; a question asking who takes no code or numbered thing; any
 * question's answer is not named with one of the words the question calls its bridges by.
 */
export function fitsAnswer(shape: QuestionShape, entity: { normalized: string; kind: string }): boolean {
  if (shape.value !== undefined)
    return (
      entity.kind === shape.value &&
      (shape.measures === undefined ||
        !quantityAnswers.measure ||
        shape.measures.includes(measureOf(entity.normalized) as Measure))
    );
  // A time window answers "when" as well as a date does ("when can they take the line down?").
  if (shape.answer === 'date') return entity.kind === 'date' || entity.kind === 'time window';
  if (isValueKind(entity.kind)) return shape.answer === undefined;
  if (entity.kind === 'date') return shape.answer === undefined;
  if (shape.agent && (entity.kind === 'identifier' || /\d/.test(entity.normalized))) return false;
  return !entity.normalized.split(' ').some((word) => word.length >= 3 && shape.bridgeStems.has(stemOf(word)));
}
