/** Turns texts into unit-length vectors. Every embedding is stored with the model that made it. */
export interface Embedder {
  /** `offline:ngram-256` or a provider model such as `openai:text-embedding-3-small`. */
  readonly model: string;
  /** True for the built-in deterministic embedder (no provider, no cost). */
  readonly offline: boolean;
  /** Human-readable description, labelled offline where it is. */
  readonly label: string;
  /**
   * True for a sentence encoder trained on paraphrase pairs (`local:minilm-l6`): its cosine judges
   * whether a note says what a question asks in other words, so recall may rank the graph walk's
   * relations by it (docs/memory-rounds.md, eleventh round). Absent or false: word-level vectors.
   */
  readonly paraphraseAware?: boolean;
  /**
   * HNSW's candidate list for this model's vectors when it differs from the default (`defaultEfSearch`):
   * how hard a search must look to find the true nearest neighbours depends on how the model's vectors
   * spread (docs/memory-rounds.md, twelfth round). Absent: the default.
   */
  readonly efSearch?: number;
  /** `onUsage` hears the tokens a provider billed for the call (offline embedders bill none). */
  embed(
    texts: readonly string[],
    options?: { abortSignal?: AbortSignal; onUsage?: (tokens: number) => void },
  ): Promise<Float32Array[]>;
}

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index] = (vector[index] as number) / norm;
  return vector;
}

/** Cosine similarity of two vectors of any length (a model's vectors need not be unit); 0 when the dimensions differ. */
export function cosineOfAny(left: Float32Array, right: Float32Array): number {
  if (left.length !== right.length) return 0;
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    dot += (left[index] as number) * (right[index] as number);
    leftNorm += (left[index] as number) ** 2;
    rightNorm += (right[index] as number) ** 2;
  }
  return dot / (Math.sqrt(leftNorm * rightNorm) || 1);
}

/** Cosine similarity of two unit vectors (their dot product); 0 when the dimensions differ. */
export function cosine(left: Float32Array, right: Float32Array): number {
  if (left.length !== right.length) return 0;
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += (left[index] as number) * (right[index] as number);
  return sum;
}
