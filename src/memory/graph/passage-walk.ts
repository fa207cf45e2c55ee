import type { Queryable } from '../sql.ts';
import { SqlParams } from '../sql.ts';
import type { Seed, WalkRequest } from './graph-walk.ts';
import { questionStems, stemsSaid } from './question-terms.ts';
import { labelPattern, relationTypesIn } from './relation-types.ts';

/**
 * Weights of the passage walk (round 5; set on the tuning split with bench/multi-hop-tune.ts, see
 * docs/memory-rounds.md).
 */
export const passageWeights = {
  /** A hop whose memory says none of the question's remaining asking words, before its relevance. */
  plain: 0.4,
  /** The least weight of a hop whose memory says asking words no earlier hop said. */
  novelWords: 0.8,
  /** Bonus signal: a hop whose memory states a typed relation the question asks for (relation-types.ts). */
  typed: 0.8,
  /** The least relevance factor of a hop (relevance is relative to the most relevant memory met). */
  relevanceFloor: 0.05,
  /** Per hop after the first. */
  stepDecay: 0.9,
  /** Hop weights combine as exp(sum of logs / hops^meanExponent). */
  meanExponent: 0.5,
  /** The path's score follows ((1 + asking words said) / (1 + asking words)) to this power. */
  termCoverage: 2,
  /** How much a bridge entity's specificity (1 / (1 + log10 mentions)) counts: its weight to this power. */
  bridgeSpecificity: 0.5,
  /**
   * What an earlier memory of a path gets of the path's score (the last memory gets all of it): 1
   * ranks the whole chain together, less lets the answer at a chain's end outrank the bridges.
   */
  chainCredit: 0.5,
  /** Memories read per bridge entity (a hub beyond this is a poor bridge anyway). */
  memoriesPerEntity: 40,
  /** Paths kept per step. */
  beamWidth: 32,
};

/** A memory as the passage walks read it. */
export interface Passage {
  content: string;
  relevance: number;
  entities: number[];
  typed: boolean;
}

interface Path {
  end: number;
  entities: number[];
  memories: number[];
  seed: number;
  logWeight: number;
  said: Set<string>;
}

/**
 * GraphRAG retrieval that needs no relation typing (round 5): a beam search over the bipartite graph
 * of entities and the memories that mention them (`memory_mentions`), as HippoRAG's passage nodes.
 * From each entity the question names, a path steps entity → memory mentioning it → another entity
 * that memory mentions → … Each hop's memory weighs what it adds to the path: the question's asking
 * words (its content words other than the linked names) that it says and no earlier hop of the path
 * said, and its similarity to the question without the names (the walk request's relevance). A
 * bridge entity counts by its specificity, so a chain through a depot in five notes beats one
 * through a word in fifty. A typed relation of an asked type in a hop's memory is a bonus, never a
 * requirement. A path's score is the seed's weight × exp(Σ log hop weights / hops^0.5) × a decay
 * per hop × the share of the question's asking words the path said, squared; every memory on a path
 * gets the best score of its paths, so the chain that ends at the answer ranks together. Scores are
 * relative to the best path (0..1).
 */
