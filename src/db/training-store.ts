import type { Pool, PoolClient } from 'pg';
import type { GraduationPolicySpec, TrainingJuniorSpec } from '../config/training-schema.ts';
import type { GraduationCheck, TrainingStatus } from '../domain/training.ts';
import { checkGraduation } from '../domain/training.ts';
import type { TrainingAuditEntry } from '../../workflows/contracts/training.ts';
import { withTransaction } from './pool.ts';

type Queryable = Pool | PoolClient;

export interface TrainingEnrolment {
  agentId: string;
  status: TrainingStatus;
  seniors: string[];
  startedAt: string;
  endedAt: string | null;
}

/** A row of the training audit, as the workflows' contract shows it. */
export type TrainingAuditRecord = TrainingAuditEntry;

interface EnrolmentRow {
  agent_id: string;
  status: TrainingStatus;
  seniors: string[];
  started_at: Date;
  ended_at: Date | null;
}

const toEnrolment = (row: EnrolmentRow): TrainingEnrolment => ({
  agentId: row.agent_id,
  status: row.status,
  seniors: row.seniors,
  startedAt: row.started_at.toISOString(),
  endedAt: row.ended_at?.toISOString() ?? null,
});

export async function enrolments(database: Queryable, companyId: string): Promise<TrainingEnrolment[]> {
  const { rows } = await database.query<EnrolmentRow>(
    'SELECT * FROM training_enrolments WHERE company_id = $1 ORDER BY agent_id',
    [companyId],
  );
  return rows.map(toEnrolment);
}

/**
 * The junior's enrolment; a junior of the template with none yet enters training now (juniors
 * start in training), audited as started by the template. Safe to retry: one row per junior.
 */
export async function ensureEnrolment(
  pool: Pool,
  companyId: string,
  junior: TrainingJuniorSpec,
): Promise<TrainingEnrolment> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<EnrolmentRow>(
      `INSERT INTO training_enrolments (company_id, agent_id, status, seniors)
       VALUES ($1, $2, 'TRAINING', $3) ON CONFLICT (company_id, agent_id) DO NOTHING RETURNING *`,
      [companyId, junior.agent, junior.seniors],
    );
    if (rows[0]) {
      await audit(client, companyId, junior.agent, 'started', 'template', { seniors: junior.seniors });
      return toEnrolment(rows[0]);
    }
    const existing = await client.query<EnrolmentRow>(
      'SELECT * FROM training_enrolments WHERE company_id = $1 AND agent_id = $2',
      [companyId, junior.agent],
    );
    return toEnrolment(existing.rows[0] as EnrolmentRow);
  });
}

async function audit(
  client: Queryable,
  companyId: string,
  agentId: string,
  event: TrainingAuditRecord['event'],
  actor: string,
  details: Record<string, unknown>,
  requestKey?: string,
): Promise<void> {
  await client.query(
    `INSERT INTO training_audit (company_id, agent_id, event, actor, details, request_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_key) DO NOTHING`,
    [companyId, agentId, event, actor, JSON.stringify(details), requestKey ?? null],
  );
}

/** First reviews of the junior in its current training period, newest first. */
async function firstReviewsSince(client: Queryable, companyId: string, agentId: string, since: Date) {
  const { rows } = await client.query<{ passed: boolean }>(
    `SELECT passed FROM training_reviews WHERE company_id = $1 AND agent_id = $2 AND reviewed_at >= $3
      ORDER BY reviewed_at DESC, task_id DESC LIMIT 200`,
    [companyId, agentId, since],
  );
  return rows.map((row) => row.passed);
}

export interface FirstReview {
  companyId: string;
  agentId: string;
  taskId: string;
  reviewerId: string;
  passed: boolean;
  critiqued: boolean;
  policy: GraduationPolicySpec;
}

/**
 * Records a junior's first review of a task and applies the graduation policy in one transaction:
 * when the window's pass rate reaches the threshold the junior leaves training, and the audit row
 * carries the numbers. Keyed by task: a retried activity records and audits once.
 */
