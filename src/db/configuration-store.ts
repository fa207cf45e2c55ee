import type { Pool, PoolClient } from 'pg';
import type { CompanyConfiguration, ConfigurationPatch } from '../config/configuration-schema.ts';
import { CompanyConfiguration as ConfigurationSchema } from '../config/configuration-schema.ts';
import type { ConfigVersion } from '../domain/configuration.ts';
import {
  applyPatch,
  companyRoles,
  diffConfigurations,
  emptyConfiguration,
  templatedCompany,
} from '../domain/configuration.ts';
import type { Arm } from '../domain/rollout.ts';
import { armFor, rolloutBucket } from '../domain/rollout.ts';
import type { CompanySnapshot } from '../domain/types.ts';
import { withTransaction } from './pool.ts';

type Queryable = Pick<Pool, 'query'> | PoolClient;

/** Bad input the caller can fix (unknown company, role or version): non-retryable where it surfaces. */
export class ConfigurationInputError extends Error {
  override readonly name = 'ConfigurationInputError';
}

interface VersionRow {
  company_id: string;
  version: number;
  parent: number | null;
  configuration: unknown;
  diff: ConfigVersion['diff'];
  author: string;
  reason: string;
  created_at: Date;
}

function toVersion(row: VersionRow): ConfigVersion {
  return {
    companyId: row.company_id,
    version: row.version,
    parent: row.parent,
    // zod at the trust boundary: rows are read back through the schema.
    configuration: ConfigurationSchema.parse(row.configuration),
    diff: row.diff,
    author: row.author,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
  };
}

/** Version 1 of every company is its template as started (an empty configuration); created on first use. */
export async function ensureBaseVersion(client: Queryable, companyId: string): Promise<void> {
  await client.query(
    `INSERT INTO config_versions (company_id, version, parent, configuration, diff, author, reason)
     SELECT $1, 1, NULL, $2, '[]'::jsonb, 'template', 'the template as the company started'
      WHERE EXISTS (SELECT 1 FROM companies WHERE id = $1)
     ON CONFLICT (company_id, version) DO NOTHING`,
    [companyId, JSON.stringify(emptyConfiguration)],
  );
  await client.query(
    `INSERT INTO config_current (company_id, version) SELECT $1, 1 WHERE EXISTS (SELECT 1 FROM companies WHERE id = $1)
     ON CONFLICT (company_id) DO NOTHING`,
    [companyId],
  );
}

export async function companySnapshot(client: Queryable, companyId: string): Promise<CompanySnapshot> {
  const { rows } = await client.query<{ template: CompanySnapshot }>('SELECT template FROM companies WHERE id = $1', [
    companyId,
  ]);
  const row = rows[0];
  if (!row) throw new ConfigurationInputError(`no company "${companyId}" in the database`);
  return row.template;
}

export async function currentVersion(client: Queryable, companyId: string): Promise<ConfigVersion> {
  await ensureBaseVersion(client, companyId);
  const { rows } = await client.query<VersionRow>(
    `SELECT v.* FROM config_current c JOIN config_versions v ON v.company_id = c.company_id AND v.version = c.version
      WHERE c.company_id = $1`,
    [companyId],
  );
  const row = rows[0];
  if (!row) throw new ConfigurationInputError(`no company "${companyId}" in the database`);
  return toVersion(row);
}

export async function getVersion(client: Queryable, companyId: string, version: number): Promise<ConfigVersion> {
  await ensureBaseVersion(client, companyId);
  const { rows } = await client.query<VersionRow>(
    'SELECT * FROM config_versions WHERE company_id = $1 AND version = $2',
    [companyId, version],
  );
  const row = rows[0];
  if (!row) throw new ConfigurationInputError(`company "${companyId}" has no configuration version ${version}`);
  return toVersion(row);
}

export async function listVersions(client: Queryable, companyId: string): Promise<ConfigVersion[]> {
  await ensureBaseVersion(client, companyId);
  const { rows } = await client.query<VersionRow>(
    'SELECT * FROM config_versions WHERE company_id = $1 ORDER BY version DESC LIMIT 200',
    [companyId],
  );
  return rows.map(toVersion);
}

export interface NewVersionInput {
  companyId: string;
  patch: ConfigurationPatch;
  author: string;
  reason: string;
  /** Idempotency key (the proposing workflow's id): a retry returns the version already created. */
  requestKey: string;
  /** Version to patch; the current one by default. */
  parent?: number;
}

/**
 * Creates the next version from a patch over `parent`. Roles must be roles of the company's agents
 * (the error names the field); a patch that changes nothing is refused.
 */
