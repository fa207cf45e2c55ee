import type { Pool } from 'pg';
import { decayedReinforcementSql, memoryValueSql } from '../decay.ts';
import { saveExtraction } from '../graph/graph-store.ts';
import { ReservationRefusedError } from '../../db/spend-reservations.ts';
import type { PriceSettings } from '../../llm/price-policy.ts';
import { extractionOutputTokens, instructionTokens, type MemoryLanguage } from '../language.ts';
import { promptTokensOf, withMemorySpend } from '../paid-call.ts';
import { inTransaction } from '../sql.ts';
import { runStage } from './stage.ts';

type Target = { runKey: string; companyId: string };

/** Writes reinforcement decayed to now, so stored values stay small and comparable. */
export async function applyDecay(pool: Pool, target: Target): Promise<{ decayed: number }> {
  return runStage(pool, { ...target, stage: 'decay' }, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE memories m SET reinforcement = ${decayedReinforcementSql()}, reinforced_at = now()
        WHERE m.company_id = $1 AND m.archived_at IS NULL AND m.reinforcement <> 0`,
      [target.companyId],
    );
    return { decayed: rowCount ?? 0 };
  });
}

const reportedArchives = 50;

/**
 * Archives memories that have lost their value: importance faded by disuse plus reinforcement
 * below `belowValue`. Named company memories (slots) and operator memories are never archived here.
 */
export async function archiveLowValue(
  pool: Pool,
  target: Target,
  options: { minAgeHours: number; belowValue: number },
): Promise<{ archived: number; ids: number[] }> {
  return runStage(pool, { ...target, stage: 'archive' }, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `UPDATE memories m SET archived_at = now(), updated_at = now(),
              archive_reason = 'lost its value (' || round(${memoryValueSql()}::numeric, 3) || ' < ' || $3 || ')'
        WHERE m.company_id = $1 AND m.archived_at IS NULL AND m.slot IS NULL AND m.source <> 'operator'
          AND m.created_at <= now() - make_interval(secs => $2) AND ${memoryValueSql()} < $3
        RETURNING m.id`,
      [target.companyId, options.minAgeHours * 3600, options.belowValue],
    );
    return { archived: rows.length, ids: rows.slice(0, reportedArchives).map((row) => Number(row.id)) };
  });
}

/**
 * With a provider configured, re-extracts the graph of memories the offline extractor handled, a
 * bounded batch per run. Each memory's new graph commits on its own, so a retry skips finished ones.
 */
export async function refreshGraph(
  pool: Pool,
  language: MemoryLanguage,
  target: Target,
  limit: number,
  heartbeat: () => void = () => undefined,
  prices?: PriceSettings,
): Promise<{ refreshed: number; extractor: string }> {
  if (language.offline || limit <= 0) return { refreshed: 0, extractor: 'offline' };
  const { rows } = await pool.query<{ id: string; content: string }>(
    `SELECT id, content FROM memories
      WHERE company_id = $1 AND archived_at IS NULL AND (graph_extractor IS NULL OR graph_extractor = 'offline')
      ORDER BY importance DESC, id DESC LIMIT $2`,
    [target.companyId, limit],
  );
  let refreshed = 0;
  for (const row of rows) {
    heartbeat();
    let answer: Awaited<ReturnType<MemoryLanguage['extractGraph']>>;
    try {
      // Reserved before the call, like an agent step: at the ceiling the refresh stops here.
      answer = await withMemorySpend(
        pool,
        {
          callKey: `${target.runKey}#graph-${row.id}`,
          companyId: target.companyId,
          workflowId: target.runKey,
          purpose: 'memory graph extraction',
          model: language.model,
          promptTokens: instructionTokens + promptTokensOf([row.content]),
          maxOutputTokens: extractionOutputTokens,
          ...(prices ? { prices } : {}),
        },
        () => language.extractGraph(row.content),
      );
    } catch (error) {
      if (!(error instanceof ReservationRefusedError)) throw error;
      return {
        refreshed,
        extractor: `llm:${language.model} (stopped after ${refreshed} of ${rows.length}: ${error.message})`,
      };
    }
    const { extraction, extractor } = answer;
    await inTransaction(pool, (client) =>
      saveExtraction(client, target.companyId, Number(row.id), extraction, extractor),
    );
    refreshed++;
  }
  return { refreshed, extractor: `llm:${language.model}` };
}

export async function countActive(pool: Pool, companyId: string): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(
    'SELECT count(*) FROM memories WHERE company_id = $1 AND archived_at IS NULL',
    [companyId],
  );
  return Number(rows[0]?.count ?? 0);
}
