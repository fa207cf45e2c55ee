import type { Pool } from 'pg';
import type { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { isTerminal } from '../../src/domain/task-state.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';

export interface CompanyCounts {
  companyId: string;
  goals: number;
  tasks: number;
  modelCalls: number;
  ledgerRows: number;
  statuses: Record<string, number>;
}

/**
 * The invariants a chaos run must keep, checked after every goal has ended: each task terminal and
 * none lost, exactly one ledger row per model call, no call charged twice, the monthly totals equal
 * to the ledger, and no memory written twice. Returns the problems found (none is a pass).
 */
export async function checkCompany(
  client: SynthorgClient,
  pool: Pool,
  companyId: string,
  goalIds: readonly string[],
): Promise<{ problems: string[]; counts: CompanyCounts }> {
  const problems: string[] = [];
  const view = await client.status(companyId);
  const { rows: projected } = await pool.query<{ id: string }>('SELECT id FROM tasks WHERE company_id = $1', [
    companyId,
  ]);
  // The company's state may drop finished tasks at continue-as-new; the projection keeps every one.
  const taskIds = new Set([...projected.map((row) => row.id), ...view.tasks.map((task) => task.id)]);
  for (const task of view.tasks) {
    if (!projected.some((row) => row.id === task.id))
      problems.push(`${companyId}/${task.id}: missing from the tasks table`);
  }
  for (const goal of goalIds) if (!taskIds.has(goal)) problems.push(`${companyId}/${goal}: goal lost`);

  let modelCalls = 0;
  const statuses: Record<string, number> = {};
  for (const taskId of taskIds) {
    const state = await client.temporal.workflow.getHandle(taskWorkflowId(companyId, taskId)).query(stateQuery);
    modelCalls += state.steps;
    statuses[state.status] = (statuses[state.status] ?? 0) + 1;
    if (!isTerminal(state.status)) problems.push(`${companyId}/${taskId}: still ${state.status}`);
  }

  const ledger = await pool.query<{ rows: number; keys: number; total: string | null }>(
    'SELECT count(*)::int AS rows, count(DISTINCT call_key)::int AS keys, sum(cost_usd) AS total FROM ledger WHERE company_id = $1',
    [companyId],
  );
  const { rows: ledgerRows = 0, keys = 0, total = '0' } = ledger.rows[0] ?? {};
  if (ledgerRows !== modelCalls) problems.push(`${companyId}: ${ledgerRows} ledger rows for ${modelCalls} model calls`);
  if (keys !== ledgerRows) problems.push(`${companyId}: ${ledgerRows - keys} ledger rows share a call key`);

  const totals = await pool.query<{
    agent_id: string;
    cost: string;
    calls: number;
    ledger_cost: string | null;
    ledger_calls: number;
  }>(
    `SELECT totals.agent_id, totals.cost_usd AS cost, totals.calls,
            (SELECT sum(cost_usd) FROM ledger
              WHERE company_id = totals.company_id AND (totals.agent_id = '' OR agent_id = totals.agent_id)
                AND date_trunc('month', created_at)::date = totals.month) AS ledger_cost,
            (SELECT count(*)::int FROM ledger
              WHERE company_id = totals.company_id AND (totals.agent_id = '' OR agent_id = totals.agent_id)
                AND date_trunc('month', created_at)::date = totals.month) AS ledger_calls
       FROM spend_totals AS totals WHERE totals.company_id = $1`,
    [companyId],
  );
  if (!totals.rows.some((row) => row.agent_id === '') && ledgerRows > 0)
    problems.push(`${companyId}: no company total`);
  for (const row of totals.rows) {
    const who = row.agent_id === '' ? 'company' : `agent ${row.agent_id}`;
    if (Math.abs(Number(row.cost) - Number(row.ledger_cost ?? 0)) > 1e-6 || row.calls !== row.ledger_calls) {
      problems.push(
        `${companyId}: monthly total of the ${who} is $${row.cost} over ${row.calls} calls, the ledger says $${row.ledger_cost} over ${row.ledger_calls}`,
      );
    }
  }
  if (Math.abs(view.budget.spentUsd - Number(total ?? 0)) > 1e-6) {
    problems.push(`${companyId}: the company shows $${view.budget.spentUsd} spent, the ledger $${total}`);
  }

  // A retried write reuses its key; the same content twice from one workflow means a write ran twice.
  const duplicateNotes = await pool.query(
    'SELECT task_id, content FROM notes WHERE company_id = $1 GROUP BY task_id, content HAVING count(*) > 1',
    [companyId],
  );
  const duplicateMemories = await pool.query(
    `SELECT workflow_id, content FROM memories WHERE company_id = $1 AND source = 'agent'
      GROUP BY workflow_id, scope, owner_id, content HAVING count(*) > 1`,
    [companyId],
  );
  const duplicates = duplicateNotes.rowCount ?? 0;
  if (duplicates + (duplicateMemories.rowCount ?? 0) > 0) {
    problems.push(`${companyId}: ${duplicates} notes and ${duplicateMemories.rowCount} memories written twice`);
  }
  return {
    problems,
    counts: { companyId, goals: goalIds.length, tasks: taskIds.size, modelCalls, ledgerRows, statuses },
  };
}
