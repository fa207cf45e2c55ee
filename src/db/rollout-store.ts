import type { Pool } from 'pg';
import type { ArmMetrics, AssignmentCount, GateVerdict, RolloutMetrics } from '../domain/rollout-gates.ts';
import type { RolloutMode, RolloutStage, RolloutStatus } from '../domain/rollout.ts';
import { ConfigurationInputError, currentVersion, getVersion, setCurrentVersion } from './configuration-store.ts';
import { withTransaction } from './pool.ts';

/** A rollout as `rollout list|show` prints it (a row of `rollouts`). */
export interface RolloutRecord {
  companyId: string;
  candidateVersion: number;
  baselineVersion: number;
  workflowId: string;
  mode: RolloutMode;
  author: string;
  reason: string;
  stages: RolloutStage[];
  stageIndex: number;
  percent: number;
  status: RolloutStatus;
  stageStartedAt: string | null;
  startedAt: string;
  endedAt: string | null;
  verdict: GateVerdict | null;
  decision: string | null;
}

interface RolloutRow {
  company_id: string;
  candidate_version: number;
  baseline_version: number;
  workflow_id: string;
  mode: RolloutMode;
  author: string;
  reason: string;
  stages: RolloutStage[];
  stage_index: number;
  percent: number;
  status: RolloutStatus;
  stage_started_at: Date | null;
  started_at: Date;
  ended_at: Date | null;
  verdict: GateVerdict | null;
  decision: string | null;
}

function toRecord(row: RolloutRow): RolloutRecord {
  return {
    companyId: row.company_id,
    candidateVersion: row.candidate_version,
    baselineVersion: row.baseline_version,
    workflowId: row.workflow_id,
    mode: row.mode,
    author: row.author,
    reason: row.reason,
    stages: row.stages,
    stageIndex: row.stage_index,
    percent: row.percent,
    status: row.status,
    stageStartedAt: row.stage_started_at?.toISOString() ?? null,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    verdict: row.verdict,
    decision: row.decision,
  };
}

export interface OpenRolloutInput {
  companyId: string;
  candidateVersion: number;
  workflowId: string;
  mode: RolloutMode;
  author: string;
  reason: string;
  stages: RolloutStage[];
}

/** The company already runs a rollout: one at a time. */
export class RolloutConflictError extends Error {
  override readonly name = 'RolloutConflictError';
}

/**
 * Registers a rollout (idempotent by workflow id): the baseline is the current version. Refused when
 * the candidate is the current version or another rollout of the company is active.
 */
export async function openRollout(pool: Pool, input: OpenRolloutInput): Promise<RolloutRecord> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`config:${input.companyId}`]);
    const { rows: mine } = await client.query<RolloutRow>(
      'SELECT * FROM rollouts WHERE company_id = $1 AND candidate_version = $2',
      [input.companyId, input.candidateVersion],
    );
    if (mine[0]) {
      if (mine[0].workflow_id === input.workflowId) return toRecord(mine[0]);
      throw new ConfigurationInputError(
        `version ${input.candidateVersion} of ${input.companyId} was already rolled out (${mine[0].status}); propose a new version`,
      );
    }
    await getVersion(client, input.companyId, input.candidateVersion);
    const current = await currentVersion(client, input.companyId);
    if (current.version === input.candidateVersion) {
      throw new ConfigurationInputError(
        `version ${input.candidateVersion} is already the current version of ${input.companyId}`,
      );
    }
    const { rows: active } = await client.query<{ candidate_version: number }>(
      `SELECT candidate_version FROM rollouts WHERE company_id = $1 AND status IN ('RUNNING', 'AWAITING_APPROVAL')`,
      [input.companyId],
    );
    if (active[0]) {
      throw new RolloutConflictError(
        `company ${input.companyId} already rolls out version ${active[0].candidate_version}; one rollout at a time`,
      );
    }
    const { rows } = await client.query<RolloutRow>(
      `INSERT INTO rollouts (company_id, candidate_version, baseline_version, workflow_id, mode, author, reason, stages, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'RUNNING') RETURNING *`,
      [
        input.companyId,
        input.candidateVersion,
        current.version,
        input.workflowId,
        input.mode,
        input.author,
        input.reason,
        JSON.stringify(input.stages),
      ],
    );
    return toRecord(rows[0] as RolloutRow);
  });
}

export interface RolloutUpdate {
  companyId: string;
  candidateVersion: number;
  status: RolloutStatus;
  stageIndex: number;
  percent: number;
  /** ISO time the stage started (workflow time), when this update starts one. */
  stageStartedAt?: string;
  verdict?: GateVerdict | null;
  decision?: string;
}

/**
 * Writes the rollout's stage, status and last verdict. A final status is written once (a retry of
 * an older update never reopens an ended rollout); promotion makes the candidate current in the same
 * transaction.
 */
export async function updateRollout(pool: Pool, update: RolloutUpdate): Promise<void> {
  await withTransaction(pool, async (client) => {
    const ending = update.status !== 'RUNNING' && update.status !== 'AWAITING_APPROVAL';
    const { rowCount } = await client.query(
      `UPDATE rollouts SET status = $3, stage_index = $4, percent = $5,
              stage_started_at = COALESCE($6::timestamptz, stage_started_at),
              verdict = COALESCE($7::jsonb, verdict), decision = COALESCE($8, decision),
              ended_at = CASE WHEN $9 THEN now() ELSE ended_at END
        WHERE company_id = $1 AND candidate_version = $2 AND status IN ('RUNNING', 'AWAITING_APPROVAL')`,
      [
        update.companyId,
        update.candidateVersion,
        update.status,
        update.stageIndex,
        update.percent,
        update.stageStartedAt ?? null,
        update.verdict ? JSON.stringify(update.verdict) : null,
        update.decision ?? null,
        ending,
      ],
    );
    if (rowCount === 1 && update.status === 'PROMOTED') {
      await setCurrentVersion(client, update.companyId, update.candidateVersion);
    }
  });
}

