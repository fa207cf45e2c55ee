import { type EmbeddingCharge, embedTexts, type MemoryContext } from '../memory-context.ts';
import { noteSentences } from './note-sentences.ts';
import { cosineOfAny } from '../embedding/embedder.ts';

/**
 * The step judge sentence by sentence (twentieth round, docs/memory-rounds.md). The step judge (meaning-hops.ts) reads a
 * note's stored whole-note vector against the step's clause; a note of several sentences (a paragraph, a mail with a
 * quoted message, a wiki row under its header) dilutes the one that states the step. Read `by: 'sentence'`, a note of
 * several sentences is as near the clause as its most similar sentence (or line); `by: 'either'`, as the nearer of
 * that sentence and the whole note. A note of one sentence keeps its vector's cosine.
 */
export type StepReading = 'note' | 'sentence' | 'either';

/** Per sentence, its cosine to each of the judge's clauses (clause order): the sentences embedded in one call. */
export type SentenceReader = (sentences: string[]) => Promise<number[][]>;

/**
 * The judge's per-clause cosines (`similarity[text]`: memory → cosine of its stored vector) read `by` sentence:
 * the multi-sentence notes among them are embedded sentence by sentence in one call (`read`), each sentence once.
 */
export async function bySentence(
  similarity: readonly Map<number, number>[],
  texts: ReadonlyMap<number, string>,
  read: SentenceReader,
  by: Exclude<StepReading, 'note'>,
): Promise<Map<number, number>[]> {
  const sentencesOf = new Map<number, string[]>();
  for (const byId of similarity)
    for (const id of byId.keys()) {
      const pieces = sentencesOf.get(id) ?? noteSentences(texts.get(id) ?? '');
      sentencesOf.set(id, pieces);
    }
  const pieces = [...new Set([...sentencesOf.values()].flat())];
  if (pieces.length === 0) return [...similarity];
  const cosines = await read(pieces);
  const index = new Map(pieces.map((piece, at) => [piece, at]));
  return similarity.map((byId, text) => {
    const next = new Map(byId);
    for (const [id, whole] of byId) {
      const said = sentencesOf.get(id) ?? [];
      if (said.length === 0) continue;
      const best = Math.max(...said.map((piece) => cosines[index.get(piece) as number]?.[text] ?? -1));
      next.set(id, by === 'either' ? Math.max(best, whole) : best);
    }
    return next;
  });
}

/**
 * The reader recall gives the step judge: the sentences embedded by recall's embedder in one call (charged as
 * recall's other embeddings are), each against the clauses' vectors.
 */
export function sentenceReader(
  context: MemoryContext,
  clauses: readonly Float32Array[],
  charge: EmbeddingCharge | undefined,
): SentenceReader {
  return async (sentences) => {
    const embedded = await embedTexts(
      context,
      sentences,
      charge ? { ...charge, callKey: `${charge.callKey}-sentences` } : undefined,
    );
    return embedded.map(({ embedding }) => clauses.map((clause) => cosineOfAny(embedding, clause)));
  };
}
