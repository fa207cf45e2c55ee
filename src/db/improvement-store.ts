import type { Pool, PoolClient } from 'pg';
import type { ConfigurationPatch } from '../config/configuration-schema.ts';
import type { GuardVerdict, ImprovementSignals, Proposal, RoleSignal } from '../domain/improvement.ts';
import type { CompanySnapshot } from '../domain/types.ts';
import { companySnapshot, currentVersion } from './configuration-store.ts';

export type ProposalStatus =
  'BLOCKED' | 'AWAITING_APPROVAL' | 'REJECTED' | 'ROLLING_OUT' | 'PROMOTED' | 'ROLLED_BACK' | 'ABORTED';

export interface ProposalRecord {
  id: number;
  companyId: string;
  source: string;
  patch: ConfigurationPatch;
  rationale: string;
  signals: unknown;
  guards: GuardVerdict[];
  status: ProposalStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  rolloutVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

interface ProposalRow {
  id: string;
  company_id: string;
  source: string;
  patch: ConfigurationPatch;
  rationale: string;
  signals: unknown;
  guards: GuardVerdict[];
  status: ProposalStatus;
  decided_by: string | null;
  decision_reason: string | null;
  rollout_version: number | null;
  created_at: Date;
  updated_at: Date;
}

function toRecord(row: ProposalRow): ProposalRecord {
  return {
    id: Number(row.id),
    companyId: row.company_id,
    source: row.source,
    patch: row.patch,
    rationale: row.rationale,
    signals: row.signals,
    guards: row.guards,
    status: row.status,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    rolloutVersion: row.rollout_version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Goals of the last `days` days that ran under the current version are what the loop learns from. */
const signalWindowDays = 30;

/**
 * The loop's signals under the company's current version: first-review rejections and their most
 * frequent feedback per author role (from the review steps in the ledger), failures by kind, mean
 * cost per role, approval denials, and whether revisions turned rejections into passes.
 */
export async function improvementSignals(pool: Pool | PoolClient, companyId: string): Promise<ImprovementSignals> {
  const current = await currentVersion(pool, companyId);
  const company: CompanySnapshot = await companySnapshot(pool, companyId);
  const roleOf = new Map(company.agents.map((agent) => [agent.id, agent.role]));
  const underCurrent = `EXISTS (SELECT 1 FROM task_configurations c WHERE c.company_id = t.company_id
                          AND c.root_task_id = split_part(t.id, '.', 1) AND c.version = $2)`;
  const { rows: tasks } = await pool.query<{
    id: string;
    assignee: string;
    status: string;
    cost_usd: string;
    failure_reason: string | null;
    rejected_first: boolean;
    reviewed: boolean;
  }>(
    `SELECT t.id, t.assignee, t.status, t.cost_usd, t.failure_reason, t.reviewer IS NOT NULL AS reviewed,
            EXISTS (SELECT 1 FROM audit_log e WHERE e.company_id = t.company_id AND e.task_id = t.id AND e.event = 'revision 1') AS rejected_first
       FROM tasks t
      WHERE t.company_id = $1 AND t.status IN ('COMPLETED', 'FAILED') AND ${underCurrent}
        AND t.updated_at > now() - make_interval(days => ${signalWindowDays})`,
    [companyId, current.version],
  );
  const { rows: feedback } = await pool.query<{ assignee: string; feedback: string }>(
    `SELECT t.assignee, l.response -> 'action' ->> 'feedback' AS feedback
       FROM ledger l JOIN tasks t ON t.company_id = l.company_id AND t.id = l.task_id
      WHERE l.company_id = $1 AND l.response -> 'action' ->> 'type' = 'review'
        AND l.response -> 'action' ->> 'verdict' = 'reject' AND ${underCurrent}
        AND l.created_at > now() - make_interval(days => ${signalWindowDays})
      LIMIT 5000`,
    [companyId, current.version],
  );
  const byRole = new Map<string, RoleSignal & { costs: number[]; reasons: Map<string, number> }>();
  const entry = (agentId: string) => {
    const role = roleOf.get(agentId) ?? agentId;
    let signal = byRole.get(role);
    if (!signal) {
      signal = {
        role,
        reviewed: 0,
        firstReviewRejections: 0,
        topRejectionReason: null,
        topRejectionCount: 0,
        failed: 0,
        meanCostUsd: 0,
        costs: [],
        reasons: new Map(),
      };
      byRole.set(role, signal);
    }
    return signal;
  };
  const failures = new Map<string, number>();
  let revised = 0;
  let passedAfterRevision = 0;
  for (const task of tasks) {
    if (task.rejected_first) {
      revised++;
      if (task.status === 'COMPLETED') passedAfterRevision++;
    }
    const signal = entry(task.assignee);
    if (task.reviewed) signal.reviewed++;
    if (task.rejected_first) signal.firstReviewRejections++;
    if (task.status === 'FAILED') {
      signal.failed++;
      const type = (task.failure_reason ?? 'unknown').split(/[:(]/)[0]!.trim().split(' ').slice(0, 3).join(' ');
      failures.set(type, (failures.get(type) ?? 0) + 1);
    }
    if (task.status === 'COMPLETED') signal.costs.push(Number(task.cost_usd));
  }
  for (const row of feedback) {
    const signal = entry(row.assignee);
    const reason = (row.feedback ?? '').trim().slice(0, 300);
    if (reason) signal.reasons.set(reason, (signal.reasons.get(reason) ?? 0) + 1);
  }
  const { rows: denials } = await pool.query<{ count: string }>(
    `SELECT count(*) FROM approvals WHERE company_id = $1 AND decision = 'denied'
        AND decided_at > now() - make_interval(days => ${signalWindowDays})`,
    [companyId],
  );
  const roles: RoleSignal[] = [...byRole.values()]
    .map(({ costs, reasons, ...signal }) => {
      const top = [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      return {
        ...signal,
        topRejectionReason: top?.[0] ?? null,
        topRejectionCount: top?.[1] ?? 0,
        meanCostUsd: costs.length > 0 ? costs.reduce((sum, cost) => sum + cost, 0) / costs.length : 0,
      };
    })
    .sort((a, b) => a.role.localeCompare(b.role));
  return {
    currentVersion: current.version,
    configuration: current.configuration,
    roles,
    failuresByType: [...failures.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    approvalDenials: Number(denials[0]?.count ?? 0),
    revisions: {
      revised,
      passedAfterRevision,
      maxRevisions: current.configuration.policies.maxRevisions ?? company.policies.maxRevisions,
    },
  };
}

/** What the guard chain needs from the database: the active rollout and the loop's rollouts this week. */
export async function guardCounts(
  pool: Pool | PoolClient,
  companyId: string,
): Promise<{ activeRollout: number | null; loopRolloutsThisWeek: number }> {
  const { rows } = await pool.query<{ active: number | null; week: string }>(
    `SELECT (SELECT candidate_version FROM rollouts WHERE company_id = $1 AND status IN ('RUNNING', 'AWAITING_APPROVAL') LIMIT 1) AS active,
            (SELECT count(*) FROM rollouts WHERE company_id = $1 AND author = 'loop' AND started_at > now() - interval '7 days') AS week`,
    [companyId],
  );
  return { activeRollout: rows[0]?.active ?? null, loopRolloutsThisWeek: Number(rows[0]?.week ?? 0) };
}

export interface RecordProposalInput {
  proposalKey: string;
  companyId: string;
  proposal: Proposal;
  signals: ImprovementSignals;
  guards: GuardVerdict[];
  status: ProposalStatus;
}

/** Stores a proposal once per key (the loop's workflow id and iteration); returns its id. */
export async function recordProposal(pool: Pool, input: RecordProposalInput): Promise<ProposalRecord> {
  await pool.query(
    `INSERT INTO improvement_proposals (proposal_key, company_id, source, patch, rationale, signals, guards, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (proposal_key) DO NOTHING`,
    [
      input.proposalKey,
      input.companyId,
      input.proposal.source,
      JSON.stringify(input.proposal.patch),
      input.proposal.rationale,
      JSON.stringify(input.signals),
      JSON.stringify(input.guards),
      input.status,
    ],
  );
  const { rows } = await pool.query<ProposalRow>('SELECT * FROM improvement_proposals WHERE proposal_key = $1', [
    input.proposalKey,
  ]);
  return toRecord(rows[0] as ProposalRow);
}

export interface ProposalDecision {
  id: number;
  status: ProposalStatus;
  decidedBy?: string;
  reason?: string;
  rolloutVersion?: number;
}

/** Sets a proposal's status (idempotent: the same decision twice changes nothing more). */
export async function decideProposal(pool: Pool, decision: ProposalDecision): Promise<void> {
  await pool.query(
    `UPDATE improvement_proposals SET status = $2, decided_by = COALESCE($3, decided_by),
            decision_reason = COALESCE($4, decision_reason), rollout_version = COALESCE($5, rollout_version), updated_at = now()
      WHERE id = $1`,
    [
      decision.id,
      decision.status,
      decision.decidedBy ?? null,
      decision.reason ?? null,
      decision.rolloutVersion ?? null,
    ],
  );
}

/** Proposals whose rollout has ended take its outcome. */
export async function syncProposalOutcomes(pool: Pool, companyId: string): Promise<void> {
  await pool.query(
    `UPDATE improvement_proposals p SET status = r.status, updated_at = now()
       FROM rollouts r
      WHERE p.company_id = $1 AND p.status = 'ROLLING_OUT' AND r.company_id = p.company_id
        AND r.candidate_version = p.rollout_version AND r.status IN ('PROMOTED', 'ROLLED_BACK', 'ABORTED')`,
    [companyId],
  );
}

export async function listProposals(pool: Pool, companyId: string, limit = 50): Promise<ProposalRecord[]> {
  await syncProposalOutcomes(pool, companyId);
  const { rows } = await pool.query<ProposalRow>(
    'SELECT * FROM improvement_proposals WHERE company_id = $1 ORDER BY id DESC LIMIT $2',
    [companyId, limit],
  );
  return rows.map(toRecord);
}