export async function recordFirstReview(
  pool: Pool,
  review: FirstReview,
): Promise<{ check: GraduationCheck; graduated: boolean; status: TrainingStatus | null }> {
  return withTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO training_reviews (company_id, agent_id, task_id, reviewer_id, passed, critiqued)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (company_id, task_id) DO NOTHING`,
      [review.companyId, review.agentId, review.taskId, review.reviewerId, review.passed, review.critiqued],
    );
    const { rows } = await client.query<EnrolmentRow>(
      'SELECT * FROM training_enrolments WHERE company_id = $1 AND agent_id = $2 FOR UPDATE',
      [review.companyId, review.agentId],
    );
    const enrolment = rows[0];
    const outcomes = enrolment
      ? await firstReviewsSince(client, review.companyId, review.agentId, enrolment.started_at)
      : [];
    const check = checkGraduation(outcomes, review.policy);
    if (!enrolment || enrolment.status !== 'TRAINING' || !check.graduates)
      return { check, graduated: false, status: enrolment?.status ?? null };
    await client.query(
      `UPDATE training_enrolments SET status = 'GRADUATED', ended_at = now() WHERE company_id = $1 AND agent_id = $2`,
      [review.companyId, review.agentId],
    );
    await audit(
      client,
      review.companyId,
      review.agentId,
      'graduated',
      'policy',
      { ...check, taskId: review.taskId },
      `graduation:${review.companyId}:${review.taskId}`,
    );
    return { check, graduated: true, status: 'GRADUATED' };
  });
}

/** (Re)enters training: a new period whose window starts empty. False when already in training. */
export async function startTraining(
  pool: Pool,
  companyId: string,
  junior: TrainingJuniorSpec,
  actor: string,
  reason: string,
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ agent_id: string }>(
      `INSERT INTO training_enrolments (company_id, agent_id, status, seniors)
       VALUES ($1, $2, 'TRAINING', $3)
       ON CONFLICT (company_id, agent_id) DO UPDATE
         SET status = 'TRAINING', seniors = EXCLUDED.seniors, started_at = now(), ended_at = NULL
         WHERE training_enrolments.status <> 'TRAINING'
       RETURNING agent_id`,
      [companyId, junior.agent, junior.seniors],
    );
    if (rows.length === 0) return false;
    await audit(client, companyId, junior.agent, 'started', actor, { seniors: junior.seniors, reason });
    return true;
  });
}

/** Ends training by an operator. False when the junior was not in training. */
export async function stopTraining(
  pool: Pool,
  companyId: string,
  junior: TrainingJuniorSpec,
  actor: string,
  reason: string,
  policy: GraduationPolicySpec,
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    // A junior of the template never seen yet is in training; stopping it records that it was.
    await client.query(
      `INSERT INTO training_enrolments (company_id, agent_id, status, seniors)
       VALUES ($1, $2, 'TRAINING', $3) ON CONFLICT (company_id, agent_id) DO NOTHING`,
      [companyId, junior.agent, junior.seniors],
    );
    const { rows } = await client.query<EnrolmentRow>(
      `UPDATE training_enrolments SET status = 'STOPPED', ended_at = now()
        WHERE company_id = $1 AND agent_id = $2 AND status = 'TRAINING' RETURNING *`,
      [companyId, junior.agent],
    );
    const stopped = rows[0];
    if (!stopped) return false;
    const check = checkGraduation(await firstReviewsSince(client, companyId, junior.agent, stopped.started_at), policy);
    await audit(client, companyId, junior.agent, 'stopped', actor, { ...check, reason });
    return true;
  });
}

/** The junior's first-review figures over its policy window in its current (or last) period. */
export async function windowFigures(
  database: Queryable,
  companyId: string,
  agentId: string,
  since: Date,
  policy: GraduationPolicySpec,
): Promise<GraduationCheck> {
  return checkGraduation(await firstReviewsSince(database, companyId, agentId, since), policy);
}

export async function auditTrail(
  database: Queryable,
  companyId: string,
  agentId?: string,
): Promise<TrainingAuditRecord[]> {
  const { rows } = await database.query<{
    id: string;
    agent_id: string;
    event: TrainingAuditRecord['event'];
    actor: string;
    details: Record<string, unknown>;
    created_at: Date;
  }>(`SELECT * FROM training_audit WHERE company_id = $1 AND ($2::text IS NULL OR agent_id = $2) ORDER BY id`, [
    companyId,
    agentId ?? null,
  ]);
  return rows.map((row) => ({
    id: Number(row.id),
    agentId: row.agent_id,
    event: row.event,
    actor: row.actor,
    details: row.details,
    createdAt: row.created_at.toISOString(),
  }));
}

export async function recordExemplar(
  database: Queryable,
  exemplar: { memoryId: number; companyId: string; seniorId: string; taskId: string },
): Promise<void> {
  await database.query(
    `INSERT INTO training_exemplars (memory_id, company_id, senior_id, task_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (memory_id) DO NOTHING`,
    [exemplar.memoryId, exemplar.companyId, exemplar.seniorId, exemplar.taskId],
  );
}

/** Which of these memories were distilled from whose work (memory id → senior id, task id). */
export async function exemplarProvenance(
  database: Queryable,
  companyId: string,
  memoryIds: number[],
): Promise<Map<number, { seniorId: string; taskId: string }>> {
  if (memoryIds.length === 0) return new Map();
  const { rows } = await database.query<{ memory_id: string; senior_id: string; task_id: string }>(
    'SELECT memory_id, senior_id, task_id FROM training_exemplars WHERE company_id = $1 AND memory_id = ANY($2::bigint[])',
    [companyId, memoryIds],
  );
  return new Map(rows.map((row) => [Number(row.memory_id), { seniorId: row.senior_id, taskId: row.task_id }]));
}
