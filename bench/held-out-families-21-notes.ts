/**
 * The note shapes of held-out split 21 (bench/held-out-families-21.ts): plain prose, the way an operations
 * handbook or a company wiki holds what people know — paragraphs of full sentences written by different people in
 * different styles (terse, chatty, formal and passive, a fact tucked into a subordinate clause), with no field
 * labels, no headings, no handles and no dates of writing. A note is the paragraph that says its link or its
 * distractor, and now and then a second paragraph of the family's small talk that names nothing of a chain. Only
 * that framing is here; each family keeps its own wording. Every draw goes through the family's seeded generator,
 * so a seed always gives the same notes.
 */
import { mayShareChain } from './chat-notes.ts';
import { pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';

export { inTurn } from './held-out-families-19-notes.ts';

/** The year the split's spelled days fall in. */
export const year = 2047;

/**
 * A family's writers over its own draws: `answers` (the first 7 are the chains' answers) and `asides`, paragraphs
 * of the family's small talk that name no entity and no value. Each draws from `random` when called.
 */
export function proseWriters(random: Random, family: { answers: readonly string[]; asides: readonly string[] }) {
  const { answers, asides } = family;
  return {
    other: (list: readonly string[], name: string) =>
      pick(
        random,
        list.filter((item) => item !== name),
      ),
    answersIn: (allowed: string[]) => allowed.filter((value) => answers.slice(0, 7).includes(value)),
    chained: (wrong: (name: string) => string[], upstream: string, downstream: string) =>
      mayShareChain(wrong, answers, upstream, downstream),
    /** The paragraph, and a paragraph of small talk after it one time in three. */
    prose: (paragraph: string) => (random() < 1 / 3 ? `${paragraph}\n\n${pick(random, asides)}` : paragraph),
  };
}
