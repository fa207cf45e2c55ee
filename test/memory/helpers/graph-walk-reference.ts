/**
 * The relation walk as it was before the eighth round (src/memory/graph/graph-walk.ts at main a735155), kept
 * unchanged as the reference that test/memory/graph-walk-equivalence.test.ts compares the current walk with:
 * the speed work must not move any score. Not used by the product.
 */
import type { Queryable } from '../../../src/memory/sql.ts';
import { SqlParams } from '../../../src/memory/sql.ts';
import { fitsAnswer, questionShape } from '../../../src/memory/graph/question-shape.ts';
import { questionStems, stemsSaid } from '../../../src/memory/graph/question-terms.ts';
import type { RelationType } from '../../../src/memory/graph/relation-types.ts';
import { akinTypes, labelPattern, relationTypesIn, typeOfLabel } from '../../../src/memory/graph/relation-types.ts';

/** An entity a walk starts from, weighted by how specific it is. */
export interface Seed {
  entityId: number;
  weight: number;
  /** Its normalised name, when the query spells it (what the relevance of a relation is measured without). */
  name?: string;
}

/**
 * Edge weights of a path (see docs/memory-rounds.md for how they were set). A relation of a type the
 * question asks for (and the path has not used yet) keeps the path's score; an akin type nearly
 * does; a relation whose words say no known type might still be the asked one, so it costs less
 * than one known to be of another type; bare co-occurrence ("related to") is the weakest evidence.
 */
export const pathWeights = {
  asked: 1,
  akin: 0.7,
  untyped: 0.4,
  otherType: 0.3,
  cooccurrence: 0.2,
  /** Per relation step after the first: a longer chain is a little less certain. */
  stepDecay: 0.9,
  /**
   * The least a relation's relevance to the question scales its weight by (relevance is relative to
   * the most relevant memory the walk met, see {@link WalkRequest.relevance}).
   */
  relevanceFloor: 0.05,
  /**
   * A memory that only mentions an entity at a path's end, without stating a relation of it (0.5
   * until the sixth round; lowered with {@link pathWeights.chainCredit}, tuning side 0.456 → 0.467).
   */
  mentionOnly: 0.25,
  /**
   * How strongly a path's score follows the share of the question's asking words (question-terms.ts)
   * that its memories say between them: the score is multiplied by ((1 + said) / (1 + asked)) to this
   * power, so a chain whose notes say "wrote", "supervised" and "funded" outranks a chance
   * co-occurrence next to the named entity that says none, and a longer chain wins only where its
   * extra relation says more of the question.
   */
  termCoverage: 2,
  /**
   * How a path's edge weights combine: exp(sum of log weights / steps^meanExponent). 1 is their
   * geometric mean (round 3: a long chain costs no more than a short one), 0 their product (every
   * edge that is not the asked relation costs, so a walk wandering through chance co-occurrences to
   * a look-alike answer scores below the chain the question names).
   */
  meanExponent: 0.5,
  /**
   * The least weight of an edge whose memory says asking words of the question that the path's
   * earlier memories did not (round 4): however its words are typed, a relation stated in the
   * question's own words is evidence the path follows the question.
   */
  novelWords: 0.8,
  /** Paths kept per step: the best ones by score, so a hub cannot grow the walk without bound. */
  beamWidth: 32,
  /**
   * What a path ending at an entity that cannot be the question's answer (question-shape.ts: a
   * non-date where the question asks when, a date where it asks who, where or which thing, an entity
   * named like one of the question's bridges, "Hollybank Depot" for "who runs the garage of the
   * depot …") passes on to its memories: such a path stopped at a look-alike of a bridge. 1 turns
   * the check off. Sixth round, chosen on the tuning side (docs/memory-rounds.md).
   */
  wrongEnd: 0.2,
  /**
   * What the memories before a path's last one get of its score (the last gets all of it). Until the
   * sixth round every memory on a path got the whole score, so every path's bridges and its
   * look-alike ends tied at the top; the answer sits at the end of the question's chain, so the end
   * counts most, and the bridges still rank above memories on no path.
   */
  chainCredit: 0.25,
};

/** Relations read per entity and direction of the asked-for types, then of any type: bounds hubs. */
const askedEdgesPerEntity = 20;
const anyEdgesPerEntity = 12;
/** Entities at path ends whose merely-mentioning memories are read, and memories per entity. */
const mentionEntities = 24;
const mentionsPerEntity = 8;

interface Edge {
  from: number;
  /** The relevance of the memory stating it, when the edge query computed it. */
  relevance: number | undefined;
  /** The text of the memory stating it, the first time the walk reads that memory. */
  content: string | undefined;
  to: number;
  label: string;
  type: RelationType | undefined;
  memoryId: number;
}

