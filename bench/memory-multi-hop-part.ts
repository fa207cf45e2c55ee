/**
 * The multi-hop part of `bench/memory.ts`: answer@5 and supporting@5 per family, depth and recall mode, then
 * pooled per split (the families and their splits: bench/multi-hop-families.ts).
 */
import { loadavg } from 'node:os';
import type { RecallRequest } from '../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../src/memory/memory-context.ts';
import type { MultiHopFamily } from './multi-hop-families.ts';
import { splitOf } from './multi-hop-families.ts';
import type { MultiHopScore } from './multi-hop-evaluation.ts';
import { addScores, embeddingThroughput, rememberNotes, scoreQuestions } from './multi-hop-evaluation.ts';

export interface MultiHopPartOptions {
  label: string;
  context: MemoryContext;
  /** Each family's companies are `<prefix>-<family key>-<set index>`. */
  companyPrefix: string;
  families: readonly MultiHopFamily[];
  /** The recall modes measured: a name and the request options it recalls with. */
  modes: readonly (readonly [string, Partial<RecallRequest>])[];
  batchSize: number;
  /** Runs after a company's notes are stored, before any recall (the model extractor: bench/llm-extraction.ts). */
  afterStore?: (companyId: string) => Promise<void>;
  log: (line: string) => void;
}

const zero: MultiHopScore = { questions: 0, answers: 0, supporting: 0 };
const load1 = () => (loadavg()[0] ?? 0).toFixed(1);

/** Rows of the multi-hop table ([label, family, depth, mode, answer@5, supporting@5, note]) and the throughput row. */
export async function multiHopPart(
  options: MultiHopPartOptions,
): Promise<{ throughputRow: string[]; multiHopRows: string[][] }> {
  const { label, context, families, log } = options;
  const throughput = await embeddingThroughput(
    context.embedder,
    families.flatMap(({ sets }) => sets.flatMap((set) => set.memories.map((memory) => memory.content))),
  );
  const throughputRow = [
    label,
    `embedding throughput (${context.embedder.model}, batches of 500, no database)`,
    `${Math.round(throughput.perSecond)} texts/s`,
    `${throughput.texts} texts in ${throughput.seconds.toFixed(1)} s, load ${load1()}`,
  ];
  log(`${label}: ${Math.round(throughput.perSecond)} texts/s through ${context.embedder.model}`);
  const multiHopRows: string[][] = [];
  const splits = new Map<string, MultiHopScore>();
  for (const { key, family, role, sets } of families) {
    const companies = sets.map((_, index) => `${options.companyPrefix}-${key}-${index}`);
    for (const [index, set] of sets.entries()) {
      await rememberNotes(context, companies[index] as string, set.memories, 'bench', options.batchSize);
      await options.afterStore?.(companies[index] as string);
    }
    for (const hops of [2, 3] as const) {
      for (const [mode, request] of options.modes) {
        let total = zero;
        for (const [index, set] of sets.entries()) {
          const questions = set.questions.filter((question) => question.hops === hops);
          total = addScores(total, await scoreQuestions(context, companies[index] as string, questions, request));
        }
        if (total.questions === 0) continue;
        const split = `${splitOf(key, families)}|${hops}|${mode}`;
        splits.set(split, addScores(splits.get(split) ?? zero, total));
        multiHopRows.push([
          label,
          `${family} (${role})`,
          `${hops}-hop`,
          mode,
          (total.answers / total.questions).toFixed(3),
          (total.supporting / total.questions).toFixed(3),
          `${total.questions} questions, ${sets.reduce((sum, set) => sum + set.memories.length, 0)} memories`,
        ]);
      }
    }
    log(`${label}: multi-hop ${family} done (load ${load1()})`);
  }
  for (const [split, total] of splits) {
    const [name, hops, mode] = split.split('|');
    multiHopRows.push([
      label,
      `${name} split, all families`,
      `${hops}-hop`,
      mode as string,
      (total.answers / total.questions).toFixed(3),
      (total.supporting / total.questions).toFixed(3),
      `${total.questions} questions`,
    ]);
  }
  return { throughputRow, multiHopRows };
}