export async function listRollouts(pool: Pool, companyId: string): Promise<RolloutRecord[]> {
  const { rows } = await pool.query<RolloutRow>(
    'SELECT * FROM rollouts WHERE company_id = $1 ORDER BY started_at DESC, candidate_version DESC LIMIT 100',
    [companyId],
  );
  return rows.map(toRecord);
}

export async function getRollout(pool: Pool, companyId: string, candidateVersion: number): Promise<RolloutRecord> {
  const { rows } = await pool.query<RolloutRow>(
    'SELECT * FROM rollouts WHERE company_id = $1 AND candidate_version = $2',
    [companyId, candidateVersion],
  );
  if (!rows[0])
    throw new ConfigurationInputError(`company "${companyId}" has no rollout of version ${candidateVersion}`);
  return toRecord(rows[0]);
}

/** Values kept per arm and metric: enough for the tests, bounded for the payload. */
const maxValuesPerArm = 2_000;

/**
 * Both arms' numbers over the goals the rollout assigned: finished and failed goals, first-review
 * passes over every reviewed task of their trees, and per completed goal its cost, model steps and
 * wall time.
 */
export async function rolloutMetrics(pool: Pool, companyId: string, candidateVersion: number): Promise<RolloutMetrics> {
  const empty = (): ArmMetrics => ({
    assigned: 0,
    finished: 0,
    completed: 0,
    failed: 0,
    reviewed: 0,
    firstReviewPassed: 0,
    costs: [],
    steps: [],
    latenciesMs: [],
  });
  const arms = { candidate: empty(), baseline: empty() };
  const { rows: goals } = await pool.query<{
    arm: 'candidate' | 'baseline';
    status: string | null;
    cost_usd: string | null;
    latency_ms: number | null;
    steps: string;
  }>(
    `SELECT a.arm, t.status, t.cost_usd,
            EXTRACT(EPOCH FROM (t.updated_at - t.created_at)) * 1000 AS latency_ms,
            (SELECT count(*) FROM ledger l
              WHERE l.company_id = a.company_id AND (l.task_id = a.root_task_id OR l.task_id LIKE a.root_task_id || '.%')
                AND l.call_key NOT LIKE '%#%#%') AS steps
       FROM task_configurations a
       LEFT JOIN tasks t ON t.company_id = a.company_id AND t.id = a.root_task_id
      WHERE a.company_id = $1 AND a.rollout_version = $2 AND a.arm IN ('candidate', 'baseline')
      ORDER BY a.assigned_at`,
    [companyId, candidateVersion],
  );
  for (const goal of goals) {
    const arm = arms[goal.arm];
    arm.assigned++;
    if (goal.status !== 'COMPLETED' && goal.status !== 'FAILED' && goal.status !== 'CANCELLED') continue;
    arm.finished++;
    if (goal.status === 'FAILED') arm.failed++;
    if (goal.status !== 'COMPLETED') continue;
    arm.completed++;
    if (arm.costs.length < maxValuesPerArm) {
      arm.costs.push(Number(goal.cost_usd ?? 0));
      arm.steps.push(Number(goal.steps));
      arm.latenciesMs.push(Number(goal.latency_ms ?? 0));
    }
  }
  const { rows: reviews } = await pool.query<{ arm: 'candidate' | 'baseline'; reviewed: string; passed: string }>(
    `SELECT a.arm,
            count(*) FILTER (WHERE t.reviewer IS NOT NULL) AS reviewed,
            count(*) FILTER (WHERE t.reviewer IS NOT NULL AND t.status = 'COMPLETED' AND NOT EXISTS (
              SELECT 1 FROM audit_log e WHERE e.company_id = t.company_id AND e.task_id = t.id AND e.event = 'revision 1')) AS passed
       FROM task_configurations a
       JOIN tasks t ON t.company_id = a.company_id AND (t.id = a.root_task_id OR t.id LIKE a.root_task_id || '.%')
      WHERE a.company_id = $1 AND a.rollout_version = $2 AND a.arm IN ('candidate', 'baseline')
        AND t.status IN ('COMPLETED', 'FAILED')
      GROUP BY a.arm`,
    [companyId, candidateVersion],
  );
  for (const row of reviews) {
    arms[row.arm].reviewed = Number(row.reviewed);
    arms[row.arm].firstReviewPassed = Number(row.passed);
  }
  const { rows: counts } = await pool.query<{ percent: number; assigned: string; candidate: string }>(
    `SELECT percent, count(*) AS assigned, count(*) FILTER (WHERE arm = 'candidate') AS candidate
       FROM task_configurations WHERE company_id = $1 AND rollout_version = $2 AND percent IS NOT NULL
      GROUP BY percent ORDER BY percent`,
    [companyId, candidateVersion],
  );
  const assignments: AssignmentCount[] = counts.map((row) => ({
    percent: row.percent,
    assigned: Number(row.assigned),
    candidate: Number(row.candidate),
  }));
  return { ...arms, assignments };
}