interface Path {
  end: number;
  visited: number[];
  /** The seed's weight. */
  seed: number;
  /** Sum of the logarithms of the path's edge weights. */
  logWeight: number;
  steps: number;
  covered: Set<RelationType>;
  /** Stems of the question's asking words that the path's memories say. */
  said: Set<string>;
  memories: number[];
}

export interface WalkRequest {
  companyId: string;
  query: string;
  seeds: Seed[];
  /** Longest path, in relations. */
  maxSteps: number;
  /** SQL condition on `m` (the memory stating a relation or mentioning an entity) that the viewer may read. */
  visibility: (params: SqlParams) => string;
  /**
   * How well each memory states one of the question's relations, however it words it: its
   * similarity to the question with the named entities taken out (0..1). Without it every relation
   * counts as equally relevant.
   */
  relevance?: (memoryIds: number[]) => Promise<Map<number, number>>;
  /** The same relevance as a SQL expression over alias `m`, read with the relations (one round trip less a step). */
  relevanceSql?: (params: SqlParams) => string | undefined;
}

/**
 * Graph retrieval that follows the question's relation chain: a beam search over relations from the
 * entities the question names. Each relation (edge) weighs what its label says (a type the question
 * asks for, an akin type, words of no known type, another type, bare co-occurrence: {@link
 * pathWeights}) times how relevant the memory stating it is to the question once the named entities
 * are taken out of both ({@link WalkRequest.relevance}): a note that says the asked relation in any
 * words ("sits in", "is looked after by") resembles the question's relation words, a note that
 * mentions the named entity by chance ("flew to Oslo to meet Acme") does not. A path's score is the
 * geometric mean of its edge weights, times the seed's weight, a small decay per step and the share
 * of the question's relation types it covers: a chain of three relevant relations outranks one
 * chance co-occurrence next to the named entity, where a product of weights would always prefer the
 * shorter path. The memory stating a path's last relation gets the path's score, the memories before
 * it a share ({@link pathWeights.chainCredit}), each memory the best of its paths; a path ending where
 * the question's answer cannot be (question-shape.ts) passes on less ({@link pathWeights.wrongEnd}).
 * Scores are relative to the best path (0..1).
 */
