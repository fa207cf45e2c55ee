import type { SentStatement } from '../../../bench/recording-pool.ts';
import { recall } from '../../../src/memory/hybrid-recall.ts';
import type { MemoryContext } from '../../../src/memory/memory-context.ts';

/** A question that links a name ("Harbour Depot"): the levers that run only where nothing links must send nothing. */
export const namedQuestion = 'What number reaches the manager of Harbour Depot?';

/**
 * The SQL of the statements one operator recall (top 5) of `query` sends, read from the sink of the recording pool
 * (bench/recording-pool.ts) the context was opened on.
 */
export async function recallStatements(
  context: MemoryContext,
  sink: { sent: SentStatement[] },
  companyId: string,
  query = namedQuestion,
): Promise<string[]> {
  sink.sent.length = 0;
  await recall(context, { companyId, viewer: { kind: 'operator' }, query, limit: 5 });
  // Two empty lists would compare equal: a context not opened on the recording pool must fail, not pass.
  if (sink.sent.length === 0) throw new Error('the recall sent no statement through the recording pool');
  return sink.sent.map((statement) => statement.sql);
}
