import type { MemoryContext } from '../src/memory/memory-context.ts';
import { mentions, nameSpans } from '../src/memory/reader/bridge-candidates.ts';
import type { HeldOutQuestion, HeldOutSet } from './held-out-families.ts';
import { rememberNotes } from './multi-hop-evaluation.ts';

/**
 * The true bridges of a question, hop by hop: at hop i, the names said in supporting note i and note i + 1 and not
 * in the question (the reader probes judge the model's choices against them; docs/memory-rounds.md, rounds 24–25).
 */
export function trueBridges(question: HeldOutQuestion, content: ReadonlyMap<string, string>): string[][] {
  const notes = question.supporting.map((key) => content.get(key) ?? '');
  return notes
    .slice(0, -1)
    .map((note, hop) =>
      nameSpans(note).filter((span) => mentions(notes[hop + 1] ?? '', span) && !mentions(question.question, span)),
    );
}

/**
 * A tuning set stored as one company's notes, for the reader probes: each note's id by key, the notes' text by key,
 * and the first `perFamily` two-hop and three-hop questions.
 */
export async function storedTuneSet(
  context: MemoryContext,
  companyId: string,
  set: HeldOutSet,
  label: string,
  perFamily: number,
) {
  await rememberNotes(context, companyId, set.memories, label);
  const { rows } = await context.pool.query<{ id: string; memory_key: string }>(
    'SELECT id, memory_key FROM memories WHERE company_id = $1',
    [companyId],
  );
  const idOf = new Map(rows.map((row) => [row.memory_key.slice(companyId.length + 1), Number(row.id)]));
  const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
  const questions = [2, 3].flatMap((hops) => set.questions.filter((q) => q.hops === hops).slice(0, perFamily));
  return { idOf, content, questions };
}
