/**
 * The company builder of held-out split 11 (bench/held-out-families-11.ts): a family gives its names, its
 * wordings and its questions; this draws the chains, the notes, the questions and the distractors in a
 * fixed order from the family's seeded generator, so a seed always gives the same company.
 */
import type { BenchMemory } from './memory-dataset.ts';
import { distinct, months, pick, shuffled } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import type { ChainedQuestion, ChainedSet } from './held-out-families-10.ts';

/** A company of the split: its notes, its questions, and every value of the asked kind its notes use. */
export interface HandbookSet extends ChainedSet {
  /** The answers and the wrong values of the same kind the distractors put beside named entities. */
  askedKind: string[];
}

/** One way of saying a link between two names, as a paragraph. */
export type Wording = (from: string, to: string) => string;

export interface Plan {
  prefix: string;
  random: Random;
  seed: number;
  /** 24 named entities, 8 first bridges, 7 second bridges, one answer per second bridge. */
  starts: string[];
  firsts: string[];
  seconds: string[];
  answers: string[];
  /** Values of the asked kind that are no answer, for distractors. */
  decoys: string[];
  /** Start → first bridge, first → second bridge, second bridge → answer. */
  links: readonly [Wording[], Wording[], Wording[]];
  /** The three-hop question's first link: its named entity → the start whose chain it follows. */
  before: Wording[];
  twoHop: ((start: string) => string)[];
  threeHop: ((start: string) => string)[];
  /** A distractor naming one of `starts`, `firsts` or `seconds`; `wrong(name)` lists the values it may use. */
  distractors: ((wrong: (name: string) => string[]) => string)[];
}

/**
 * The chains, notes and questions of one company. Links run by fixed strides (24 starts onto 8 first
 * bridges, 8 onto 7 second bridges) so every bridge is shared by several chains; a three-hop start is
 * linked to a start whose answer differs from its own, so the three-hop answer is never the named
 * entity's own two-hop answer.
 */
export function company(plan: Plan): HandbookSet {
  const { prefix, random, seed, starts, firsts, seconds, answers } = plan;
  const firstOf = starts.map((_, index) => (index * 5 + seed) % firsts.length);
  const secondOf = firsts.map((_, index) => (index * 3 + seed) % seconds.length);
  const answerOf = (start: number) => secondOf[firstOf[start] as number] as number;
  const partnerOf = starts.slice(0, 12).map((_, index) => {
    let partner = (index + 12) % starts.length;
    while (answerOf(partner) === answerOf(index)) partner = (partner + 1) % starts.length;
    return partner;
  });
  const memories: BenchMemory[] = [];
  const keyOf = (key: string) => `${prefix}-${seed}-${key}`;
  const add = (key: string, content: string) => memories.push({ key: keyOf(key), content });
  const [toFirst, toSecond, toAnswer] = plan.links;
  for (const [index, start] of starts.entries())
    add(`a-${index}`, pick(random, toFirst)(start, firsts[firstOf[index] as number] as string));
  for (const [index, first] of firsts.entries())
    add(`b-${index}`, pick(random, toSecond)(first, seconds[secondOf[index] as number] as string));
  for (const [index, second] of seconds.entries())
    add(`c-${index}`, pick(random, toAnswer)(second, answers[index] as string));
  for (const [index, partner] of partnerOf.entries())
    add(`before-${index}`, pick(random, plan.before)(starts[index] as string, starts[partner] as string));
  const chainOf = (index: number) => {
    const first = firstOf[index] as number;
    const second = secondOf[first] as number;
    return {
      supporting: [keyOf(`a-${index}`), keyOf(`b-${first}`), keyOf(`c-${second}`)],
      chain: [starts[index], firsts[first], seconds[second], answers[second]] as string[],
    };
  };
  const questions: ChainedQuestion[] = [];
  for (const [index, start] of starts.entries()) {
    questions.push({ question: pick(random, plan.twoHop)(start), ...chainOf(index), hops: 2 });
  }
  for (const [index, partner] of partnerOf.entries()) {
    const start = starts[index] as string;
    const { supporting, chain } = chainOf(partner);
    questions.push({
      question: pick(random, plan.threeHop)(start),
      supporting: [keyOf(`before-${index}`), ...supporting],
      chain: [start, ...chain],
      hops: 3,
    });
  }
  // A distractor may name an entity beside any value of the asked kind except the answer of a chain
  // through that entity: that would be a second paragraph holding the answer, not a distractor.
  const answersThrough = new Map<string, Set<string>>();
  for (const { chain } of questions) {
    for (const name of chain.slice(0, -1)) {
      answersThrough.set(name, (answersThrough.get(name) ?? new Set()).add(chain.at(-1) as string));
    }
  }
  const askedKind = [...answers, ...plan.decoys];
  const wrong = (name: string) => askedKind.filter((value) => !answersThrough.get(name)?.has(value));
  const distractorCount = Math.max(0, 100 - memories.length);
  for (let index = 0; index < distractorCount; index++) add(`note-${index}`, pick(random, plan.distractors)(wrong));
  return { memories: shuffled(random, memories), questions, askedKind };
}

/** A date in `year` as a handbook writes it ("4 May 2037" or "May 4, 2037"). */
export function dayIn(year: number): (random: Random) => string {
  return (random) => {
    const day = 1 + Math.floor(random() * 28);
    const month = pick(random, months);
    return pick(random, [`${day} ${month} ${year}`, `${month} ${day}, ${year}`]);
  };
}
export const yearOf = (random: Random) => String(2029 + Math.floor(random() * 8));

export function people(random: Random, count: number, forenames: readonly string[], surnames: readonly string[]) {
  return distinct(random, count, (r) => `${pick(r, forenames)} ${pick(r, surnames)}`);
}
