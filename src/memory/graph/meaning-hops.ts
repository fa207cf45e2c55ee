import { bestFullLength, type CreditedPath, type GuidedPath, hopSteps, hopsFromFirst } from './hop-guidance.ts';
import { stemsSaid } from './question-terms.ts';
import { bySentence, type SentenceReader, type StepReading } from './sentence-steps.ts';

/**
 * Steps said in other words, judged by meaning (nineteenth round, docs/memory-rounds.md). Per-hop guidance
 * (hop-guidance.ts) credits a hop whose note says a stem of the question's words for its step, and the step
 * synonyms (step-synonyms.ts) one that says a WordNet synonym; a note that says the step in a phrase ("has had
 * charge of her footplate" for "drives", "is their main contact" for "account owner") reads as silent, as do the
 * notes competing with it. Counted on the tuning families (bench/step-wording-counts.ts): of 6,936 true hops 3,684
 * say no stem of their step; WordNet's synonyms and derived forms reach 337 of those, and its hypernyms, hyponyms
 * and co-hyponyms mark competing notes as often as true ones; a sentence encoder's cosine between the step's clause
 * and the note puts the true note nearest among the notes leaving the same entity in 1,703 of those 3,190 hops that
 * have a competitor, the offline n-gram embedder in 842.
 *
 * The rule: among the best `candidates` paths of at least the chain's length, the hops that leave the same entity at
 * the same step compete; the one whose note is nearest by meaning to the step's clause (question-chain.ts), where it
 * says none of the step's own stems, multiplies its paths' credit by `matched` — as does a silent hop no other
 * judged hop competes with (`alone`). One statement per clause reads the notes' stored vectors against the
 * clause's, embedded in recall's existing call. Only with a paraphrase-aware embedder (`local:minilm-l6`): n-grams
 * do not read phrases.
 *
 * Set on the tuning grid with `local:minilm-l6` (docs/memory-rounds.md, nineteenth round: answer@5 0.794 / 0.599 → 0.817 /
 * 0.651, mean of cells 0.690 → 0.729, supporting@5 0.512 → 0.520). The control that multiplies every silent hop
 * without reading meaning (`nearest: false`) gains as much answer@5 and loses supporting@5 (0.475): much of the
 * answer gain is a preference for hops that do not repeat the question's words, which meaning keeps from costing
 * the chain's bridge notes.
 * - `matched`: the factor (1 is off).
 * - `candidates`: how many of the best-credited full-length paths are judged.
 * - `alone`: whether a hop with no competitor (the only note leaving its entity at that step among the judged
 *   paths) counts as nearest.
 * - `compete`: which hops compete — those leaving the same `entity` at the same step, or every judged hop at the
 *   same `step` (a note through another bridge competes too: the look-alike answers of round 16's diagnosis).
 * - `nearest`: whether the cosine chooses at all; false multiplies every silent hop (the control that tells the
 *   judgement of meaning from a plain preference for hops that say none of the question's words).
 * - `by`: what of a note is read against the clause — its stored whole-note vector (`note`), or, for a note of
 *   several sentences, its most similar sentence (`sentence`) or the nearer of the two (`either`), the sentences
 *   embedded at query time (sentence-steps.ts; twentieth round, docs/memory-rounds.md).
 */
export const meaningHops = {
  matched: 1.5,
  candidates: 64,
  alone: true,
  compete: 'entity' as 'entity' | 'step',
  nearest: true,
  by: 'note' as StepReading,
};

/** The competition a hop is judged in: its step, and the entity it leaves from unless every hop of the step competes. */
function competition(step: number, from: number): string {
  return meaningHops.compete === 'step' ? `${step}` : `${step}:${from}`;
}

/** How alike notes are to the question's step clauses: their stored vectors against each clause's. */
export interface StepJudge {
  /** How many clauses (the chain's relations, in order). */
  texts: number;
  /** Per memory, the cosine of its vector to clause `text` (one statement; a memory without a vector is left out). */
  similarities(memoryIds: number[], text: number): Promise<Map<number, number>>;
  /** Embeds sentences and gives each one's cosine to every clause, for `by` other than `note` (one model call). */
  readSentences?: SentenceReader;
}

