-- Results of agents' run_code calls, stored with the task (issue 4: results and artifacts with the task).
-- Keyed by workflow id + step: a retried activity returns the stored run instead of running the code again.
CREATE TABLE code_runs (
  id             bigserial PRIMARY KEY,
  run_key        text NOT NULL UNIQUE,
  company_id     text NOT NULL,
  task_id        text NOT NULL,
  agent_id       text NOT NULL,
  language       text NOT NULL,
  code           text NOT NULL,
  ok             boolean NOT NULL,
  exit_code      integer,
  signal         text,
  duration_ms    integer NOT NULL,
  limits_hit     text[] NOT NULL DEFAULT '{}',
  stdout         text NOT NULL,
  stderr         text NOT NULL,
  -- Files the run left in the task's workspace, with their contents where small and textual.
  artifacts      jsonb NOT NULL DEFAULT '[]'::jsonb,
  protections    text[] NOT NULL DEFAULT '{}',
  result         jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX code_runs_task ON code_runs (company_id, task_id);
