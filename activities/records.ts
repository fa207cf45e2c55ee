import { ApplicationFailure } from '@temporalio/common';
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../src/db/pool.ts';
import { companyIdTakenFailure } from '../src/domain/ids.ts';
import type { CompanySnapshot, CompanyStatus, TaskSummary } from '../src/domain/types.ts';

export interface TaskEventInput {
  companyId: string;
  workflowId: string;
  task: TaskSummary;
  description: string;
  /** Monotonic within the task workflow; an older write never overwrites a newer projection. */
  version: number;
  event: string;
  actor: string;
  details?: Record<string, unknown>;
}

export interface CompanyEventInput {
  company: CompanySnapshot;
  status: CompanyStatus;
  eventKey: string;
  event: string;
  actor: string;
  details?: Record<string, unknown>;
  /** The company workflow's first write: the id must not belong to an earlier company in the database. */
  claimsId?: boolean;
}

export interface LostTaskInput {
  companyId: string;
  taskId: string;
  status: 'FAILED' | 'CANCELLED';
  failureReason: string;
  /** The parent's workflow id. */
  reportedBy: string;
}

export interface ApprovalRequestInput {
  requestKey: string;
  companyId: string;
  taskId: string;
  agentId: string;
  action: string;
  risk: string;
  reason: string;
  requestedAt: string;
}

export interface ApprovalDecisionInput {
  requestKey: string;
  decision: 'approved' | 'denied';
  decidedBy: string;
  reason: string;
}

/** Projection and audit writes. Each is idempotent: keys under unique constraints, versions guard order. */
export function createRecordActivities({ pool }: { pool: Pool }) {
  async function recordTaskEvent(input: TaskEventInput): Promise<void> {
    await withTransaction(pool, (client) => writeTaskEvent(client, input));
  }

  async function saveCompany(input: CompanyEventInput): Promise<void> {
    const { company } = input;
    await withTransaction(pool, async (client) => {
      if (input.claimsId) await refuseTakenId(client, company.id, input.eventKey);
      await client.query(
        `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd, status)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, template = EXCLUDED.template,
           monthly_budget_usd = EXCLUDED.monthly_budget_usd, status = EXCLUDED.status, updated_at = now()`,
        [
          company.id,
          company.name,
          company.templateName,
          JSON.stringify(company),
          company.monthlyBudgetUsd,
          input.status,
        ],
      );
      await appendAudit(client, {
        eventKey: input.eventKey,
        companyId: company.id,
        actor: input.actor,
        event: input.event,
        details: input.details ?? {},
      });
    });
  }

  async function recordApprovalRequest(input: ApprovalRequestInput): Promise<void> {
    await pool.query(
      `INSERT INTO approvals (request_key, company_id, task_id, agent_id, action, risk, reason, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (request_key) DO NOTHING`,
      [
        input.requestKey,
        input.companyId,
        input.taskId,
        input.agentId,
        input.action,
        input.risk,
        input.reason,
        input.requestedAt,
      ],
    );
  }

  async function recordApprovalDecision(input: ApprovalDecisionInput): Promise<void> {
    await pool.query(
      `UPDATE approvals SET decision = $2, decided_by = $3, decision_reason = $4, decided_at = now()
        WHERE request_key = $1 AND decision IS NULL`,
      [input.requestKey, input.decision, input.decidedBy, input.reason],
    );
  }

  /**
   * The ending of a subtask whose workflow closed without writing one (terminated, timed out), as
   * its parent saw it. Only a task still shown running changes; the audit key makes a retry a no-op.
   */
  async function recordLostTask(input: LostTaskInput): Promise<void> {
    await withTransaction(pool, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE tasks SET status = $3, failure_reason = $4, version = version + 1, updated_at = now()
          WHERE company_id = $1 AND id = $2 AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')`,
        [input.companyId, input.taskId, input.status, input.failureReason],
      );
      if (rowCount === 0) return;
      await appendAudit(client, {
        eventKey: `${input.reportedBy}#lost-${input.taskId}`,
        companyId: input.companyId,
        taskId: input.taskId,
        actor: input.reportedBy,
        event: `subtask ended without reporting: ${input.failureReason}`,
        details: { status: input.status },
      });
    });
  }

  return { recordTaskEvent, saveCompany, recordApprovalRequest, recordApprovalDecision, recordLostTask };
}

/**
 * Company ids are unique for good: a new company under an old id would find the old ledger's stored
 * answers, code runs and memories under its keys. A retry of this same first write is not a reuse:
 * its audit row (same transaction) is there.
 */
async function refuseTakenId(client: PoolClient, companyId: string, eventKey: string): Promise<void> {
  const { rows } = await client.query<{ created_at: Date; own: boolean }>(
    `SELECT created_at, EXISTS (SELECT 1 FROM audit_log WHERE event_key = $2) AS own
       FROM companies WHERE id = $1 FOR UPDATE`,
    [companyId, eventKey],
  );
  const existing = rows[0];
  if (!existing || existing.own) return;
  throw ApplicationFailure.nonRetryable(
    `company id "${companyId}" was already used by a company created ${existing.created_at.toISOString()} and its records are in the database; choose another id`,
    companyIdTakenFailure,
  );
}

export interface AuditEvent {
  eventKey: string;
  companyId: string;
  taskId?: string;
  actor: string;
  event: string;
  details: Record<string, unknown>;
}

/** Appends to the audit log once per event key: a retried activity repeats the key and adds nothing. */
export async function appendAudit(client: PoolClient, event: AuditEvent): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (event_key, company_id, task_id, actor, event, details)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_key) DO NOTHING`,
    [event.eventKey, event.companyId, event.taskId ?? null, event.actor, event.event, JSON.stringify(event.details)],
  );
}

/**
 * One status change of a task: its projection row (only a newer version overwrites it) and its audit row
 * (once per workflow id + version), so running it again changes nothing.
 */
export async function writeTaskEvent(client: PoolClient, input: TaskEventInput): Promise<void> {
  const { task } = input;
  await client.query(
    `INSERT INTO tasks (company_id, id, parent_id, workflow_id, title, description, status, assignee, reviewer,
                        cost_usd, result, failure_reason, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (company_id, id) DO UPDATE SET
       status = EXCLUDED.status, assignee = EXCLUDED.assignee, reviewer = EXCLUDED.reviewer,
       cost_usd = EXCLUDED.cost_usd, result = EXCLUDED.result, failure_reason = EXCLUDED.failure_reason,
       version = EXCLUDED.version, updated_at = now()
     WHERE tasks.version < EXCLUDED.version`,
    [
      input.companyId,
      task.id,
      task.parentId,
      input.workflowId,
      task.title,
      input.description,
      task.status,
      task.assignee,
      task.reviewer,
      task.costUsd,
      task.result ?? null,
      task.failureReason ?? null,
      input.version,
    ],
  );
  await appendAudit(client, {
    eventKey: `${input.workflowId}#event-${input.version}`,
    companyId: input.companyId,
    taskId: task.id,
    actor: input.actor,
    event: input.event,
    details: { status: task.status, ...input.details },
  });
}
