const none: ReadonlySet<string> = new Set();

/**
 * Per-hop guidance among paths of the question's chain length (fifteenth round, docs/memory-rounds.md). Since the
 * fourteenth round only paths as long as the question's chain may end as its answer (chain-length.ts), but
 * on notes whose relations are nearly all untyped dozens of such paths tie: each path's score says how much
 * of the question its notes say between them, not where. The question is read as a chain of steps
 * (question-chain.ts: per relation, the stems the question says of it); the k-th relation of a path of
 * that length should be stated by a note that says words of the k-th step, and a note that says only words
 * of another step ("Oskar Lund **sails** the Kestrel Bay" as the last relation of "who **repairs** the boat that
 * X **sails**") is a look-alike of that step, not a statement of its own. Lexical only (the question's stems the walk already reads per note), no statement and no model call.
 *
 * Set on the tuning grid only (docs/memory-rounds.md, fifteenth round):
 * - `matched`, `silent`, `misplaced`: what a hop multiplies its path's credit by when its note says words
 *   of its own step, says no words of the question, or says words of other steps only. 1, 1, 1 is off;
 *   a silent hop costs nothing, since true chains paraphrase the question (silent 0.7 lost 0.025).
 * - `bridgeCredit`: what the memories before the end of a chosen path (the best `chosen` paths of at least
 *   the chain's length, after guidance, where the best leads by `lead`) get of its score, instead of the
 *   walk's `chainCredit` (0.25): the bridge notes of the chain the walk settles on rank beside its answer
 *   (supporting@5). 0 leaves the chain credit alone.
 */
export const hopGuidance = {
  matched: 1.2,
  silent: 1,
  misplaced: 0.5,
  bridgeCredit: 0.9,
  chosen: 1,
  /**
   * How far the chosen path must lead: its credited score at least (1 + `lead`) times that of the best
   * path of the chain's length ending at another memory (a walk that cannot tell its paths apart chooses none).
   */
  lead: 2,
};

/**
 * The question's steps a path of `length` relations answers, hop by hop: the k-th hop the k-th step,
 * where the path is shorter than the chain (the extractor stated two of its links in one relation) its last
 * hop every step left, and where it is longer its later hops the last step.
 */
export function hopSteps(steps: readonly ReadonlySet<string>[], length: number): ReadonlySet<string>[] {
  if (steps.length === 0) return [];
  const out: ReadonlySet<string>[] = [];
  for (let hop = 0; hop < length; hop++) {
    if (hop === length - 1 && length < steps.length) out.push(new Set(steps.slice(hop).flatMap((step) => [...step])));
    else out.push(steps[Math.min(hop, steps.length - 1)] as ReadonlySet<string>);
  }
  return out;
}

/**
 * The factor of a path whose hops' notes say `said` (per hop, from the first: the question's stems each
 * note says), against the question's chain: its steps ({@link hopSteps}) without the stems it cannot place
 * (`loose`, question-chain.ts), which count for no hop. The product of {@link hopGuidance}'s per-hop
 * factors; 1 where the question's chain is not known.
 */
export function guidanceFactor(said: readonly ReadonlySet<string>[], chain: Chain): number {
  if (chain.relations.length === 0 || said.length === 0) return 1;
  const { steps, asked } = placedSteps(chain);
  const own = hopSteps(steps, said.length);
  let factor = 1;
  for (const [hop, stems] of said.entries()) {
    const mine = own[hop] as ReadonlySet<string>;
    let matched = false;
    let other = false;
    for (const stem of stems)
      if (mine.has(stem)) matched = true;
      else if (asked.has(stem)) other = true;
    factor *= matched ? hopGuidance.matched : other ? hopGuidance.misplaced : hopGuidance.silent;
  }
  return factor;
}

/** A walked path as guidance reads it: a link to the path it grew from and its last relation's memory. */
export interface GuidedPath {
  parent: GuidedPath | undefined;
  /** The memory stating the last relation (-1 for a seed). */
  memoryId: number;
  steps: number;
}

