-- Training mode: juniors learn from seniors (docs/self-improvement.md, "Training").

-- One row per junior that has been in training: where it stands now. A (re)start opens a new
-- period (started_at); graduation and stop close it. The audit table keeps every change.
CREATE TABLE training_enrolments (
  company_id   text NOT NULL REFERENCES companies (id),
  agent_id     text NOT NULL,
  status       text NOT NULL CHECK (status IN ('TRAINING', 'GRADUATED', 'STOPPED')),
  seniors      text[] NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz,
  PRIMARY KEY (company_id, agent_id)
);

-- A junior's first review per task while in training: the graduation window is read from here.
-- Keyed by task, so a retried activity records the outcome once.
CREATE TABLE training_reviews (
  company_id   text NOT NULL REFERENCES companies (id),
  agent_id     text NOT NULL,
  task_id      text NOT NULL,
  reviewer_id  text NOT NULL,
  passed       boolean NOT NULL,
  critiqued    boolean NOT NULL,
  reviewed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, task_id)
);
CREATE INDEX training_reviews_agent ON training_reviews (company_id, agent_id, reviewed_at DESC);

-- Provenance of procedural memories distilled from seniors' approved work (the memory is in `memories`).
CREATE TABLE training_exemplars (
  memory_id    bigint PRIMARY KEY,
  company_id   text NOT NULL REFERENCES companies (id),
  senior_id    text NOT NULL,
  task_id      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_exemplars_senior ON training_exemplars (company_id, senior_id);

-- Every enrolment change with who made it and the numbers behind it (graduation: pass rate, window, threshold).
CREATE TABLE training_audit (
  id           bigserial PRIMARY KEY,
  company_id   text NOT NULL REFERENCES companies (id),
  agent_id     text NOT NULL,
  event        text NOT NULL CHECK (event IN ('started', 'graduated', 'stopped')),
  actor        text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The graduating review's task: a retried activity audits a graduation once.
  request_key  text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_audit_company ON training_audit (company_id, created_at);
