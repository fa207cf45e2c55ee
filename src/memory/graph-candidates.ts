import type { PoolClient } from 'pg';
import { normalizeEntityName } from './graph/extraction.ts';
import type { Seed } from './graph/graph-walk.ts';
import { linkQueryEntities, walkGraph } from './graph/graph-walk.ts';
import { answerHop, judgedTexts } from './graph/answer-hop.ts';
import { meaningHops } from './graph/meaning-hops.ts';
import { meaningWeights, type HopMeaning } from './graph/meaning-levers.ts';
import { questionChain } from './graph/question-chain.ts';
import { sentenceReader } from './graph/sentence-steps.ts';
import { walkPagerank } from './graph/pagerank-walk.ts';
import { walkPassages } from './graph/passage-walk.ts';
import { passageStartAt, questionStart, startedWalk } from './graph/passage-start.ts';
import { walkSteps } from './graph/question-hops.ts';
import { recallGuard, walkEvidence, type WalkEvidence } from './recall-guard.ts';
import type { RecallRequest } from './hybrid-recall.ts';
import type { EmbeddingCharge, MemoryContext } from './memory-context.ts';
import { embedTexts } from './memory-context.ts';
import type { Filter, FirstCandidates } from './recall-candidates.ts';
import { mentionedBy } from './recall-candidates.ts';
import type { SqlParams } from './sql.ts';

/** Memories the graph walk may contribute: paths fan out, so more than the other sources. */
const graphCandidateLimit = 100;

/** What a recall has read before it walks the graph (hybrid-recall.ts). */
export interface GraphCandidatesInput {
  request: RecallRequest;
  /** The query, trimmed. */
  query: string;
  walk: 'passages' | 'relations' | 'both' | 'pagerank';
  hops: number;
  /** The query's embedding, if it has one. */
  embedded: { embedding: Float32Array } | undefined;
  /** Who pays for the embeddings of the question's parts (the recall's own charge). */
  charge: EmbeddingCharge | undefined;
  /** The one-statement candidates (pgvector), with the entities the query links and the best hits' mentions. */
  first: FirstCandidates | undefined;
  vectorHits: ReadonlyMap<number, number>;
  filter: Filter;
}

export interface GraphCandidates {
  /** Memory id → the walk's score, the strongest {@link graphCandidateLimit}. */
  hits: Map<number, number>;
  /** Entities the query names. */
  queryEntities: number;
  /** How the relation walk reached what it credits, when the recall guard acts or is traced. */
  evidence: WalkEvidence | undefined;
}

/**
 * GraphRAG's part of a recall: link the question's entities (or start at its rarest words or its best vector hits),
 * read the question's chain once, and walk the graph the request asks for (docs/memory.md, "GraphRAG").
 */
