-- The trunk's tables. Every write from an activity carries an idempotency key
-- (workflow id + step) under a unique constraint, so a retried activity writes nothing twice.

CREATE TABLE companies (
  id                 text PRIMARY KEY,
  name               text NOT NULL,
  template_name      text NOT NULL,
  template           jsonb NOT NULL,
  monthly_budget_usd numeric(14, 6) NOT NULL,
  status             text NOT NULL DEFAULT 'RUNNING',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- A projection of task workflow state for querying; the workflows are the source of truth.
CREATE TABLE tasks (
  company_id      text NOT NULL REFERENCES companies (id),
  id              text NOT NULL,
  parent_id       text,
  workflow_id     text NOT NULL,
  title           text NOT NULL,
  description     text NOT NULL DEFAULT '',
  status          text NOT NULL,
  assignee        text NOT NULL,
  reviewer        text,
  cost_usd        numeric(14, 6) NOT NULL DEFAULT 0,
  result          text,
  failure_reason  text,
  -- Highest workflow step that wrote this row; an older, retried write never overwrites a newer one.
  version         integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, id)
);

-- One row per model call.
CREATE TABLE ledger (
  id             bigserial PRIMARY KEY,
  call_key       text NOT NULL UNIQUE,
  company_id     text NOT NULL,
  task_id        text NOT NULL,
  workflow_id    text NOT NULL,
  agent_id       text NOT NULL,
  model          text NOT NULL,
  offline        boolean NOT NULL,
  input_tokens   integer NOT NULL,
  output_tokens  integer NOT NULL,
  cost_usd       numeric(14, 6) NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_company ON ledger (company_id, created_at);

-- Running monthly totals, written in the ledger row's transaction, so a budget check reads one row
-- instead of summing a month of calls. agent_id '' is the company's own total.
CREATE TABLE spend_totals (
  company_id  text NOT NULL,
  agent_id    text NOT NULL,
  month       date NOT NULL,
  cost_usd    numeric(14, 6) NOT NULL DEFAULT 0,
  calls       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, agent_id, month)
);

CREATE TABLE approvals (
  id            bigserial PRIMARY KEY,
  request_key   text NOT NULL UNIQUE,
  company_id    text NOT NULL,
  task_id       text NOT NULL,
  agent_id      text NOT NULL,
  action        text NOT NULL,
  risk          text NOT NULL,
  reason        text NOT NULL DEFAULT '',
  requested_at  timestamptz NOT NULL,
  decision      text,
  decided_by    text,
  decision_reason text,
  decided_at    timestamptz
);
CREATE INDEX approvals_pending ON approvals (company_id) WHERE decision IS NULL;

-- Append-only: the application never updates or deletes rows here.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  event_key   text NOT NULL UNIQUE,
  company_id  text NOT NULL,
  task_id     text,
  actor       text NOT NULL,
  event       text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_company ON audit_log (company_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The trunk's simple note store (remember / recall).
CREATE TABLE notes (
  id          bigserial PRIMARY KEY,
  note_key    text NOT NULL UNIQUE,
  company_id  text NOT NULL,
  agent_id    text NOT NULL,
  task_id     text NOT NULL,
  content     text NOT NULL,
  search      tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_search ON notes USING gin (search);
CREATE INDEX notes_company ON notes (company_id, id);
