import type { Pool } from 'pg';

export interface NoteInput {
  noteKey: string;
  companyId: string;
  agentId: string;
  taskId: string;
  content: string;
}

/** Stores a note once per key; a retried activity writes nothing new. */
export async function rememberNote(pool: Pool, note: NoteInput): Promise<void> {
  await pool.query(
    `INSERT INTO notes (note_key, company_id, agent_id, task_id, content)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (note_key) DO NOTHING`,
    [note.noteKey, note.companyId, note.agentId, note.taskId, note.content.slice(0, 4000)],
  );
}

/** Full-text recall within one company, best matches first, newest on ties. */
export async function recallNotes(pool: Pool, companyId: string, query: string, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ content: string }>(
    `SELECT content FROM notes
      WHERE company_id = $1 AND search @@ websearch_to_tsquery('english', $2)
      ORDER BY ts_rank(search, websearch_to_tsquery('english', $2)) DESC, id DESC
      LIMIT $3`,
    [companyId, query.split(/\s+/).join(' OR '), limit],
  );
  return rows.map((row) => row.content);
}
