import type { Pool } from 'pg';
import { linkQueryEntities, walkGraph, type Seed, type WalkedPath } from '../src/memory/graph/graph-walk.ts';
import { questionChain, type QuestionChain } from '../src/memory/graph/question-chain.ts';
import { walkSteps } from '../src/memory/graph/question-hops.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import type { RecalledMemory } from '../src/memory/types.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';

/** A family's notes as stored for one company: ids by the generator's keys, contents and entity mentions by id. */
export interface StoredFamily {
  idOf: Map<string, number>;
  contentOf: Map<number, string>;
  /** The entities each memory mentions. */
  mentions: Map<number, Set<number>>;
  /** How many of the company's notes mention each entity (a rare one tells chains apart: bench/start-oracle.ts). */
  notesPerEntity: Map<number, number>;
}

/**
 * Remembers a generated family's notes for `companyId` and reads back what the failure diagnoses
 * (bench/multi-hop-failures.ts, bench/answer-hop-failures.ts) look questions up by.
 */
export async function storeFamily(
  context: MemoryContext,
  companyId: string,
  set: HeldOutSet,
  authorId: string,
  /** Runs after the notes are stored, before their mentions are read (another extractor: bench/start-oracle.ts). */
  afterStore?: (companyId: string) => Promise<void>,
): Promise<StoredFamily> {
  await rememberNotes(context, companyId, set.memories, authorId);
  await afterStore?.(companyId);
  const { rows } = await context.pool.query<{ id: string; memory_key: string; content: string }>(
    'SELECT id, memory_key, content FROM memories WHERE company_id = $1',
    [companyId],
  );
  const idOf = new Map(rows.map((row) => [row.memory_key.slice(companyId.length + 1), Number(row.id)]));
  const contentOf = new Map(rows.map((row) => [Number(row.id), row.content]));
  const mentions = new Map<number, Set<number>>();
  const mentioned = await context.pool.query<{ memory_id: string; entity_id: string }>(
    'SELECT mm.memory_id, mm.entity_id FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id WHERE m.company_id = $1',
    [companyId],
  );
  for (const row of mentioned.rows)
    mentions.set(Number(row.memory_id), (mentions.get(Number(row.memory_id)) ?? new Set()).add(Number(row.entity_id)));
  const notesPerEntity = new Map<number, number>();
  for (const entities of mentions.values())
    for (const entity of entities) notesPerEntity.set(entity, (notesPerEntity.get(entity) ?? 0) + 1);
  return { idOf, contentOf, mentions, notesPerEntity };
}

/** Recall weights that keep the graph signal alone (what the diagnoses read each note's walk credit by). */
export const graphOnly = { vector: 0, text: 0, graph: 1, recency: 0, importance: 0, reinforcement: 0 };

/** A question whose answer note recall did not rank in its top 5, as the failure diagnoses read it. */
export interface MissedQuestion {
  /** The chain's notes by id, first to the answer's. */
  chain: number[];
  answer: number;
  /** The note before the answer's (the last bridge's). */
  bridgeNote: number;
  /** The recall request asked (top 50, as the operator). */
  base: { companyId: string; viewer: { kind: 'operator' }; query: string; limit: number };
  /** What recall ranked for it. */
  ranked: RecalledMemory[];
  /** The answer note's place in `ranked` (−1: not in the top 50). */
  rank: number;
  /** Each ranked note's graph signal with the graph alone ({@link graphOnly}). */
  graph: Map<number, number>;
}

/**
 * Recalls `question` for `companyId` (bench/answer-hop-failures.ts, bench/bridge-reach-failures.ts): undefined where
 * its answer note is in the top 5, else what the diagnoses read of the miss.
 */
export async function missedAnswer(
  context: MemoryContext,
  companyId: string,
  question: HeldOutQuestion,
  idOf: ReadonlyMap<string, number>,
): Promise<MissedQuestion | undefined> {
  const chain = question.supporting.map((key) => idOf.get(key) as number);
  const answer = chain.at(-1) as number;
  const bridgeNote = chain.at(-2) as number;
  const base = { companyId, viewer: { kind: 'operator' as const }, query: question.question, limit: 50 };
  const ranked = (await recall(context, base)).memories;
  const rank = ranked.findIndex((memory) => memory.id === answer);
  if (rank >= 0 && rank < 5) return undefined;
  const graph = new Map(
    (await recall(context, { ...base, weights: graphOnly })).memories.map((m) => [m.id, m.signals.graph]),
  );
  return { chain, answer, bridgeNote, base, ranked, rank, graph };
}

/** A walked path as the walk credited it: its value, fit, and their product. */
export interface CreditedWalk {
  path: WalkedPath;
  credit: number;
  fit: number;
  value: number;
}

/** What {@link tracedWalk} read and walked. */
export interface TracedWalk {
  /** The question's linked entities, and their names. */
  linked: Seed[];
  names: string[];
  /** The question read as a chain, if it reads as one. */
  read: QuestionChain | undefined;
  maxSteps: number;
  /** Memory ids and graph scores, best first. */
  ranked: [number, number][];
  credited: CreditedWalk[];
}

/**
 * The relation walk of `question` as recall runs it (its linked entities, its chain, as many steps as the chain
 * reads), with every credited path traced (bench/reached-bridge-ranks.ts, bench/look-alike-traits.ts): the memories
 * by graph score, best first, and the paths behind them.
 */
export async function tracedWalk(pool: Pool, companyId: string, question: string): Promise<TracedWalk> {
  const linked = await linkQueryEntities(pool, companyId, question);
  const names = linked.flatMap((seed) => (seed.name === undefined ? [] : [seed.name]));
  const read = questionChain(question, names);
  const maxSteps = walkSteps(4, read ? read.relations.length - 1 : undefined);
  let credited: CreditedWalk[] = [];
  const scores = await walkGraph(pool, {
    companyId,
    query: question,
    seeds: linked,
    maxSteps,
    chain: read ?? null,
    visibility: () => 'true',
    trace: (paths) => {
      credited = paths.map(({ path, value, fit }) => ({ path, credit: value * fit, fit, value }));
    },
  });
  const ranked = [...scores.entries()].sort((left, right) => right[1] - left[1] || right[0] - left[0]);
  return { linked, names, read, maxSteps, ranked, credited };
}
