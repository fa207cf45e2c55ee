import { mentions, nameSpans } from '../src/memory/reader/bridge-candidates.ts';
import type { HeldOutQuestion } from './held-out-families.ts';

/**
 * The true bridges of a question, hop by hop: at hop i, the names said in supporting note i and note i + 1 and not
 * in the question (the reader probes judge the model's choices against them; docs/memory.md, rounds 24–25).
 */
export function trueBridges(question: HeldOutQuestion, content: ReadonlyMap<string, string>): string[][] {
  const notes = question.supporting.map((key) => content.get(key) ?? '');
  return notes
    .slice(0, -1)
    .map((note, hop) =>
      nameSpans(note).filter((span) => mentions(notes[hop + 1] ?? '', span) && !mentions(question.question, span)),
    );
}
