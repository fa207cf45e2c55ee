import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';
import type { WalkRequest } from './graph-walk.ts';
import type { Passage } from './passage-walk.ts';
import { passagesOf } from './passage-walk.ts';
import { questionStems, stemsSaid } from './question-terms.ts';
import { labelPattern, relationTypesIn } from './relation-types.ts';

/**
 * Settings of the personalised-PageRank walk (round 6; the best of four tried on the tuning split with
 * bench/multi-hop-tune.ts, seed 1, 18 family-depth cells: HippoRAG's damping 0.5 with answer-word
 * exponent 1 and edge term exponent 2 gave mean answer@5 0.037, damping 0.85 / 3 / 2 0.134, these
 * 0.162, against 0.356 for the relation walk; see docs/memory-rounds.md).
 */
export const pagerankWeights = {
  /** Probability of following an edge rather than jumping back to the question's entities. */
  damping: 0.85,
  /** Power iterations (the walk's graph is a few hundred nodes; 30 settle it to well under 1e-4). */
  iterations: 30,
  /** Rounds of reading the memories of the most visited entities not read yet. */
  expansions: 3,
  /** Entities whose memories are read per expansion after the first. */
  entitiesPerExpansion: 16,
  /** The least relevance factor of an entity → memory edge (relevance relative to the most relevant memory met). */
  relevanceFloor: 0.05,
  /** An entity → memory edge follows ((1 + asking words the memory says) / (1 + asking words)) to this power. */
  termCoverage: 4,
  /** Factor of an entity → memory edge whose memory states a typed relation the question asks for. */
  typed: 1.5,
  /** A memory → entity edge follows the entity's specificity (1 / (1 + log10 mentions)) to this power. */
  bridgeSpecificity: 1,
  /** A memory's score is its visit probability × this power of its asking-word share (the answer says the asked relation). */
  answerTerms: 3,
};

interface Graph {
  passages: Map<number, Passage>;
  /** Memories read per expanded entity. */
  memoriesOf: Map<number, number[]>;
  /** Visible memories mentioning an entity (bounded), for entities whose memories were read. */
  mentionCount: Map<number, number>;
}

/**
 * GraphRAG retrieval by personalised PageRank (round 6), as HippoRAG ranks passages: a random walk
 * over the graph of entities and the memories that mention them (`memory_mentions`), restarting at
 * the entities the question names (weighted by their specificity). From an entity the walk steps to a
 * memory mentioning it with odds set by what that memory says of the question — its relevance (the
 * similarity to the question without the names) and the question's asking words it says — and from
 * a memory to an entity it mentions with odds set by the entity's specificity, so a bridge through a
 * hub mentioned in fifty notes spreads thin. Every path from the named entities contributes to a
 * memory's score, not only the best one a beam kept. The graph is read in rounds: the memories of the
 * named entities, then those of the entities the walk visits most that were not read yet. A memory's
 * score is its visit probability times the share of the asking words it says (the answer states the
 * asked relation); scores are relative to the best (0..1).
 */
