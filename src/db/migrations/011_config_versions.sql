-- Versioned configuration, staged rollouts and the improvement loop (docs/self-improvement.md).

-- Immutable: a change is a new version with its parent, its diff, who made it and why.
CREATE TABLE config_versions (
  company_id     text NOT NULL REFERENCES companies (id),
  version        integer NOT NULL,
  parent         integer,
  configuration  jsonb NOT NULL,
  diff           jsonb NOT NULL DEFAULT '[]'::jsonb,
  author         text NOT NULL,
  reason         text NOT NULL DEFAULT '',
  -- The proposing workflow's id: a retried proposal creates no second version.
  request_key    text UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, version)
);

CREATE FUNCTION config_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'config_versions rows are immutable; propose a new version instead';
END;
$$;
CREATE TRIGGER config_versions_immutable BEFORE UPDATE OR DELETE ON config_versions
  FOR EACH ROW EXECUTE FUNCTION config_versions_immutable();

-- The version new tasks run under when no rollout assigns them otherwise.
CREATE TABLE config_current (
  company_id  text PRIMARY KEY REFERENCES companies (id),
  version     integer NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rollouts (
  company_id         text NOT NULL REFERENCES companies (id),
  candidate_version  integer NOT NULL,
  baseline_version   integer NOT NULL,
  workflow_id        text NOT NULL,
  mode               text NOT NULL,
  author             text NOT NULL,
  reason             text NOT NULL DEFAULT '',
  stages             jsonb NOT NULL,
  stage_index        integer NOT NULL DEFAULT 0,
  percent            integer NOT NULL DEFAULT 0,
  status             text NOT NULL,
  stage_started_at   timestamptz,
  started_at         timestamptz NOT NULL DEFAULT now(),
  ended_at           timestamptz,
  -- The last gate verdict with its numbers (metric deltas, p-values), and why the rollout ended.
  verdict            jsonb,
  decision           text,
  PRIMARY KEY (company_id, candidate_version)
);
-- One rollout at a time per company.
CREATE UNIQUE INDEX rollouts_one_active ON rollouts (company_id) WHERE status IN ('RUNNING', 'AWAITING_APPROVAL');

-- The version each goal (root task) runs under, decided once when it starts: its subtasks inherit it,
-- and a task in flight keeps it whatever happens to the rollout afterwards.
CREATE TABLE task_configurations (
  company_id        text NOT NULL REFERENCES companies (id),
  root_task_id      text NOT NULL,
  version           integer NOT NULL,
  rollout_version   integer,
  arm               text NOT NULL,
  stage_index       integer,
  percent           integer,
  bucket            integer,
  assigned_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, root_task_id)
);
CREATE INDEX task_configurations_rollout ON task_configurations (company_id, rollout_version);

ALTER TABLE tasks ADD COLUMN config_version integer;

CREATE TABLE improvement_proposals (
  id               bigserial PRIMARY KEY,
  proposal_key     text NOT NULL UNIQUE,
  company_id       text NOT NULL REFERENCES companies (id),
  source           text NOT NULL,
  patch            jsonb NOT NULL,
  rationale        text NOT NULL,
  signals          jsonb NOT NULL DEFAULT '{}'::jsonb,
  guards           jsonb NOT NULL DEFAULT '[]'::jsonb,
  status           text NOT NULL,
  decided_by       text,
  decision_reason  text,
  rollout_version  integer,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX improvement_proposals_company ON improvement_proposals (company_id, id);
