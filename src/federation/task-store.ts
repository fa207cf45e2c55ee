import { Task } from '@a2a-js/sdk';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import type { Pool } from 'pg';

/**
 * The A2A view of the tasks a company serves, in Postgres (table a2a_tasks), so `GetTask` answers after
 * a restart of the server. Every read and write is scoped to the calling partner: a partner never sees
 * (or overwrites) another partner's task, even with its id.
 */
type ListTasksRequest = Parameters<TaskStore['list']>[0];
type ListTasksResponse = Awaited<ReturnType<TaskStore['list']>>;

export class PostgresTaskStore implements TaskStore {
  private readonly pool: Pool;
  private readonly companyId: string;

  constructor(pool: Pool, companyId: string) {
    this.pool = pool;
    this.companyId = companyId;
  }

  async save(task: Task, context: ServerCallContext): Promise<void> {
    const partnerId = ownerOf(context);
    const localTaskId = typeof task.metadata?.synthorgTaskId === 'string' ? task.metadata.synthorgTaskId : null;
    // The owner check in the WHERE clause: a partner who guesses another's task id updates nothing.
    await this.pool.query(
      `INSERT INTO a2a_tasks (task_id, company_id, partner_id, context_id, local_task_id, state, task)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (task_id) DO UPDATE
         SET state = EXCLUDED.state, task = EXCLUDED.task, updated_at = now(),
             local_task_id = COALESCE(EXCLUDED.local_task_id, a2a_tasks.local_task_id)
       WHERE a2a_tasks.company_id = EXCLUDED.company_id AND a2a_tasks.partner_id = EXCLUDED.partner_id`,
      [
        task.id,
        this.companyId,
        partnerId,
        task.contextId,
        localTaskId,
        task.status?.state ?? 0,
        JSON.stringify(Task.toJSON(task)),
      ],
    );
  }

  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    const { rows } = await this.pool.query<{ task: unknown }>(
      'SELECT task FROM a2a_tasks WHERE task_id = $1 AND company_id = $2 AND partner_id = $3',
      [taskId, this.companyId, ownerOf(context)],
    );
    return rows[0] ? Task.fromJSON(rows[0].task) : undefined;
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    const pageSize = Math.min(Math.max(params.pageSize ?? 50, 1), 100);
    const offset = /^\d+$/.test(params.pageToken) ? Number(params.pageToken) : 0;
    const filters = ['company_id = $1', 'partner_id = $2'];
    const values: unknown[] = [this.companyId, ownerOf(context)];
    if (params.contextId) {
      values.push(params.contextId);
      filters.push(`context_id = $${values.length}`);
    }
    if (params.status) {
      values.push(params.status);
      filters.push(`state = $${values.length}`);
    }
    const where = filters.join(' AND ');
    const { rows } = await this.pool.query<{ task: unknown; total: string }>(
      `SELECT task, count(*) OVER () AS total FROM a2a_tasks WHERE ${where}
       ORDER BY updated_at DESC, task_id LIMIT ${pageSize} OFFSET ${offset}`,
      values,
    );
    const totalSize = Number(rows[0]?.total ?? 0);
    const tasks = rows.map((row) => Task.fromJSON(row.task));
    return {
      tasks,
      nextPageToken: offset + tasks.length < totalSize ? String(offset + tasks.length) : '',
      pageSize,
      totalSize,
    };
  }

  /** The company task an A2A task became, for the calling partner's task only. */
  async localTaskId(taskId: string, partnerId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ local_task_id: string | null }>(
      'SELECT local_task_id FROM a2a_tasks WHERE task_id = $1 AND company_id = $2 AND partner_id = $3',
      [taskId, this.companyId, partnerId],
    );
    return rows[0]?.local_task_id ?? undefined;
  }
}

/** The authenticated partner; the server refuses unauthenticated calls before they reach the store. */
export function ownerOf(context: ServerCallContext): string {
  const user = context.user;
  if (!user?.isAuthenticated) throw new Error('A2A task store reached without an authenticated partner');
  return user.userName;
}
