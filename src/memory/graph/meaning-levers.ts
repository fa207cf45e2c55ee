import { defaultRecallWeights, type RecallWeights } from '../recall-weights.ts';

/**
 * Levers of the relation walk that read meaning, not words (eleventh round, docs/memory-rounds.md): they are
 * on only when recall's embedder is paraphrase-aware (a sentence encoder such as `local:minilm-l6`,
 * {@link Embedder.paraphraseAware}); with the offline or a word-level embedder the walk is the tenth
 * round's. Both compare vectors already stored with the notes against one extra embedding call per
 * recall (the question's relation words and relation clauses in one batch); no model call per relation.
 */
export const meaningWeights = {
  /**
   * The exponent on a relation's relevance (its note's cosine to the question without the names it
   * links, relative to the most relevant note the walk met): 0 leaves it out, as the relation walk has
   * since the ninth round (n-gram similarity favoured look-alikes), 1 is the eighth round's form.
   */
  relevance: 0,
  /**
   * The exponent on hop alignment by meaning: the note of a path's k-th relation against the question's
   * k-th relation clause (question-chain.ts), relative to the note most similar to that clause. 0 is off.
   */
  hopAlignment: 0,
  /**
   * The exponent on answer alignment by meaning: the note of a path's last relation against the
   * question's last clause (the answer's relation), relative to the note most similar to it, applied to
   * the path's score (not carried into its extensions). 0 is off.
   */
  answerAlignment: 0.5,
  /** The least factor either lever gives a relation (a note saying nothing of the clause still links). */
  floor: 0.05,
};

/**
 * Recall's weights where the graph is walked on a paraphrase-aware embedder (unless the request gives
 * its own): graph 0.7 / vector 0.1, against graph 0.6 / vector 0.2 by default. Chosen on the ten tuning
 * families (docs/memory-rounds.md, eleventh round): with the walk judging meaning the graph signal is the
 * better ranked one, and the vector's share let look-alike notes that merely resemble the question in.
 */
export const meaningRecallWeights: RecallWeights = { ...defaultRecallWeights, vector: 0.1, graph: 0.7 };

/** The similarity of notes to the question's relation clauses, for {@link HopAlignment}. */
export interface HopMeaning {
  /** How many relation clauses the question reads as (its chain's length). */
  clauses: number;
  /** Per memory, the cosine of its stored vector to each clause (clause order). */
  similarities(memoryIds: number[]): Promise<Map<number, number[]>>;
}

/** A walk's hop alignment: the similarities read so far and the best per clause. */
export class HopAlignment {
  private readonly read = new Map<number, number[]>();
  private readonly best: number[];
  private readonly meaning: HopMeaning;

  constructor(meaning: HopMeaning) {
    this.meaning = meaning;
    this.best = new Array<number>(meaning.clauses).fill(0);
  }

  /** Reads the similarities of memories not read yet (one statement per clause). */
  async readMemories(memoryIds: Iterable<number>): Promise<void> {
    const unread = [...new Set(memoryIds)].filter((id) => !this.read.has(id));
    if (unread.length === 0) return;
    for (const [id, values] of await this.meaning.similarities(unread)) {
      this.read.set(id, values);
      for (const [clause, value] of values.entries()) this.best[clause] = Math.max(this.best[clause] as number, value);
    }
  }

  /**
   * The factor of a relation taken at `step` (1-based) stated by `memoryId`: its similarity to the
   * question's clause of that step (a step past the chain's end against the last clause, the answer's)
   * over the best note's, to the power {@link meaningWeights.hopAlignment}.
   */
  factor(step: number, memoryId: number): number {
    const clause = Math.min(step, this.meaning.clauses) - 1;
    const best = this.best[clause] ?? 0;
    if (clause < 0 || best <= 0 || meaningWeights.hopAlignment === 0) return 1;
    const similarity = Math.max(0, this.read.get(memoryId)?.[clause] ?? 0);
    return Math.max(meaningWeights.floor, similarity / best) ** meaningWeights.hopAlignment;
  }

  /** The factor of a path whose last relation `memoryId` states, by {@link meaningWeights.answerAlignment}. */
  answerFactor(memoryId: number): number {
    const clause = this.meaning.clauses - 1;
    const best = this.best[clause] ?? 0;
    if (clause < 0 || best <= 0 || memoryId < 0) return 1;
    const similarity = Math.max(0, this.read.get(memoryId)?.[clause] ?? 0);
    return Math.max(meaningWeights.floor, similarity / best) ** meaningWeights.answerAlignment;
  }
}