/** A path as the judge reads it: guidance's, with the entity its last relation lands on. */
export type SteppedPath = GuidedPath & { end: number };

/** The chain as the judge reads it: per step the question's stems, and the stems it cannot place (question-chain.ts). */
export interface SteppedChain {
  relations: readonly ReadonlySet<string>[];
  loose?: ReadonlySet<string>;
}

/**
 * The walk's credited paths with each judged path's value multiplied by `matched` per hop that its competitors'
 * notes do not beat by meaning ({@link meaningHops}); unchanged where the judge is missing or off, the chain rule
 * does not hold (`need` 0) or the question reads as no chain. `texts` are the notes the walk read.
 */
export async function judgeMeaningHops<P extends SteppedPath>(
  credited: CreditedPath<P>[],
  need: number,
  chain: SteppedChain | undefined,
  texts: ReadonlyMap<number, string>,
  judge: StepJudge | undefined,
): Promise<CreditedPath<P>[]> {
  if (judge === undefined || judge.texts === 0 || meaningHops.matched === 1 || need === 0) return credited;
  if (chain === undefined || chain.relations.length === 0) return credited;
  const loose = chain.loose ?? new Set<string>();
  const steps = chain.relations.map((step) => new Set([...step].filter((stem) => !loose.has(stem))));
  const judged = bestFullLength(credited, need, meaningHops.candidates);
  // Per judged path its hops from the first, each with the entity it leaves from and its clause.
  const hopsOf = new Map<P, { memoryId: number; from: number; text: number; silent: boolean }[]>();
  for (const { path } of judged) {
    const chainOf = hopsFromFirst<SteppedPath>(path);
    const own = hopSteps(steps, chainOf.length);
    hopsOf.set(
      path,
      chainOf.map((at, hop) => ({
        memoryId: at.memoryId,
        from: (at.parent as SteppedPath | undefined)?.end ?? -1,
        text: Math.min(hop, judge.texts - 1),
        silent: stemsSaid(texts.get(at.memoryId) ?? '', own[hop] ?? new Set()).size === 0,
      })),
    );
  }
  // One statement per clause for the notes judged against it.
  const similarity: Map<number, number>[] = [];
  for (let text = 0; text < judge.texts; text++) {
    const ids = new Set(
      [...hopsOf.values()].flatMap((hops) => hops.filter((h) => h.text === text).map((h) => h.memoryId)),
    );
    similarity.push(ids.size > 0 ? await judge.similarities([...ids], text) : new Map());
  }
  const read =
    meaningHops.by === 'note' || judge.readSentences === undefined
      ? similarity
      : await bySentence(similarity, texts, judge.readSentences, meaningHops.by);
  // Per competition (hop index and the entity left from), the nearest note and how many notes compete.
  const nearest = new Map<string, { memoryId: number; cosine: number; notes: Set<number> }>();
  for (const hops of hopsOf.values())
    for (const [index, hop] of hops.entries()) {
      const key = competition(index, hop.from);
      const cosine = read[hop.text]?.get(hop.memoryId) ?? -1;
      const best = nearest.get(key) ?? { memoryId: hop.memoryId, cosine, notes: new Set<number>() };
      best.notes.add(hop.memoryId);
      if (cosine > best.cosine) Object.assign(best, { memoryId: hop.memoryId, cosine });
      nearest.set(key, best);
    }
  const factors = new Map<P, number>();
  for (const [path, hops] of hopsOf) {
    let factor = 1;
    for (const [index, hop] of hops.entries()) {
      const best = nearest.get(competition(index, hop.from));
      const competed = (best?.notes.size ?? 0) > 1 || meaningHops.alone;
      const chosen = !meaningHops.nearest || (competed && best?.memoryId === hop.memoryId && best.cosine > 0);
      if (hop.silent && chosen) factor *= meaningHops.matched;
    }
    factors.set(path, factor);
  }
  return credited.map((entry) => {
    const factor = factors.get(entry.path);
    return factor === undefined || factor === 1 ? entry : { ...entry, value: entry.value * factor };
  });
}
