import type { ScoreQuestion, ScoreReply } from './bridge-reader.ts';
import { noteExcerpt } from './note-prompt.ts';

/**
 * The reader's instructions for scoring one anchored note (`choose: 'score'`). The answer is not read as text: its
 * first token's probability of "yes" ranks the hop's notes against each other, so a model that says "no" to every
 * note (round 25's `each`: all "no" in 30 of 52 hops) still orders them.
 */
export const noteScoreInstructions = [
  'You help answer a question that needs several notes, read one after another.',
  "Given the question, the names followed so far and one note, say whether the note gives the next link of the question's chain",
  'from the name it mentions (whom it belongs to, who leads or owns it, what it points to …), or the answer itself.',
  'Answer yes or no.',
].join(' ');

/**
 * The prompt of one note's score: round 25's check of one note (`noteCheckPrompt`), asked for a bare yes or no. The
 * notes of one hop share the prompt up to the note, which llama.cpp's prompt cache reuses.
 */
export function noteScorePrompt(
  question: string,
  followed: readonly string[],
  anchors: readonly string[],
  note: string,
): ScoreQuestion['prompt'] {
  const chain = followed.length > 0 ? `\nFollowed so far: ${followed.join(' → ')}` : '';
  const named = anchors.join(' or ');
  return `Question: ${question}${chain}\nNote mentioning ${named}: ${noteExcerpt(note, anchors)}\nDoes this note give the next link of the question's chain from ${named}? Answer yes or no.`;
}

/**
 * The reader's server returned no token probabilities, so notes cannot be scored: `choose: 'score'` needs a server
 * that answers `logprobs` (llama.cpp, vLLM, OpenAI). Permanent for that model; the call was charged.
 */
export class ReaderScoreError extends Error {
  override readonly name = 'ReaderScoreError';
}

/** A hop's notes scored: the note to read (the highest P("yes")) and each note's score, in the order offered. */
export interface ScoredNotes<T> {
  best: T | undefined;
  scores: (number | undefined)[];
}

/**
 * Scores each offered note, one model call each, and returns the one with the highest P("yes"). Ties keep the
 * retrieval's order; a note whose reply had neither "yes" nor "no" among its likeliest first tokens ranks after every
 * scored one (all unscored: the first note). A reply with no token probabilities at all is a {@link ReaderScoreError}.
 */
export async function scoreNotes<T>(
  offered: readonly T[],
  ask: (note: T, index: number) => Promise<ScoreReply>,
  model: string,
): Promise<ScoredNotes<T>> {
  const scores: (number | undefined)[] = [];
  for (const [index, note] of offered.entries()) {
    const reply = await ask(note, index);
    if (!reply.logprobs)
      throw new ReaderScoreError(
        `the reader model ${model} replied without token probabilities; choose 'score' needs a server that returns ` +
          `logprobs (llama.cpp, vLLM, OpenAI), or choose 'name'`,
      );
    scores.push(reply.probability);
  }
  let bestIndex = 0;
  for (const [index, score] of scores.entries()) if ((score ?? -1) > (scores[bestIndex] ?? -1)) bestIndex = index;
  return { best: offered[bestIndex], scores };
}

/** A trace's short form of the scores (`0.62,0.31,-`). */
export function scoresLabel(scores: readonly (number | undefined)[]): string {
  return scores.map((score) => (score === undefined ? '-' : score.toFixed(2))).join(',');
}