export async function walkPassages(db: Queryable, request: WalkRequest): Promise<Map<number, number>> {
  const scores = new Map<number, number>();
  if (request.seeds.length === 0 || request.maxSteps < 1) return scores;
  const w = passageWeights;
  const stems = questionStems(
    request.query,
    request.seeds.flatMap((seed: Seed) => (seed.name === undefined ? [] : [seed.name])),
  );
  const pattern = labelPattern(relationTypesIn(request.query));
  const termShare = (said: number) => ((1 + said) / (1 + stems.size)) ** w.termCoverage;
  const finalScore = (path: Path) => {
    const hops = path.memories.length;
    if (hops === 0) return 0;
    return (
      path.seed *
      Math.exp(path.logWeight / hops ** w.meanExponent) *
      w.stepDecay ** (hops - 1) *
      termShare(path.said.size)
    );
  };
  const passages = new Map<number, Passage>();
  const mentionCount = new Map<number, number>();
  let mostRelevant = 0;
  let beam: Path[] = request.seeds.map((seed) => ({
    end: seed.entityId,
    entities: [seed.entityId],
    memories: [],
    seed: seed.weight,
    logWeight: 0,
    said: new Set(),
  }));
  for (let step = 1; step <= request.maxSteps && beam.length > 0; step++) {
    const ends = [...new Set(beam.map((path) => path.end))];
    const reached = await passagesOf(db, request, ends, pattern, [...passages.keys()]);
    const fresh: number[] = [];
    for (const [entityId, { count, memories }] of reached) {
      mentionCount.set(entityId, count);
      for (const [memoryId, passage] of memories)
        if (!passages.has(memoryId)) {
          passages.set(memoryId, passage);
          fresh.push(memoryId);
        }
    }
    // Where the database cannot compute relevance in the query (the bytea fallback), ask for it.
    if (request.relevanceSql?.(new SqlParams()) === undefined && request.relevance && fresh.length > 0)
      for (const [memoryId, value] of await request.relevance(fresh)) {
        const passage = passages.get(memoryId);
        if (passage) passage.relevance = Math.max(0, value);
      }
    for (const memoryId of fresh) mostRelevant = Math.max(mostRelevant, passages.get(memoryId)?.relevance ?? 0);
    const relevanceOf = (passage: Passage) =>
      mostRelevant > 0 ? Math.max(w.relevanceFloor, passage.relevance / mostRelevant) : 1;
    const saidBy = new Map<number, Set<string>>();
    const next: Path[] = [];
    for (const path of beam) {
      const bridge = (1 / (1 + Math.log10(Math.max(1, mentionCount.get(path.end) ?? 1)))) ** w.bridgeSpecificity;
      for (const memoryId of reached.get(path.end)?.memories.keys() ?? []) {
        if (path.memories.includes(memoryId)) continue;
        const passage = passages.get(memoryId) as Passage;
        let said = saidBy.get(memoryId);
        if (said === undefined) {
          said = stemsSaid(passage.content, stems);
          saidBy.set(memoryId, said);
        }
        const adds = [...said].filter((stem) => !path.said.has(stem));
        let weight = w.plain;
        if (adds.length > 0) weight = Math.max(weight, w.novelWords);
        if (passage.typed) weight = Math.max(weight, w.typed);
        const logWeight = path.logWeight + Math.log(weight * relevanceOf(passage) * (step === 1 ? 1 : bridge));
        const grown = adds.length > 0 ? new Set([...path.said, ...adds]) : path.said;
        const onward = passage.entities.filter((entity) => !path.entities.includes(entity));
        const base = { memories: [...path.memories, memoryId], seed: path.seed, logWeight, said: grown };
        // A memory that mentions nothing further still ends a path (the answer may be a plain value).
        if (onward.length === 0) next.push({ ...base, end: path.end, entities: path.entities });
        for (const entity of onward) next.push({ ...base, end: entity, entities: [...path.entities, entity] });
      }
    }
    for (const path of next) {
      const value = finalScore(path);
      for (const [index, memoryId] of path.memories.entries()) {
        const credit = index === path.memories.length - 1 ? value : value * w.chainCredit;
        scores.set(memoryId, Math.max(scores.get(memoryId) ?? 0, credit));
      }
    }
    // Paths through one memory to several entities share a score: keep the beam diverse by memory chain.
    next.sort((left, right) => finalScore(right) - finalScore(left));
    beam = next.slice(0, w.beamWidth);
  }
  const best = Math.max(0, ...scores.values());
  if (best > 0) for (const [memoryId, value] of scores) scores.set(memoryId, value / best);
  return scores;
}

/**
 * Per entity: how many visible memories mention it (counted up to the read bound + 1) and those
 * memories (at most `memoriesPerEntity`), each with its text, relevance to the question, the
 * entities it mentions and whether it states a relation of an asked type. A memory already read
 * (`known`) is listed without its text.
 */
export async function passagesOf(
  db: Queryable,
  request: WalkRequest,
  entityIds: number[],
  pattern: string | undefined,
  known: number[],
): Promise<Map<number, { count: number; memories: Map<number, Passage> }>> {
  const params = new SqlParams();
  const company = params.add(request.companyId);
  const visibility = request.visibility(params);
  const relevance = request.relevanceSql?.(params) ?? 'NULL::float8';
  const limit = params.add(passageWeights.memoriesPerEntity + 1);
  const typed =
    pattern === undefined
      ? 'false'
      : `EXISTS (SELECT 1 FROM memory_relations r WHERE r.memory_id = m.id AND r.relation ~ ${params.add(pattern)})`;
  const { rows } = await db.query<{
    entity_id: string;
    memory_id: string;
    content: string | null;
    relevance: number | null;
    entities: string[] | null;
    typed: boolean | null;
  }>(
    `WITH hit AS (
       SELECT h.entity_id, l.memory_id FROM unnest(${params.add(entityIds)}::bigint[]) AS h(entity_id)
       CROSS JOIN LATERAL (
         SELECT mm.memory_id FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
          WHERE mm.entity_id = h.entity_id AND m.company_id = ${company} AND m.archived_at IS NULL AND ${visibility}
          ORDER BY mm.memory_id LIMIT ${limit}) AS l),
     fresh AS (
       SELECT m.id, m.content, ${relevance} AS relevance, ${typed} AS typed,
              ARRAY(SELECT mm.entity_id FROM memory_mentions mm WHERE mm.memory_id = m.id) AS entities
         FROM memories m WHERE m.id IN (SELECT memory_id FROM hit) AND m.id <> ALL(${params.add(known)}::bigint[]))
     SELECT hit.entity_id, hit.memory_id, fresh.content, fresh.relevance, fresh.entities, fresh.typed
       FROM hit LEFT JOIN fresh ON fresh.id = hit.memory_id`,
    params.values,
  );
  const result = new Map<number, { count: number; memories: Map<number, Passage> }>();
  for (const row of rows) {
    const entityId = Number(row.entity_id);
    const entry = result.get(entityId) ?? { count: 0, memories: new Map<number, Passage>() };
    entry.count++;
    if (entry.memories.size < passageWeights.memoriesPerEntity)
      entry.memories.set(Number(row.memory_id), {
        content: row.content ?? '',
        relevance: Math.max(0, row.relevance ?? 0),
        entities: (row.entities ?? []).map(Number),
        typed: row.typed ?? false,
      });
    result.set(entityId, entry);
  }
  return result;
}
