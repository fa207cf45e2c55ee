import type { Queryable, SqlParams } from '../sql.ts';
import { type AnswerJudge, judgeAnswers, judgeKinds } from './answer-hop.ts';
import { chainFactor, fullChainSteps } from './chain-length.ts';
import { bridgeShare, chosenPaths, type CreditedPath, guidedFactor } from './hop-guidance.ts';
import { NoteStances } from './hedged-hops.ts';
import { HopAlignment, type HopMeaning } from './meaning-levers.ts';
import { questionChain, type QuestionChain } from './question-chain.ts';
import { questionStems, stemsSaid } from './question-terms.ts';
import { answerFit } from './answer-fit.ts';
import { mentioningMemories } from './mentioning-memories.ts';
import { akinTypes, type RelationType, relationTypesIn } from './relation-types.ts';
import { beamWidthFor, cutBeam } from './beam-cut.ts';
import { judgePathShape } from './path-shape.ts';
import { judgePrecedence } from './step-precedence.ts';
import { keepsWordFloor, notesWithSaidLabels } from './label-words.ts';
import { siblingFactor, type StepTaken } from './sibling-steps.ts';
import { edgesOf } from './walk-edges.ts';
import { noBridgeKinds, valueBridges } from './value-bridges.ts';
import { offlineExtractorRules } from './offline-extractor-rules.ts';
import { thingKind, thingLinking } from './thing-phrases.ts';
import { isModelLink, modelLinks, modelLinkWeight } from './model-edges.ts';
import { adjacentLinkLabel, adjacentLinks } from './adjacent-links.ts';
import { type CrowdHop, CrowdedHops, noteNames } from './crowded-notes.ts';
import { guidedEdge, guidingLemmas, lemmaCoverage, parseGuidance, saidLabelsPattern } from './parse-guidance.ts';

// Entity linking (its own module), re-exported for the walk's callers.
export { entityLinkingSql, linkQueryEntities, type LinkedEntityRow } from './entity-linking.ts';