export async function createVersion(pool: Pool, input: NewVersionInput): Promise<ConfigVersion> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`config:${input.companyId}`]);
    const { rows: existing } = await client.query<VersionRow>('SELECT * FROM config_versions WHERE request_key = $1', [
      input.requestKey,
    ]);
    if (existing[0]) return toVersion(existing[0]);
    const company = await companySnapshot(client, input.companyId);
    const parent =
      input.parent === undefined
        ? await currentVersion(client, input.companyId)
        : await getVersion(client, input.companyId, input.parent);
    const configuration: CompanyConfiguration = ConfigurationSchema.parse(
      applyPatch(parent.configuration, input.patch),
    );
    // Roles are those of the template the new version runs (an upgraded one, when it moves the company).
    const roles = companyRoles(templatedCompany(company, configuration));
    const unknown = Object.keys(input.patch.roles ?? {}).filter((role) => !roles.includes(role));
    if (unknown.length > 0) {
      throw new ConfigurationInputError(
        unknown
          .map((role) => `roles.${role}: unknown role "${role}"; roles of ${input.companyId}: ${roles.join(', ')}`)
          .join('; '),
      );
    }
    const diff = diffConfigurations(parent.configuration, configuration, company);
    if (diff.length === 0) {
      throw new ConfigurationInputError(`the patch changes nothing in version ${parent.version}`);
    }
    const { rows } = await client.query<VersionRow>(
      `INSERT INTO config_versions (company_id, version, parent, configuration, diff, author, reason, request_key)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM config_versions WHERE company_id = $1
       RETURNING *`,
      [
        input.companyId,
        parent.version,
        JSON.stringify(configuration),
        JSON.stringify(diff),
        input.author,
        input.reason,
        input.requestKey,
      ],
    );
    return toVersion(rows[0] as VersionRow);
  });
}

export async function setCurrentVersion(client: Queryable, companyId: string, version: number): Promise<void> {
  await client.query(
    `INSERT INTO config_current (company_id, version) VALUES ($1, $2)
     ON CONFLICT (company_id) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
    [companyId, version],
  );
}

export interface TaskConfigurationInput {
  companyId: string;
  taskId: string;
  parentId: string | null;
  workflowId: string;
  title: string;
  description: string;
  assignee: string;
}

/** The configuration a task runs under, decided once per goal. */
export interface TaskConfiguration {
  version: number;
  configuration: CompanyConfiguration;
  arm: Arm;
  rolloutVersion: number | null;
}

/** The goal a task belongs to: `t3.1.2` → `t3`. */
export function rootTaskId(taskId: string): string {
  return taskId.split('.')[0] ?? taskId;
}

/**
 * Decides (for a goal) or looks up (for a subtask, or a retry) the version a task runs under, and
 * records it on the task's row. A goal is assigned once: under a rollout by the stable hash of its
 * id at the stage's share, otherwise the current version. The primary key makes a second assignment
 * impossible, so a retried or concurrent attempt returns the recorded one.
 */
export async function resolveTaskConfiguration(pool: Pool, input: TaskConfigurationInput): Promise<TaskConfiguration> {
  return withTransaction(pool, (client) => resolveTaskConfigurationIn(client, input));
}

/** resolveTaskConfiguration inside the caller's transaction (a task's start writes its first projection rows in it). */
export async function resolveTaskConfigurationIn(
  client: PoolClient,
  input: TaskConfigurationInput,
): Promise<TaskConfiguration> {
  const root = rootTaskId(input.taskId);
  const current = await currentVersion(client, input.companyId);
  const { rows: rollouts } = await client.query<{
    candidate_version: number;
    baseline_version: number;
    stage_index: number;
    percent: number;
  }>(
    `SELECT candidate_version, baseline_version, stage_index, percent FROM rollouts
      WHERE company_id = $1 AND status IN ('RUNNING', 'AWAITING_APPROVAL')`,
    [input.companyId],
  );
  const rollout = rollouts[0];
  let choice: {
    version: number;
    arm: Arm;
    rollout: number | null;
    stage: number | null;
    percent: number | null;
    bucket: number | null;
  };
  if (rollout) {
    const bucket = rolloutBucket(input.companyId, rollout.candidate_version, root);
    const arm = armFor(bucket, rollout.percent);
    choice = {
      version: arm === 'candidate' ? rollout.candidate_version : rollout.baseline_version,
      arm,
      rollout: rollout.candidate_version,
      stage: rollout.stage_index,
      percent: rollout.percent,
      bucket,
    };
  } else {
    choice = { version: current.version, arm: 'current', rollout: null, stage: null, percent: null, bucket: null };
  }
  await client.query(
    `INSERT INTO task_configurations (company_id, root_task_id, version, rollout_version, arm, stage_index, percent, bucket)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (company_id, root_task_id) DO NOTHING`,
    [input.companyId, root, choice.version, choice.rollout, choice.arm, choice.stage, choice.percent, choice.bucket],
  );
  const { rows } = await client.query<{ version: number; arm: Arm; rollout_version: number | null }>(
    'SELECT version, arm, rollout_version FROM task_configurations WHERE company_id = $1 AND root_task_id = $2',
    [input.companyId, root],
  );
  const assigned = rows[0] as { version: number; arm: Arm; rollout_version: number | null };
  // The task's projection row may not exist yet (this runs before its first status write); the
  // status write that follows has a higher projection version and leaves config_version alone.
  await client.query(
    `INSERT INTO tasks (company_id, id, parent_id, workflow_id, title, description, status, assignee, version, config_version)
     VALUES ($1, $2, $3, $4, $5, $6, 'CREATED', $7, 0, $8)
     ON CONFLICT (company_id, id) DO UPDATE SET config_version = EXCLUDED.config_version`,
    [
      input.companyId,
      input.taskId,
      input.parentId,
      input.workflowId,
      input.title,
      input.description,
      input.assignee,
      assigned.version,
    ],
  );
  const version =
    assigned.version === current.version ? current : await getVersion(client, input.companyId, assigned.version);
  return {
    version: version.version,
    configuration: version.configuration,
    arm: assigned.arm,
    rolloutVersion: assigned.rollout_version,
  };
}
