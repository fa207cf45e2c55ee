import type { Pool } from 'pg';
import type { LanguageSpend } from '../language.ts';

export interface SpendEntry {
  callKey: string;
  companyId: string;
  workflowId: string;
  purpose: string;
  spend: LanguageSpend;
  /** Defaults to `memory` (maintenance work that belongs to no task). */
  taskId?: string;
  /** Defaults to `memory`. */
  agentId?: string;
}

/**
 * Records what a memory model call spent: a ledger row once per key, added to the monthly totals in
 * the same statement (as the agent step does), so memory maintenance counts against the company's
 * budget. Offline calls record their simulated cost.
 */
export async function recordSpend(pool: Pool, entry: SpendEntry): Promise<void> {
  const { spend } = entry;
  await pool.query(
    `WITH inserted AS (
       INSERT INTO ledger (call_key, company_id, task_id, workflow_id, agent_id, model, offline,
                           input_tokens, output_tokens, cost_usd, response)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (call_key) DO NOTHING
       RETURNING company_id, agent_id, cost_usd
     )
     INSERT INTO spend_totals (company_id, agent_id, month, cost_usd, calls)
     SELECT company_id, scope.agent_id, date_trunc('month', now())::date, cost_usd, 1
       FROM inserted CROSS JOIN LATERAL (VALUES (''), (inserted.agent_id)) AS scope (agent_id)
     ON CONFLICT (company_id, agent_id, month)
     DO UPDATE SET cost_usd = spend_totals.cost_usd + EXCLUDED.cost_usd, calls = spend_totals.calls + 1`,
    [
      entry.callKey,
      entry.companyId,
      entry.taskId ?? 'memory',
      entry.workflowId,
      entry.agentId ?? 'memory',
      spend.model,
      spend.offline,
      spend.inputTokens,
      spend.outputTokens,
      spend.costUsd,
      JSON.stringify({ purpose: entry.purpose }),
    ],
  );
}