export async function walkPagerank(db: Queryable, request: WalkRequest): Promise<Map<number, number>> {
  const scores = new Map<number, number>();
  if (request.seeds.length === 0 || request.maxSteps < 1) return scores;
  const w = pagerankWeights;
  const stems = questionStems(
    request.query,
    request.seeds.flatMap((seed) => (seed.name === undefined ? [] : [seed.name])),
  );
  const pattern = labelPattern(relationTypesIn(request.query));
  const graph: Graph = { passages: new Map(), memoriesOf: new Map(), mentionCount: new Map() };
  const reset = new Map<number, number>();
  for (const seed of request.seeds) reset.set(seed.entityId, (reset.get(seed.entityId) ?? 0) + seed.weight);
  let frontier = [...reset.keys()];
  let visits = new Map<number, number>();
  const said = new Map<number, number>();
  let mostRelevant = 0;
  const rounds = Math.min(w.expansions, request.maxSteps);
  for (let round = 1; round <= rounds && frontier.length > 0; round++) {
    const reached = await passagesOf(db, request, frontier, pattern, [...graph.passages.keys()]);
    const fresh: number[] = [];
    for (const entityId of frontier) {
      const entry = reached.get(entityId);
      graph.mentionCount.set(entityId, entry?.count ?? 0);
      graph.memoriesOf.set(entityId, [...(entry?.memories.keys() ?? [])]);
      for (const [memoryId, passage] of entry?.memories ?? [])
        if (!graph.passages.has(memoryId)) {
          graph.passages.set(memoryId, passage);
          fresh.push(memoryId);
        }
    }
    if (request.relevanceSql?.(new SqlParams()) === undefined && request.relevance && fresh.length > 0)
      for (const [memoryId, value] of await request.relevance(fresh)) {
        const passage = graph.passages.get(memoryId);
        if (passage) passage.relevance = Math.max(0, value);
      }
    for (const memoryId of fresh) {
      const passage = graph.passages.get(memoryId) as Passage;
      mostRelevant = Math.max(mostRelevant, passage.relevance);
      said.set(memoryId, stemsSaid(passage.content, stems).size);
    }
    visits = pagerank(graph, reset, (memoryId) => edgeWeight(memoryId));
    frontier = [...visits.entries()]
      .filter(([node]) => node < 0 && !graph.memoriesOf.has(-node))
      .sort((left, right) => right[1] - left[1] || left[0] - right[0])
      .slice(0, w.entitiesPerExpansion)
      .map(([node]) => -node);
  }
  function edgeWeight(memoryId: number): number {
    const passage = graph.passages.get(memoryId) as Passage;
    const relevance = mostRelevant > 0 ? Math.max(w.relevanceFloor, passage.relevance / mostRelevant) : 1;
    const terms = ((1 + (said.get(memoryId) ?? 0)) / (1 + stems.size)) ** w.termCoverage;
    return relevance * terms * (passage.typed ? w.typed : 1);
  }
  for (const [node, value] of visits)
    if (node > 0) {
      const share = (1 + (said.get(node) ?? 0)) / (1 + stems.size);
      scores.set(node, value * share ** w.answerTerms);
    }
  const best = Math.max(0, ...scores.values());
  if (best > 0) for (const [memoryId, value] of scores) scores.set(memoryId, value / best);
  return scores;
}

/**
 * Personalised PageRank by power iteration over the walk's graph. Node keys: a memory's id, an
 * entity's id negated. A node with no way on (an entity whose memories were not read, a memory
 * mentioning nothing else) hands its probability back to the restart distribution.
 */
function pagerank(
  graph: Graph,
  reset: ReadonlyMap<number, number>,
  memoryWeight: (memoryId: number) => number,
): Map<number, number> {
  const w = pagerankWeights;
  const restartTotal = [...reset.values()].reduce((sum, value) => sum + value, 0);
  const restart = new Map([...reset].map(([entityId, value]) => [-entityId, value / restartTotal]));
  const out = new Map<number, [number, number][]>();
  for (const [entityId, memories] of graph.memoriesOf) {
    const edges = memories.map((memoryId): [number, number] => [memoryId, memoryWeight(memoryId)]);
    const total = edges.reduce((sum, [, weight]) => sum + weight, 0);
    if (total > 0)
      out.set(
        -entityId,
        edges.map(([memoryId, weight]) => [memoryId, weight / total]),
      );
  }
  const specificity = (entityId: number) =>
    (1 / (1 + Math.log10(Math.max(1, graph.mentionCount.get(entityId) ?? 1)))) ** w.bridgeSpecificity;
  for (const [memoryId, passage] of graph.passages) {
    const edges = passage.entities.map((entityId): [number, number] => [-entityId, specificity(entityId)]);
    const total = edges.reduce((sum, [, weight]) => sum + weight, 0);
    if (total > 0)
      out.set(
        memoryId,
        edges.map(([node, weight]) => [node, weight / total]),
      );
  }
  let rank = new Map(restart);
  for (let iteration = 0; iteration < w.iterations; iteration++) {
    const next = new Map<number, number>();
    let dangling = 0;
    for (const [node, value] of rank) {
      const edges = out.get(node);
      if (edges === undefined) {
        dangling += value;
        continue;
      }
      for (const [to, share] of edges) next.set(to, (next.get(to) ?? 0) + w.damping * value * share);
      dangling += (1 - w.damping) * value;
    }
    for (const [node, value] of restart) next.set(node, (next.get(node) ?? 0) + dangling * value);
    rank = next;
  }
  return rank;
}