export async function walkGraph(db: Queryable, request: WalkRequest): Promise<Map<number, number>> {
  const scores = new Map<number, number>();
  if (request.seeds.length === 0 || request.maxSteps < 1) return scores;
  const asked = relationTypesIn(request.query);
  const stems = questionStems(
    request.query,
    request.seeds.flatMap((seed) => (seed.name === undefined ? [] : [seed.name])),
  );
  const steps = request.maxSteps;
  const coverage = (covered: number) => (1 + covered) / (1 + asked.size);
  const termShare = (said: number) => ((1 + said) / (1 + stems.size)) ** pathWeights.termCoverage;
  const finalScore = (path: Path) =>
    path.steps === 0
      ? path.seed * coverage(0) * termShare(0)
      : path.seed *
        Math.exp(path.logWeight / path.steps ** pathWeights.meanExponent) *
        pathWeights.stepDecay ** (path.steps - 1) *
        coverage(path.covered.size) *
        termShare(path.said.size);
  let beam: Path[] = request.seeds.map((seed) => ({
    end: seed.entityId,
    visited: [seed.entityId],
    seed: seed.weight,
    logWeight: 0,
    steps: 0,
    covered: new Set(),
    said: new Set(),
    memories: [],
  }));
  const ended = new Map<number, number>();
  /** Every path grown, with its score: memories are credited once the path ends' entities are read. */
  const walked: { path: Path; value: number }[] = [];
  for (const seed of beam) ended.set(seed.end, finalScore(seed));
  const pattern = labelPattern(asked);
  const relevance = new Map<number, number>();
  /** Per memory read so far: the question's asking words it says. */
  const saidBy = new Map<number, Set<string>>();
  let mostRelevant = 0;
  for (let step = 1; step <= steps && beam.length > 0; step++) {
    const edges = await edgesOf(db, request, [...new Set(beam.map((path) => path.end))], pattern, [...saidBy.keys()]);
    const measured = request.relevance !== undefined || request.relevanceSql !== undefined;
    for (const edge of [...edges.values()].flat()) {
      if (edge.content !== undefined && !saidBy.has(edge.memoryId))
        saidBy.set(edge.memoryId, stemsSaid(edge.content, stems));
      if (edge.relevance !== undefined && !relevance.has(edge.memoryId)) {
        relevance.set(edge.memoryId, Math.max(0, edge.relevance));
        mostRelevant = Math.max(mostRelevant, edge.relevance);
      }
    }
    if (request.relevance) {
      const unseen = [...new Set([...edges.values()].flat().map((edge) => edge.memoryId))].filter(
        (id) => !relevance.has(id),
      );
      if (unseen.length > 0)
        for (const [id, value] of await request.relevance(unseen)) {
          relevance.set(id, Math.max(0, value));
          mostRelevant = Math.max(mostRelevant, value);
        }
    }
    const relevanceOf = (memoryId: number) =>
      measured && mostRelevant > 0
        ? Math.max(pathWeights.relevanceFloor, (relevance.get(memoryId) ?? 0) / mostRelevant)
        : 1;
    const next: Path[] = [];
    for (const path of beam) {
      for (const edge of edges.get(path.end) ?? []) {
        if (path.visited.includes(edge.to)) continue;
        const typed = edgeWeight(edge.label, edge.type, asked, path.covered);
        const covered = typed.covers ? new Set([...path.covered, typed.covers]) : path.covered;
        const adds = [...(saidBy.get(edge.memoryId) ?? [])].filter((stem) => !path.said.has(stem));
        const weight = adds.length > 0 ? Math.max(typed.weight, pathWeights.novelWords) : typed.weight;
        next.push({
          end: edge.to,
          visited: [...path.visited, edge.to],
          seed: path.seed,
          logWeight: path.logWeight + Math.log(weight * relevanceOf(edge.memoryId)),
          steps: step,
          covered,
          said: adds.length > 0 ? new Set([...path.said, ...adds]) : path.said,
          memories: [...path.memories, edge.memoryId],
        });
      }
    }
    next.sort((left, right) => finalScore(right) - finalScore(left));
    beam = next.slice(0, pathWeights.beamWidth);
    for (const path of next) walked.push({ path, value: finalScore(path) });
  }
  const fits = await answerFit(db, request, walked);
  for (const { path, value } of walked) {
    const fit = fits.get(path.end) ?? pathWeights.wrongEnd;
    for (const [index, memoryId] of path.memories.entries()) {
      const credit = value * fit * (index === path.memories.length - 1 ? 1 : pathWeights.chainCredit);
      scores.set(memoryId, Math.max(scores.get(memoryId) ?? 0, credit));
    }
    ended.set(path.end, Math.max(ended.get(path.end) ?? 0, value * fit));
  }
  const strongestEnds = [...ended.entries()].sort((left, right) => right[1] - left[1]).slice(0, mentionEntities);
  for (const [memoryId, entityId] of await mentioningMemories(
    db,
    request,
    strongestEnds.map(([id]) => id),
  )) {
    const value = pathWeights.mentionOnly * (ended.get(entityId) ?? 0);
    if (value > (scores.get(memoryId) ?? 0)) scores.set(memoryId, value);
  }
  const best = Math.max(0, ...scores.values());
  if (best > 0) for (const [memoryId, value] of scores) scores.set(memoryId, value / best);
  return scores;
}

/**
 * Per path end checked: 1 where its entity can be the question's answer ({@link fitsAnswer}), else
 * {@link pathWeights.wrongEnd}; an end not in the map was not checked and counts as no answer. One
 * look-up of the ends' names and kinds per walk.
 */
async function answerFit(
  db: Queryable,
  request: WalkRequest,
  walked: readonly { path: Path; value: number }[],
): Promise<Map<number, number>> {
  const fits = new Map<number, number>();
  if (pathWeights.wrongEnd === 1 || walked.length === 0) return fits;
  const shape = questionShape(
    request.query,
    request.seeds.flatMap((seed) => (seed.name === undefined ? [] : [seed.name])),
  );
  // Only ends of paths scoring at least wrongEnd × the best are read (all ends, hundreds at 100k
  // memories, made this look-up a tenth of a recall's time); a path below that counts as ending at no
  // answer. Every credit above wrongEnd × the best is then the one a full check gives, and the tuning
  // side moved by one 2-hop question of 720 (docs/memory-rounds.md, sixth round).
  const best = walked.reduce((most, { value }) => Math.max(most, value), 0);
  const ends = new Set(walked.filter(({ value }) => value >= pathWeights.wrongEnd * best).map(({ path }) => path.end));
  const { rows } = await db.query<{ id: string; normalized: string; kind: string }>(
    'SELECT id, normalized, kind FROM memory_entities WHERE id = ANY($1::bigint[])',
    [[...ends]],
  );
  for (const row of rows) fits.set(Number(row.id), fitsAnswer(shape, row) ? 1 : pathWeights.wrongEnd);
  return fits;
}

