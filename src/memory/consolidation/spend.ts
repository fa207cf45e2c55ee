import type { Pool } from 'pg';
import { recordLedgerRow } from '../../db/ledger.ts';
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
  await recordLedgerRow(pool, {
    callKey: entry.callKey,
    companyId: entry.companyId,
    taskId: entry.taskId ?? 'memory',
    workflowId: entry.workflowId,
    agentId: entry.agentId ?? 'memory',
    model: spend.model,
    offline: spend.offline,
    inputTokens: spend.inputTokens,
    outputTokens: spend.outputTokens,
    costUsd: spend.costUsd,
    response: { purpose: entry.purpose },
  });
}
