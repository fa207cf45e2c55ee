import type { Pool } from 'pg';
import type { AgentStepInput, TranscriptEntry } from '../src/domain/agent-action.ts';
import { cutText, shareBudget } from '../src/domain/text-cut.ts';

/**
 * What a parent's model sees of its subtasks' results, in estimated tokens (about four characters
 * each). Results live in Postgres (claim check); the workflow's transcript holds only their ids and
 * one line each, so this budget, not the workflow, bounds what the parent reads.
 */
export const subtaskResultsTokenBudget = 8_000;

interface SubtaskRow {
  id: string;
  status: string;
  assignee: string;
  result: string | null;
  failure_reason: string | null;
}

/**
 * Replaces each subtask-results entry of the transcript by the subtasks' results read from Postgres,
 * sharing the token budget among them (short results whole, long ones cut with an explicit mark).
 */
export async function withSubtaskResults(
  pool: Pool,
  input: AgentStepInput,
  tokenBudget = subtaskResultsTokenBudget,
): Promise<AgentStepInput> {
  const entries = input.transcript.filter((entry) => entry.kind === 'subtask-results' && entry.taskIds?.length);
  if (entries.length === 0) return input;
  const ids = entries.flatMap((entry) => entry.taskIds ?? []);
  const { rows } = await pool.query<SubtaskRow>(
    `SELECT id, status, assignee, result, failure_reason FROM tasks WHERE company_id = $1 AND id = ANY($2::text[])`,
    [input.companyId, ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const perEntry = Math.floor((tokenBudget * 4) / entries.length);
  const transcript = input.transcript.map((entry) =>
    entries.includes(entry) ? expand(entry, byId, perEntry, input.companyId) : entry,
  );
  return { ...input, transcript };
}

function expand(
  entry: TranscriptEntry,
  rows: Map<string, SubtaskRow>,
  characters: number,
  companyId: string,
): TranscriptEntry {
  const ids = entry.taskIds ?? [];
  const found = ids.map((id) => rows.get(id));
  // A missing row (projection not written) leaves the workflow's own one-line summary in place.
  if (found.some((row) => row === undefined)) return entry;
  const texts = (found as SubtaskRow[]).map((row) => row.result ?? row.failure_reason ?? '');
  const headers = (found as SubtaskRow[]).map((row) => `- ${row.id} ${row.status} by ${row.assignee}:`);
  const room = characters - headers.reduce((sum, header) => sum + header.length + 2, 0);
  const shares = shareBudget(
    texts.map((text) => text.length),
    room,
  );
  const lines = (found as SubtaskRow[]).map(
    (row, index) =>
      `${headers[index]}\n${cutText(texts[index] ?? '', shares[index] ?? 0, `whole result: synthorg task show ${companyId} ${row.id}`)}`,
  );
  const notes = entry.text.split('\n').filter((line) => line.startsWith('('));
  return { ...entry, text: [...lines, ...notes].join('\n') };
}
