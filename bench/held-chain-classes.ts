/**
 * The classes bench/held-chain-misses.ts counts a held chain's miss by (pure, so its test reads them on hand-made
 * rankings).
 */

/**
 * An entity this many notes of a company mention or fewer is a bridge that tells chains apart; the start oracle
 * (bench/start-oracle.ts) counts a chain held by the same bound.
 */
export const rareNotes = 10;

/** Why the answer is not in the top 5, the first that holds. */
export const missClasses = [
  'not reached, lost after note 0',
  'not reached, lost after note 1',
  'not reached, lost after note 2',
  'graph below',
  'blend',
] as const;

/** What a note ranked above the answer is to the chain. */
export const outrankerKinds = ['chain', 'sibling', 'near chain', 'elsewhere, walked', 'elsewhere, not walked'] as const;

export interface HeldChainMissInput {
  /** The chain's notes, first to the answer's. */
  chain: readonly number[];
  /** Recall's ranking (memory ids, best first). */
  ranked: readonly number[];
  /** The same recall with the graph signal alone. */
  graphRanked: readonly number[];
  /** Each note's graph signal (absent: 0). */
  graph: ReadonlyMap<number, number>;
  /** The rare entities a note mentions. */
  rare: (id: number) => ReadonlySet<number>;
}

export interface HeldChainMiss {
  kind: (typeof missClasses)[number];
  /** The kind of each note ranked above the answer, within the top 5. */
  outrankers: (typeof outrankerKinds)[number][];
}

/** Classes one miss (see bench/held-chain-misses.ts). */
export function heldChainMiss(input: HeldChainMissInput): HeldChainMiss {
  const { chain, ranked, graphRanked, graph, rare } = input;
  const answer = chain.at(-1) as number;
  const credited = (id: number) => (graph.get(id) ?? 0) > 0;
  const graphRank = graphRanked.indexOf(answer);
  let kind: HeldChainMiss['kind'];
  if (!credited(answer)) {
    let deepest = 0;
    for (const [at, id] of chain.entries()) if (at < chain.length - 1 && credited(id)) deepest = at;
    kind = missClasses[Math.min(deepest, 2)] as HeldChainMiss['kind'];
  } else kind = graphRank < 0 || graphRank >= 5 ? 'graph below' : 'blend';
  const rank = ranked.indexOf(answer);
  const before = chain.at(-2) as number;
  const shares = (id: number, other: number) => [...rare(id)].some((entity) => rare(other).has(entity));
  const outrankers = ranked
    .slice(0, rank < 0 ? 5 : Math.min(rank, 5))
    .map((id): HeldChainMiss['outrankers'][number] => {
      if (chain.includes(id)) return 'chain';
      if (shares(id, before)) return 'sibling';
      if (chain.some((other) => shares(id, other))) return 'near chain';
      return credited(id) ? 'elsewhere, walked' : 'elsewhere, not walked';
    });
  return { kind, outrankers };
}
