import { splitSentences } from './sentence-split.ts';

/**
 * The sentences (and lines) of a note that the step judge reads one by one (twentieth round, docs/memory-rounds.md): the
 * offline extractor's split (after . ! ? ; and at line breaks, not after an abbreviation), trimmed, empty pieces and
 * pieces without a letter left out, each once. A note of one sentence gives none: its whole-note vector is that
 * sentence's.
 */
export function noteSentences(text: string): string[] {
  const pieces = [...new Set(splitSentences(text).map((piece) => piece.trim()))].filter((piece) =>
    /\p{L}/u.test(piece),
  );
  return pieces.length > 1 ? pieces : [];
}