function edgeWeight(
  label: string,
  type: RelationType | undefined,
  asked: ReadonlySet<RelationType>,
  covered: ReadonlySet<RelationType>,
): { weight: number; covers?: RelationType } {
  if (type === undefined) return { weight: label === 'related to' ? pathWeights.cooccurrence : pathWeights.untyped };
  if (asked.has(type) && !covered.has(type)) return { weight: pathWeights.asked, covers: type };
  const akin = [...asked].find((wanted) => !covered.has(wanted) && akinTypes(wanted, type));
  if (akin) return { weight: pathWeights.akin, covers: akin };
  return { weight: pathWeights.otherType };
}

/**
 * Relations of the given entities, both directions, from memories the viewer may read. Per entity
 * and direction a bounded number of the asked-for types, then of any type: a
 * hub (a name in thousands of notes) must not turn one recall into a scan, and must not crowd out
 * the relation the question is about. One lateral per direction, so each uses its index.
 */
async function edgesOf(
  db: Queryable,
  request: WalkRequest,
  entityIds: number[],
  pattern: string | undefined,
  known: number[],
): Promise<Map<number, Edge[]>> {
  const params = new SqlParams();
  const company = params.add(request.companyId);
  // Text and relevance once per memory not read yet (a memory states several relations; it is read once).
  const unread = `m.id <> ALL(${params.add(known)}::bigint[])`;
  const relevance = request.relevanceSql?.(params) ?? 'NULL::float8';
  const visibility = request.visibility(params);
  // The memory stating a relation is read once, in the same probe that checks the viewer may see it:
  // a separate probe per memory for its text and relevance read the same rows again (about a third of
  // a step's buffers at 100k memories, docs/memory-rounds.md "Round 5").
  const side = (near: 'source_id' | 'target_id', far: 'source_id' | 'target_id', condition: string, limit: string) =>
    `(SELECT r.${far} AS other_id, r.relation, r.memory_id,
             CASE WHEN ${unread} THEN ${relevance} END AS relevance, CASE WHEN ${unread} THEN m.content END AS content
        FROM memory_relations r JOIN memories m ON m.id = r.memory_id AND m.archived_at IS NULL AND ${visibility}
       WHERE r.company_id = ${company} AND r.${near} = h.entity_id${condition} LIMIT ${limit})`;
  const any = params.add(anyEdgesPerEntity);
  const sides = [side('source_id', 'target_id', '', any), side('target_id', 'source_id', '', any)];
  if (pattern !== undefined) {
    const typed = ` AND r.relation ~ ${params.add(pattern)}`;
    const limit = params.add(askedEdgesPerEntity);
    sides.unshift(side('source_id', 'target_id', typed, limit), side('target_id', 'source_id', typed, limit));
  }
  // DISTINCT drops a relation both a typed and an any-type side returned (its text and relevance are the same).
  const { rows } = await db.query<{
    entity_id: string;
    other_id: string;
    relation: string;
    memory_id: string;
    relevance: number | null;
    content: string | null;
  }>(
    `SELECT DISTINCT ON (h.entity_id, l.other_id, l.relation, l.memory_id)
            h.entity_id, l.other_id, l.relation, l.memory_id, l.relevance, l.content
       FROM unnest(${params.add(entityIds)}::bigint[]) AS h(entity_id)
       CROSS JOIN LATERAL (${sides.join(' UNION ALL ')}) AS l`,
    params.values,
  );
  const edges = new Map<number, Edge[]>();
  for (const row of rows) {
    const from = Number(row.entity_id);
    const list = edges.get(from) ?? [];
    list.push({
      from,
      relevance: row.relevance ?? undefined,
      content: row.content ?? undefined,
      to: Number(row.other_id),
      label: row.relation,
      type: typeOfLabel(row.relation),
      memoryId: Number(row.memory_id),
    });
    edges.set(from, list);
  }
  return edges;
}

/** Memories (that the viewer may read) mentioning each entity, a few per entity: [memory id, entity id]. */
async function mentioningMemories(
  db: Queryable,
  request: WalkRequest,
  entityIds: number[],
): Promise<[number, number][]> {
  if (entityIds.length === 0) return [];
  const params = new SqlParams();
  const { rows } = await db.query<{ memory_id: string; entity_id: string }>(
    `SELECT link.memory_id, h.entity_id FROM unnest(${params.add(entityIds)}::bigint[]) AS h(entity_id)
       CROSS JOIN LATERAL (
         SELECT mm.memory_id FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
          WHERE mm.entity_id = h.entity_id AND m.company_id = ${params.add(request.companyId)}
            AND m.archived_at IS NULL AND ${request.visibility(params)}
          LIMIT ${params.add(mentionsPerEntity)}) AS link`,
    params.values,
  );
  return rows.map((row) => [Number(row.memory_id), Number(row.entity_id)]);
}
