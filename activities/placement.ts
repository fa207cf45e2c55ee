import type { Pool } from 'pg';
import type { PoolFailover } from '../src/domain/placement.ts';

export interface PoolFailoverInput {
  /** Workflow id + failover number: a retried write adds nothing. */
  key: string;
  companyId: string;
  taskId: string;
  failover: PoolFailover;
}

/** Records a task's move to a fallback pool in the append-only audit log, under the task. */
export function createPlacementActivities({ pool }: { pool: Pool }) {
  async function recordPoolFailover(input: PoolFailoverInput): Promise<void> {
    await pool.query(
      `INSERT INTO audit_log (event_key, company_id, task_id, actor, event, details)
       VALUES ($1, $2, $3, 'placement', 'work moved to fallback pool', $4) ON CONFLICT (event_key) DO NOTHING`,
      [input.key, input.companyId, input.taskId, JSON.stringify(input.failover)],
    );
  }
  return { recordPoolFailover };
}
