/**
 * Multi-hop recall@5 of one question set in one company, per recall mode and question depth: the
 * share of questions whose answer memory is in the top 5, and the share of supporting memories there.
 */
import { recall } from '../src/memory/hybrid-recall.ts';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import { rememberBatch } from '../src/memory/memory-store.ts';
import { vectorOnlyWeights } from '../src/memory/recall-weights.ts';
import type { SynthorgConfig } from '../src/config/env.ts';
import { createEmbedder } from '../src/memory/embedding/create-embedder.ts';
import type { Embedder } from '../src/memory/embedding/embedder.ts';

/**
 * The embedder a bench names (`offline`, `local:wordllama-256`, a provider model), as memory config would
 * make it; or, for an experiment the bench alone runs, `A+B@w`: both embedders' unit vectors side by
 * side, scaled so the cosine of two such vectors is (1 − w)·cosine under A + w·cosine under B.
 */
export function benchEmbedder(name: string, config: SynthorgConfig): Embedder {
  const mix = /^(.+)\+(.+)@([0-9.]+)$/.exec(name);
  // The operator's HNSW candidate list (SYNTHORG_HNSW_EF_SEARCH) as recall takes it (memory-config.ts).
  const efSearch = config.memory.efSearch;
  if (mix === null)
    return createEmbedder(
      { embeddingModel: name, languageModel: 'offline', ...(efSearch === undefined ? {} : { efSearch }) },
      config,
    );
  const [first, second] = [benchEmbedder(mix[1] as string, config), benchEmbedder(mix[2] as string, config)];
  const weight = Number(mix[3]);
  if (!(weight >= 0 && weight <= 1)) throw new Error(`mix weight must be 0..1 in "${name}"`);
  return {
    model: `${first.model}+${second.model}@${weight}`,
    offline: first.offline && second.offline,
    label: `${Math.round((1 - weight) * 100)} % ${first.label} + ${Math.round(weight * 100)} % ${second.label} (bench mix)`,
    async embed(texts, options) {
      const [left, right] = await Promise.all([first.embed(texts, options), second.embed(texts, options)]);
      return left.map((vector, index) => {
        const other = right[index] as Float32Array;
        const joined = new Float32Array(vector.length + other.length);
        joined.set(vector.map((value) => value * Math.sqrt(1 - weight)));
        joined.set(
          other.map((value) => value * Math.sqrt(weight)),
          vector.length,
        );
        return joined;
      });
    },
  };
}

/** Texts per second through `embedder.embed` in batches (the embedder alone: no database). */
export async function embeddingThroughput(embedder: Embedder, texts: readonly string[], batchSize = 500) {
  const started = performance.now();
  for (let start = 0; start < texts.length; start += batchSize)
    await embedder.embed(texts.slice(start, start + batchSize));
  const seconds = (performance.now() - started) / 1000;
  return { texts: texts.length, seconds, perSecond: texts.length / seconds };
}

/**
 * Stores generated notes as company-scope memories of `companyId` (keys prefixed by it), in batches.
 * A real embedder (not the offline one) charges its calls to the company's ledger, so the company is
 * registered first (free: a local model costs nothing, and a provider's price applies as in production).
 */
export async function rememberNotes(
  context: MemoryContext,
  companyId: string,
  notes: readonly { key: string; content: string }[],
  authorId: string,
  batchSize = 500,
): Promise<void> {
  if (!context.embedder.offline)
    await context.pool.query(
      `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd)
       VALUES ($1, $1, 'bench', '{}', 1000) ON CONFLICT (id) DO NOTHING`,
      [companyId],
    );
  for (let start = 0; start < notes.length; start += batchSize)
    await rememberBatch(
      context,
      notes.slice(start, start + batchSize).map((note) => ({
        key: `${companyId}/${note.key}`,
        companyId,
        scope: 'company' as const,
        ownerId: companyId,
        authorId,
        content: note.content,
      })),
    );
}

/** The bench's short names for the recall modes (`--modes graph,hybrid,vector`). */
export const recallModeKeys: Readonly<Record<string, RecallMode>> = {
  graph: 'GraphRAG',
  hybrid: 'hybrid without graph',
  vector: 'vector only',
  passages: 'GraphRAG passage walk (round 5)',
  pagerank: 'GraphRAG personalised PageRank (round 6)',
};

export const recallModes = [
  ['GraphRAG', {}],
  ['hybrid without graph', { hops: 0 }],
  ['vector only', { hops: 0, weights: vectorOnlyWeights }],
  // The default GraphRAG is round 4's relation walk; round 5's passage walk (with the relation walk as a
  // bonus and its own weights) is measured beside it on the same data.
  ['GraphRAG passage walk (round 5)', { walk: 'both' }],
  // Round 6's personalised PageRank over entities and the memories mentioning them (HippoRAG-style).
  ['GraphRAG personalised PageRank (round 6)', { walk: 'pagerank' }],
] as const satisfies readonly (readonly [string, Partial<RecallRequest>])[];
export type RecallMode = (typeof recallModes)[number][0];

export interface MultiHopScore {
  questions: number;
  /** Questions whose answer memory (the last supporting one) is in the top 5. */
  answers: number;
  /** Sum over questions of the share of supporting memories in the top 5. */
  supporting: number;
}

export async function scoreQuestions(
  context: MemoryContext,
  companyId: string,
  questions: readonly { question: string; supporting: readonly string[] }[],
  options: Partial<RecallRequest>,
): Promise<MultiHopScore> {
  const { rows } = await context.pool.query<{ id: string; memory_key: string }>(
    'SELECT id, memory_key FROM memories WHERE company_id = $1',
    [companyId],
  );
  const idOf = new Map(rows.map((row) => [row.memory_key.slice(companyId.length + 1), Number(row.id)]));
  const score: MultiHopScore = { questions: 0, answers: 0, supporting: 0 };
  for (const question of questions) {
    const result = await recall(context, {
      companyId,
      viewer: { kind: 'operator' },
      query: question.question,
      limit: 5,
      ...options,
    });
    const found = new Set(result.memories.map((memory) => memory.id));
    const ids = question.supporting.map((key) => idOf.get(key));
    if (ids.some((id) => id === undefined))
      throw new Error(`question refers to a memory not loaded: ${question.question}`);
    score.questions++;
    score.supporting += ids.filter((id) => found.has(id as number)).length / ids.length;
    if (found.has(ids.at(-1) as number)) score.answers++;
  }
  return score;
}

export function addScores(left: MultiHopScore, right: MultiHopScore): MultiHopScore {
  return {
    questions: left.questions + right.questions,
    answers: left.answers + right.answers,
    supporting: left.supporting + right.supporting,
  };
}