/** An entity a walk starts from, weighted by how specific it is. */
export interface Seed {
  entityId: number;
  weight: number;
  /** Its normalised name, when the query spells it (what the relevance of a relation is measured without). */
  name?: string;
  /**
   * The memory that joins the question's start to this entity, where the start is no entity (a passage start,
   * passage-start.ts): the walk counts it as the chain's first hop, so the chain is as long as the question reads it.
   */
  via?: { memoryId: number; content: string };
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
   * extra relation says more of the question. 2 until the ninth round; 1 since the relation walk has no
   * relevance and follows no longer a chain than the question reads (tuning side 0.568 / 0.487 → 0.579
   * / 0.513, docs/memory-rounds.md): held-out notes paraphrase the question's words.
   */
  termCoverage: 1,
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

const noStems: ReadonlySet<string> = new Set();
const noNotes: ReadonlySet<number> = new Set();

/** Entities at path ends whose merely-mentioning memories are read (mentioning-memories.ts reads a few each). */
const mentionEntities = 24;

/**
 * A path of the beam search, as a link to the path it grew from (copying each path's entity and memory lists was a
 * large share of the walk's work and garbage at 100k memories: docs/memory-rounds.md, eighth round).
 */
interface Path {
  end: number;
  /** The path this one extends by one relation (undefined for a seed). */
  parent: Path | undefined;
  /** The memory stating the path's last relation (-1 for a seed). */
  memoryId: number;
  /** The path's last relation, as {@link siblingFactor} reads it (undefined for a seed). */
  last?: StepTaken;
  /** The seed's weight. */
  seed: number;
  /** Sum of the logarithms of the path's edge weights. */
  logWeight: number;
  steps: number;
  covered: Set<RelationType>;
  /** Stems of the question's asking words that the path's memories say. */
  said: Set<string>;
  /** The question's parsed relation lemmas its edges' labels matched, a bit each (parse-guidance.ts; 0 when off). */
  matched: number;
  /** finalScore of the path, computed once when it is made. */
  value: number;
}
export type { Path as WalkedPath };

/** The fields of a path's root that do not depend on where it ends. */
function startOf(seed: number): Omit<Path, 'end' | 'covered' | 'said' | 'value'> {
  return { parent: undefined, memoryId: -1, seed, logWeight: 0, steps: 0, matched: 0 };
}

/**
 * The hops of a path, last first: each one's memory and the entities it joins (a passage start's from no entity). Read
 * lazily, so a walk with crowded notes off builds none.
 */
function* hopsOn(path: Path): Generator<CrowdHop> {
  for (let at: Path | undefined = path; at !== undefined && at.memoryId >= 0; at = at.parent)
    yield { memoryId: at.memoryId, from: at.parent?.end ?? -1, to: at.end };
}

/** Whether the path has passed through `entity` (its ends, from the seed on). */
function visits(path: Path, entity: number): boolean {
  for (let at: Path | undefined = path; at !== undefined; at = at.parent) if (at.end === entity) return true;
  return false;
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
  /** The exponent on relevance (1 unless given; meaning-levers.ts for the relation walk on a sentence encoder). */
  relevanceExponent?: number;
  /** Hop alignment by meaning (meaning-levers.ts): given only with a paraphrase-aware embedder. */
  hopMeaning?: HopMeaning;
  /**
   * The question read as a chain of steps (question-chain.ts), when the caller has read it (recall reads it
   * once for the walk's length and the walk's rules); null where it reads as none. Read here if not given.
   */
  chain?: QuestionChain | null;
  /** Judges the answer notes of paths as long as the chain against the question's last relation (answer-hop.ts). */
  answerJudge?: AnswerJudge;
  /**
   * Receives every walked path with its final credit and the chain length counted complete (diagnosis benches:
   * bench/answer-hop-failures.ts; recall's guard reads the walk's evidence from it: recall-guard.ts).
   */
  trace?: (paths: readonly CreditedPath<Path>[], need: number) => void;
}

/**
 * Graph retrieval that follows the question's relation chain: a beam search over relations from the entities the
 * question names. Each relation (edge) weighs what its label says (a type the question asks for, an akin type, words of
 * no known type, another type, bare co-occurrence: {@link pathWeights}) times how relevant the memory stating it is to
 * the question once the named entities are taken out of both ({@link WalkRequest.relevance}): a note that says the
 * asked relation in any words ("sits in", "is looked after by") resembles the question's relation words, a note that
 * mentions the named entity by chance ("flew to Oslo to meet Acme") does not. A path's score is the geometric mean of
 * its edge weights, times the seed's weight, a small decay per step and the share of the question's relation types it
 * covers: a chain of three relevant relations outranks one chance co-occurrence next to the named entity, where a
 * product of weights would always prefer the shorter path. The memory stating a path's last relation gets the path's
 * score, the memories before it a share ({@link pathWeights.chainCredit}), each memory the best of its paths; a path
 * ending where the question's answer cannot be (question-shape.ts) passes on less ({@link pathWeights.wrongEnd}), and a
 * path shorter than the question's chain passes on nothing where a path that long reaches a possible answer
 * (chain-length.ts). Scores are relative to the best path (0..1).
 */
export async function walkGraph(db: Queryable, request: WalkRequest): Promise<Map<number, number>> {
  const scores = new Map<number, number>();
  if (request.seeds.length === 0 || request.maxSteps < 1) return scores;
  const asked = relationTypesIn(request.query);
  const names = request.seeds.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
  const stems = questionStems(request.query, names);
  const steps = request.maxSteps;
  const chain = request.chain === undefined ? questionChain(request.query, names) : (request.chain ?? undefined);
  const alignment = request.hopMeaning && new HopAlignment(request.hopMeaning);
  // The question's own parse, where a bench parsed it (parse-guidance.ts); `replace` takes the types' lexicon out.
  const lemmas = guidingLemmas(request.query);
  const lexicon = lemmas === undefined || parseGuidance.mode !== 'replace';
  const coverage = (covered: number) => (lexicon ? (1 + covered) / (1 + asked.size) : 1);
  const termShare = (said: number) => ((1 + said) / (1 + stems.size)) ** pathWeights.termCoverage;
  const finalScore = (path: Path) =>
    path.steps === 0
      ? path.seed * coverage(0) * termShare(0)
      : path.seed *
        Math.exp(path.logWeight / path.steps ** pathWeights.meanExponent) *
        pathWeights.stepDecay ** (path.steps - 1) *
        coverage(path.covered.size) *
        termShare(path.said.size) *
        (lemmas ? lemmaCoverage(path.matched, lemmas) : 1) *
        (alignment?.answerFactor(path.memoryId) ?? 1);
  let beam: Path[] = request.seeds.map((seed) => {
    // A passage start's first hop is its memory, from a start no entity stands for (end -1 is visited by no path).
    const start: Path | undefined =
      seed.via === undefined
        ? undefined
        : { ...startOf(seed.weight), end: -1, covered: new Set(), said: new Set(), value: 0 };
    const path: Path = {
      end: seed.entityId,
      parent: start,
      memoryId: seed.via?.memoryId ?? -1,
      seed: seed.weight,
      logWeight: 0,
      steps: start ? 1 : 0,
      matched: 0,
      covered: new Set(),
      said: seed.via ? stemsSaid(seed.via.content, stems) : new Set(),
      value: 0,
    };
    path.value = finalScore(path);
    return path;
  });
  const ended = new Map<number, number>();
  /** Every path grown (its score is path.value): memories are credited once the path ends' entities are read. */
  const walked: Path[] = [];
  for (const seed of beam) ended.set(seed.end, seed.value);
  const relevance = new Map<number, number>();
  /** Per memory read so far: the question's asking words it says, and its text (the kind judge reads it). */
  const saidBy = new Map<number, Set<string>>();
  const texts = new Map<number, string>();
  const hedged = new NoteStances();
  let mostRelevant = 0;
  const exponent = request.relevanceExponent ?? 1;
  for (const { via } of request.seeds)
    if (via !== undefined && !saidBy.has(via.memoryId)) {
      saidBy.set(via.memoryId, stemsSaid(via.content, stems));
      hedged.read(via.memoryId, via.content);
      texts.set(via.memoryId, via.content);
    }
  const stopKinds = [
    ...(valueBridges.stop ? noBridgeKinds : []),
    ...(offlineExtractorRules.things && !thingLinking.bridge ? [thingKind] : []),
  ];
  for (let step = 1; step <= steps && beam.length > 0; step++) {
    const edges = await edgesOf(
      db,
      request,
      [...new Set(beam.map((path) => path.end))],
      asked,
      () => [...saidBy.keys()],
      step > 1 ? stopKinds : [],
      saidLabelsPattern(lemmas),
    );
    const measured = request.relevance !== undefined || request.relevanceSql !== undefined;
    for (const list of edges.values())
      for (const edge of list) {
        if (edge.content !== undefined && !saidBy.has(edge.memoryId)) {
          saidBy.set(edge.memoryId, stemsSaid(edge.content, stems));
          hedged.read(edge.memoryId, edge.content);
          texts.set(edge.memoryId, edge.content);
        }
        if (edge.relevance !== undefined && !relevance.has(edge.memoryId)) {
          relevance.set(edge.memoryId, Math.max(0, edge.relevance));
          mostRelevant = Math.max(mostRelevant, edge.relevance);
        }
      }
    if (request.relevance) {
      const unseen = new Set<number>();
      for (const list of edges.values())
        for (const edge of list) if (!relevance.has(edge.memoryId)) unseen.add(edge.memoryId);
      if (unseen.size > 0)
        for (const [id, value] of await request.relevance([...unseen])) {
          relevance.set(id, Math.max(0, value));
          mostRelevant = Math.max(mostRelevant, value);
        }
    }
    await alignment?.readMemories([...edges.values()].flatMap((list) => list.map((edge) => edge.memoryId)));
    const relevanceOf = (memoryId: number, hop: number) =>
      (measured && mostRelevant > 0
        ? Math.max(pathWeights.relevanceFloor, (relevance.get(memoryId) ?? 0) / mostRelevant) ** exponent
        : 1) * (alignment?.factor(hop, memoryId) ?? 1);
    const next: Path[] = [];
    const labelled = new Map<number, Set<number>>();
    for (const [entity, list] of edges) labelled.set(entity, notesWithSaidLabels(list, stems));
    for (const path of beam) {
      // A path from a passage start began one hop in (its memory): it grows to the same length as the others.
      if (path.steps >= steps) continue;
      for (const edge of edges.get(path.end) ?? []) {
        if (visits(path, edge.to)) continue;
        const typed = edgeWeight(edge.label, edge.type, asked, path.covered);
        const guided = lemmas && guidedEdge(edge.label, typed.weight, lemmas, path.matched);
        const covered = typed.covers && lexicon ? new Set([...path.covered, typed.covers]) : path.covered;
        // The asking words this memory says that the path's memories did not (in the memory's order).
        let adds: string[] | undefined;
        const floor = keepsWordFloor(edge, labelled.get(path.end) ?? noNotes, stems);
        if (floor)
          for (const stem of saidBy.get(edge.memoryId) ?? noStems) if (!path.said.has(stem)) (adds ??= []).push(stem);
        const taken = { label: edge.label, forward: edge.forward };
        const floored =
          adds !== undefined &&
          (modelLinks.wordFloor || !isModelLink(edge.label)) &&
          (adjacentLinks.wordFloor || edge.label !== adjacentLinkLabel);
        const weight =
          (floored
            ? Math.max(guided?.weight ?? typed.weight, pathWeights.novelWords)
            : (guided?.weight ?? typed.weight)) * siblingFactor(path.last, taken);
        const grown: Path = {
          end: edge.to,
          parent: path,
          memoryId: edge.memoryId,
          last: taken,
          seed: path.seed,
          logWeight: path.logWeight + Math.log(weight * relevanceOf(edge.memoryId, path.steps + 1)),
          steps: path.steps + 1,
          matched: guided?.matched ?? 0,
          covered,
          said: adds !== undefined ? new Set([...path.said, ...adds]) : path.said,
          value: 0,
        };
        grown.value = finalScore(grown);
        next.push(grown);
      }
    }
    // Stable, so paths of equal score keep the order they were grown in, as before.
    next.sort((left, right) => right.value - left.value);
    beam = cutBeam(next, beamWidthFor(pathWeights.beamWidth, chain?.relations.length, steps - step));
    for (const path of next) walked.push(path);
  }
  const fits = await answerFit(db, request, walked, pathWeights.wrongEnd);
  const fitting = (path: Path) => ({ steps: path.steps, fits: fits.get(path.end) === 1 });
  const need = fullChainSteps(chain && chain.relations.length - 1, steps, walked.map(fitting));
  // Among paths of the chain's length, each hop's note against the question's step it answers (hop-guidance.ts).
  const saidOn = (hop: Path) => saidBy.get(hop.memoryId) ?? noStems;
  // Notes naming a crowd of entities are weaker links than notes stating one relation (crowded-notes.ts; off: no read).
  const crowds = new CrowdedHops(await noteNames(db, [...saidBy.keys()]), (memoryId) => texts.get(memoryId));
  const guided = walked.map((path) => ({
    path,
    fit: fits.get(path.end) ?? pathWeights.wrongEnd,
    value:
      path.value *
      chainFactor(path.steps, need) *
      guidedFactor(path, need, chain, saidOn) *
      hedged.factor(path, need) *
      crowds.factor(hopsOn(path)),
  }));
  const kinded = await judgePathShape(db, await judgeKinds(db, texts, request, chain, guided, need), need, chain);
  const credited = await judgeAnswers(judgePrecedence(kinded, need), need, request.answerJudge);
  request.trace?.(credited, need);
  const chosen = chosenPaths(credited, need);
  for (const { path, fit, value } of credited) {
    // The memory stating the last relation gets the path's score, those before it a share.
    const share = chosen.has(path) ? bridgeShare(pathWeights.chainCredit) : pathWeights.chainCredit;
    for (let at: Path | undefined = path; at !== undefined && at.memoryId >= 0; at = at.parent) {
      const credit = value * fit * (at === path ? 1 : share);
      scores.set(at.memoryId, Math.max(scores.get(at.memoryId) ?? 0, credit));
    }
    ended.set(path.end, Math.max(ended.get(path.end) ?? 0, value * fit));
  }
  const strongestEnds = [...ended.entries()].sort((left, right) => right[1] - left[1]).slice(0, mentionEntities);
  const ends = strongestEnds.map(([id]) => id);
  for (const [memoryId, entityId] of await mentioningMemories(db, request, ends)) {
    const value = pathWeights.mentionOnly * (ended.get(entityId) ?? 0);
    if (value > (scores.get(memoryId) ?? 0)) scores.set(memoryId, value);
  }
  const best = Math.max(0, ...scores.values());
  if (best > 0) for (const [memoryId, value] of scores) scores.set(memoryId, value / best);
  return scores;
}

function edgeWeight(
  label: string,
  type: RelationType | undefined,
  asked: ReadonlySet<RelationType>,
  covered: ReadonlySet<RelationType>,
): { weight: number; covers?: RelationType } {
  if (isModelLink(label)) return modelLinkWeight(type && typedWeight(type, asked, covered));
  if (label === adjacentLinkLabel) return { weight: adjacentLinks.weight };
  if (type === undefined) return { weight: label === 'related to' ? pathWeights.cooccurrence : pathWeights.untyped };
  return typedWeight(type, asked, covered);
}

function typedWeight(
  type: RelationType,
  asked: ReadonlySet<RelationType>,
  covered: ReadonlySet<RelationType>,
): { weight: number; covers?: RelationType } {
  if (asked.has(type) && !covered.has(type)) return { weight: pathWeights.asked, covers: type };
  for (const wanted of asked)
    if (!covered.has(wanted) && akinTypes(wanted, type)) return { weight: pathWeights.akin, covers: wanted };
  return { weight: pathWeights.otherType };
}
