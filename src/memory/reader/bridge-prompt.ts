import { mentions } from './bridge-candidates.ts';

/** What the reader answers when the notes shown already hold the answer, or no name leads on. */
export const answerHere = 'answer is here';

/** The reader's instructions: one choice among the names offered, nothing else. */
export const bridgeInstructions = [
  'You help answer a question that needs several notes, read one after another.',
  'Each note names something (a person, team, system, supplier, place …) that the next note is about.',
  'Given the question, the names followed so far and the notes found last, choose the name in those notes',
  'that the question leads on to: the one whose own note must be read next to answer.',
  `Choose "${answerHere}" only if a note shown already states the answer itself.`,
  'Reply with JSON only.',
].join(' ');

/**
 * The prompt of one hop: the question, the chain so far and the notes shown, numbered; with `listed` names, each
 * with the line of the notes it is said in, so a small model reads what the note says of it.
 */
export function bridgePrompt(
  question: string,
  followed: readonly string[],
  notes: readonly string[],
  listed: readonly string[] = [],
): string {
  const shown = notes.map((note, index) => `[${index + 1}] ${note.replace(/\s+/g, ' ').slice(0, 600)}`).join('\n');
  const chain = followed.length > 0 ? `\nFollowed so far: ${followed.join(' → ')}` : '';
  const lines = notes.flatMap((note) => note.split(/\n|(?<=[.!?;])\s+/));
  const choices = listed.map((name) => {
    const line = lines.find((text) => mentions(text, name));
    return `- ${name}${line === undefined ? '' : `: "${line.trim().slice(0, 160)}"`}`;
  });
  const offered = choices.length > 0 ? `\nNames:\n${choices.join('\n')}` : '';
  return `Question: ${question}${chain}\nNotes:\n${shown}${offered}\nWhich name does the question lead on to?`;
}

/** The reply's shape: a choice among the candidates or {@link answerHere} (constrained decoding keeps it one). */
export function bridgeSchema(candidates: readonly string[]) {
  return {
    type: 'object',
    properties: { next: { type: 'string', enum: [...candidates, answerHere] } },
    required: ['next'],
  };
}

/** Output tokens one choice may take: the longest name's characters, as tokens, and the JSON around it. */
export function bridgeOutputTokens(candidates: readonly string[]): number {
  return 12 + Math.ceil(Math.max(answerHere.length, ...candidates.map((name) => name.length)) / 2);
}