export async function graphCandidates(
  context: MemoryContext,
  client: PoolClient,
  input: GraphCandidatesInput,
): Promise<GraphCandidates> {
  const { request, query, walk, hops, embedded, charge, first, vectorHits, filter } = input;
  let evidence: WalkEvidence | undefined;
  const named = first?.named ?? (await linkQueryEntities(client, request.companyId, query));
  // Entities the query names anchor the walk; only a query naming none starts from its best vector hits,
  // since those hits' neighbours would otherwise outrank the chain the question is about.
  const best = [...vectorHits.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, 2)
    .map(([id]) => id);
  // A question that links no entity, or links one only as what qualifies its start, may start at the notes saying
  // its rarest words (graph/passage-start.ts).
  const linkedNames = named.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
  const started = request.startNotes
    ? startedWalk([], [], await passageStartAt(client, request.companyId, query, request.startNotes))
    : startedWalk(
        named,
        linkedNames,
        await questionStart(client, request.companyId, query, linkedNames, named.length, filter),
      );
  // Entities of the best hits are weaker anchors than named ones.
  const mentioned = async () =>
    first ? [...new Set(best.flatMap((id) => first.mentions.get(id) ?? []))] : await mentionedBy(client, best);
  const seeds: Seed[] =
    started?.seeds ?? (named.length > 0 ? named : (await mentioned()).map((entityId) => ({ entityId, weight: 0.5 })));
  // A relation's relevance: its memory's similarity to the question without the names it links
  // (what the question asks of them), so sharing the named entity's name earns a memory nothing here.
  // The relation walk does without it since the ninth round: notes paraphrase the question's relation
  // words, and ranking the chain by how alike they sound cost more answers than it found
  // (docs/memory-rounds.md); the passage and PageRank walks keep it. With a paraphrase-aware embedder the
  // relation walk may weigh it again, and align its hops by meaning (graph/meaning-levers.ts).
  const names = started?.names ?? linkedNames;
  const meaning = walk === 'relations' && context.embedder.paraphraseAware === true;
  const relevant = walk !== 'relations' || (meaning && meaningWeights.relevance > 0);
  const relationWords = relevant ? withoutNames(query, named) : '';
  // Answer alignment alone reads the last clause only: one text to embed, one statement per step.
  // The question's chain, read once: the walk's length, its chain rule and per-hop guidance use it.
  const chain = questionChain(query, names) ?? null;
  const aligned = meaning && meaningWeights.hopAlignment + meaningWeights.answerAlignment > 0;
  const allClauses = aligned ? (chain?.clauses ?? []) : [];
  const clauses = meaningWeights.hopAlignment > 0 ? allClauses : allClauses.slice(-1);
  // The answer hop's judge reads the last relation, or every one (graph/answer-hop.ts): texts in the same call.
  const judging = answerHop.exponent > 0 && walk === 'relations' && (meaning || answerHop.embedders === 'any');
  const judged = judging ? judgedTexts(chain?.clauses ?? []) : [];
  // The step judge reads every relation clause (graph/meaning-hops.ts): texts in the same call, after the rest,
  // each once (the last clause is often embedded already; the local model runs a pass per token length).
  const steps = meaning && meaningHops.matched !== 1 ? (chain?.clauses ?? []) : [];
  const head = [...(relationWords.length > 0 ? [relationWords] : []), ...clauses, ...judged];
  const texts = [...head, ...new Set(steps.filter((text) => !head.includes(text)))];
  const vectors =
    embedded && texts.length > 0
      ? await embedTexts(context, texts, charge ? { ...charge, callKey: `${charge.callKey}-relations` } : undefined)
      : [];
  const stepVectors =
    vectors.length > 0
      ? steps.map((text) => (vectors[texts.indexOf(text)] as { embedding: Float32Array }).embedding)
      : [];
  vectors.splice(head.length);
  const relationQuery = relationWords.length > 0 ? vectors[0] : undefined;
  const judgedVectors = vectors.slice(vectors.length - judged.length).map((vector) => vector.embedding);
  const clauseVectors = vectors
    .slice(relationWords.length > 0 ? 1 : 0, vectors.length - judged.length)
    .map((vector) => vector.embedding);
  const hopMeaning: HopMeaning | undefined =
    clauseVectors.length > 0
      ? {
          clauses: clauseVectors.length,
          async similarities(ids) {
            // One statement per clause, one after another: the client runs one query at a time.
            const read: Map<number, number>[] = [];
            for (const vector of clauseVectors)
              read.push(
                await context.backend.similarities(client, request.companyId, ids, context.embedder.model, vector),
              );
            return new Map(ids.map((id) => [id, read.map((byId) => byId.get(id) ?? 0)]));
          },
        }
      : undefined;
  const walkRequest = {
    companyId: request.companyId,
    query,
    seeds,
    // The relation walk follows no longer a chain than the question's grammar reads (graph/question-hops.ts).
    maxSteps: walk === 'relations' ? walkSteps(hops, chain ? chain.relations.length - 1 : undefined) : hops,
    chain,
    ...(judged.length + stepVectors.length > 0 && embedded
      ? {
          answerJudge: {
            texts: judged.length,
            similarities: (ids: number[], text: number) =>
              similaritiesTo(context, client, request, judgedVectors[text] as Float32Array, ids),
            ...(stepVectors.length > 0
              ? {
                  steps: {
                    texts: stepVectors.length,
                    similarities: (ids: number[], text: number) =>
                      similaritiesTo(context, client, request, stepVectors[text] as Float32Array, ids),
                    readSentences: sentenceReader(context, stepVectors, charge),
                  },
                }
              : {}),
          },
        }
      : {}),
    visibility: filter,
    ...(walk === 'relations' ? { relevanceExponent: meaningWeights.relevance } : {}),
    ...(hopMeaning ? { hopMeaning } : {}),
    // The guard reads how the walk reached what it credits (recall-guard.ts): only when it acts or is traced.
    ...(walk === 'relations' && (recallGuard.mode !== 'off' || request.guardTrace)
      ? {
          trace: (paths: Parameters<typeof walkEvidence>[2], need: number) => {
            evidence = walkEvidence(named.length, need, paths);
          },
        }
      : {}),
    ...(relationQuery
      ? {
          relevanceSql: (params: SqlParams) =>
            context.backend.similaritySql(params, context.embedder.model, relationQuery.embedding),
          relevance: (ids: number[]) =>
            context.backend.similarities(
              client,
              request.companyId,
              ids,
              context.embedder.model,
              relationQuery.embedding,
            ),
        }
      : {}),
  };
  const reached =
    walk === 'relations'
      ? await walkGraph(client, walkRequest)
      : walk === 'passages'
        ? await walkPassages(client, walkRequest)
        : walk === 'pagerank'
          ? await walkPagerank(client, walkRequest)
          : combineWalks(await walkPassages(client, walkRequest), await walkGraph(client, walkRequest));
  const strongest = [...reached.entries()].sort((left, right) => right[1] - left[1] || right[0] - left[0]);
  return {
    hits: new Map(strongest.slice(0, graphCandidateLimit)),
    queryEntities: named.length,
    evidence,
  };
}

/**
 * How much the typed-relation walk counts beside the passage walk when both run: 0.3, chosen on the
 * tuning split with bench/multi-hop-tune.ts (seed 1, 14 family-depth cells: passages alone 0.405,
 * mix 0.5 0.408, mix 0.3 0.429; relations alone 0.390). Typed relations help where notes word a
 * relation the way relation-types.ts knows; the passage walk does not need them.
 */
export const walkMix = { relations: 0.3 };

function combineWalks(passages: Map<number, number>, relations: Map<number, number>): Map<number, number> {
  const combined = new Map<number, number>();
  for (const id of new Set([...passages.keys(), ...relations.keys()]))
    combined.set(id, (1 - walkMix.relations) * (passages.get(id) ?? 0) + walkMix.relations * (relations.get(id) ?? 0));
  return combined;
}

/** The cosine of memories' stored vectors to `vector`, in one statement (the answer hop's judge). */
function similaritiesTo(
  context: MemoryContext,
  client: PoolClient,
  request: RecallRequest,
  vector: Float32Array,
  ids: number[],
): Promise<Map<number, number>> {
  return context.backend.similarities(client, request.companyId, ids, context.embedder.model, vector);
}

/** The query's words without those of the entities linked in it (normalised, in order). */
export function withoutNames(query: string, seeds: readonly Seed[]): string {
  const named = new Set(seeds.flatMap((seed) => (seed.name ?? '').split(' ')).filter((word) => word.length > 0));
  return normalizeEntityName(query)
    .split(' ')
    .filter((word) => word.length > 0 && !named.has(word))
    .join(' ');
}