type Chain = { relations: readonly ReadonlySet<string>[]; loose?: ReadonlySet<string> };
const placed = new WeakMap<Chain, { steps: ReadonlySet<string>[]; asked: ReadonlySet<string> }>();

/** The chain's steps without its loose stems, and all of them together (once per chain: a walk checks hundreds of paths). */
function placedSteps(chain: Chain): { steps: ReadonlySet<string>[]; asked: ReadonlySet<string> } {
  let read = placed.get(chain);
  if (read === undefined) {
    const loose = chain.loose ?? none;
    const steps = chain.relations.map((step) => new Set([...step].filter((stem) => !loose.has(stem))));
    placed.set(chain, (read = { steps, asked: new Set(steps.flatMap((step) => [...step])) }));
  }
  return read;
}

/**
 * {@link guidanceFactor} of a path of at least the chain's length `need` (chain-length.ts), 1 for a shorter
 * path or where the chain rule does not hold (`need` 0): guidance chooses among paths that may end as the
 * answer (a three-hop question's chain of four relations is longer than the rule's cap of three).
 * `saidOn` gives the question's stems a hop says: those of the note stating its relation, as the walk read them.
 */
export function guidedFactor<P extends GuidedPath>(
  path: P,
  need: number,
  chain: Chain | undefined,
  saidOn: (hop: P) => ReadonlySet<string>,
): number {
  if (need === 0 || path.steps < need || chain === undefined) return 1;
  return guidanceFactor(hopsFromFirst(path).map(saidOn), chain);
}

/** A path's hops from the first: its nodes that state a relation, the seed (memory −1) left out. */
export function hopsFromFirst<P extends GuidedPath>(path: P): P[] {
  const hops: P[] = [];
  for (let at: P | undefined = path; at !== undefined && at.memoryId >= 0; at = at.parent as P | undefined)
    hops.unshift(at);
  return hops;
}

/** A path's credit as the walk computes it, before its memories are credited (`value` × `fit`, the end check's factor). */
export interface CreditedPath<P> {
  path: P;
  fit: number;
  value: number;
}

/**
 * The best `count` credited paths of at least the chain's length `need`, by credited score (`value` × `fit`): the
 * look-alikes of a complete chain, among which the judges after guidance choose (kind-hops.ts, meaning-hops.ts,
 * loop-hops.ts, answer-hop.ts).
 */
export function bestFullLength<P extends { steps: number }>(
  credited: readonly CreditedPath<P>[],
  need: number,
  count = Infinity,
): CreditedPath<P>[] {
  return credited
    .filter(({ path }) => path.steps >= need)
    .sort((left, right) => right.value * right.fit - left.value * left.fit)
    .slice(0, count);
}

/**
 * The paths whose bridge notes rank beside their answer ({@link hopGuidance.bridgeCredit}): the best
 * {@link hopGuidance.chosen} of at least the chain's length `need` by credited score (`value` × `fit`, the end
 * check's factor), where the chain rule holds.
 */
export function chosenPaths<P extends { steps: number; memoryId: number }>(
  credited: readonly CreditedPath<P>[],
  need: number,
): Set<P> {
  if (need === 0 || hopGuidance.bridgeCredit <= 0) return new Set();
  const ranked = bestFullLength(credited, need);
  const best = ranked[0];
  if (best === undefined) return new Set();
  const rival = ranked.find(({ path }) => path.memoryId !== best.path.memoryId);
  if (rival !== undefined && best.value * best.fit < (1 + hopGuidance.lead) * rival.value * rival.fit) return new Set();
  return new Set(ranked.slice(0, hopGuidance.chosen).map(({ path }) => path));
}

/** What the memories before a chosen path's end get of its score: at least the walk's `chainCredit`. */
export function bridgeShare(chainCredit: number): number {
  return Math.max(chainCredit, hopGuidance.bridgeCredit);
}
