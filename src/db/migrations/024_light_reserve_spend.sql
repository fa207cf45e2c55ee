-- A lighter `reserve_spend` (docs/faults-and-load.md, "Fifteenth round"): the same decisions, guarantees and
-- answers as migration 022's, with less work for PostgreSQL on every step.
--
-- Measured on PostgreSQL first (perf of one backend running the step's two statements): most of the function's time
-- was executor set-up and tear-down of its statements, not reading rows. So:
--  * The expired reservations' charge (three writes: the ledger, the totals, the reservations) runs only when a cheap
--    index probe finds an expired reservation, which is almost never; the probe reads after the lock, as the charge did.
--  * The ceiling reads the two scopes' spending in one statement of two aggregates (a row each from spend_totals and
--    spend_reservations) instead of a cursor loop over a sorted VALUES list with four correlated subqueries; the
--    comparisons, company first, are the same expressions.
--  * The template's fields the reservation and the ledger row need (time zone, prices, agents' limits) are kept in
--    narrow columns of `companies` by a trigger on every write of `template`, so no step reads or walks the snapshot.

ALTER TABLE companies
  -- The budget month's time zone: the template's `timezone`, UTC without one (src/db/ledger.ts companyMonth).
  ADD COLUMN budget_timezone text NOT NULL DEFAULT 'UTC',
  -- The template's `prices` as it is (model → { inputPerMillion, outputPerMillion } or { free: true }).
  ADD COLUMN model_prices jsonb,
  -- Agent id → the org chart's `budgetLimitUsd` of that agent (JSON null or absent: none).
  ADD COLUMN agent_budget_limits jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Every write of `template` (saveCompany, a configuration's rollout, a test's UPDATE) recomputes the columns in the
-- same row version, so a reservation that locked the row reads the fields of the template that row holds.
CREATE FUNCTION companies_budget_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.budget_timezone := coalesce(NEW.template->>'timezone', 'UTC');
  NEW.model_prices := NEW.template->'prices';
  -- The first agent of an id wins, as migration 022's `SELECT … INTO` over the array took the first match
  -- (jsonb_object_agg keeps the last value of a repeated key, hence the reversed order).
  NEW.agent_budget_limits := coalesce(
    (SELECT jsonb_object_agg(agent->>'id', agent->'budgetLimitUsd' ORDER BY position DESC)
       FROM jsonb_array_elements(
              CASE WHEN jsonb_typeof(NEW.template->'agents') = 'array' THEN NEW.template->'agents' END
            ) WITH ORDINALITY AS listed (agent, position)
      WHERE agent->>'id' IS NOT NULL),
    '{}'::jsonb);
  RETURN NEW;
END;
$$;
CREATE TRIGGER companies_budget_fields BEFORE INSERT OR UPDATE OF template ON companies
  FOR EACH ROW EXECUTE FUNCTION companies_budget_fields();
UPDATE companies SET template = template;

-- The same parameters and answers as migration 022's function (read its comments for why a PL/pgSQL function:
-- each statement after the row lock reads with a new snapshot, so it sees what the lock's previous holder committed).
CREATE OR REPLACE FUNCTION reserve_spend(
  p_reservation_key   text,
  p_call_key          text,
  p_company_id        text,
  p_agent_id          text,
  p_task_id           text,
  p_workflow_id       text,
  p_model             text,
  p_prompt_tokens     double precision,
  p_max_output_tokens double precision,
  p_agent_limit_usd   numeric,
  p_expires_in_ms     double precision,
  p_input_per_million  double precision,
  p_output_per_million double precision,
  p_reuse_stored      boolean,
  OUT outcome text,
  OUT stored_response jsonb,
  OUT scope text,
  OUT amount_micros bigint,
  OUT input_per_million double precision,
  OUT output_per_million double precision,
  OUT spent_usd numeric,
  OUT reserved_usd numeric,
  OUT limit_usd numeric
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  company_limit numeric;
  company_timezone text;
  price_setting jsonb;
  agent_limit numeric;
  micros double precision;
  amount numeric;
  company_spent numeric;
  agent_spent numeric;
  company_reserved numeric;
  agent_reserved numeric;
BEGIN
  IF p_reuse_stored THEN
    SELECT response INTO stored_response FROM ledger WHERE call_key = p_call_key;
    IF FOUND THEN
      outcome := 'stored';
      RETURN;
    END IF;
  END IF;

  SELECT monthly_budget_usd, budget_timezone, model_prices->p_model, agent_budget_limits->>p_agent_id
    INTO company_limit, company_timezone, price_setting, agent_limit
    FROM companies WHERE id = p_company_id FOR UPDATE;
  IF NOT FOUND THEN
    outcome := 'unknown-company';
    RETURN;
  END IF;

  -- The company template's price first (src/llm/price-policy.ts resolvePrice), then the caller's.
  IF price_setting IS NOT NULL AND price_setting ? 'free' THEN
    input_per_million := 0;
    output_per_million := 0;
  ELSIF price_setting IS NOT NULL THEN
    input_per_million := (price_setting->>'inputPerMillion')::double precision;
    output_per_million := (price_setting->>'outputPerMillion')::double precision;
  ELSIF p_input_per_million IS NOT NULL AND p_output_per_million IS NOT NULL THEN
    input_per_million := p_input_per_million;
    output_per_million := p_output_per_million;
  ELSE
    outcome := 'unpriced';
    RETURN;
  END IF;
  -- costOf (src/domain/budget.ts) in the same IEEE doubles, rounded half up like Math.round.
  micros := p_prompt_tokens * input_per_million + p_max_output_tokens * output_per_million;
  amount_micros := CASE WHEN micros - floor(micros) >= 0.5 THEN ceil(micros) ELSE floor(micros) END;
  amount := amount_micros::numeric / 1000000;

  -- Reservations whose attempts are gone are charged in full first (chargeExpiredReservations), so the check below
  -- counts their money as spent: migration 022's statement, behind a probe of the partial index of open ones.
  IF EXISTS (SELECT 1 FROM spend_reservations
              WHERE company_id = p_company_id AND settled_at IS NULL AND expires_at < now()) THEN
    WITH expired AS (
      SELECT reservation_key, call_key, company_id, agent_id, task_id, workflow_id, model, amount_usd
        FROM spend_reservations
       WHERE company_id = p_company_id AND settled_at IS NULL AND expires_at < now()
    ), inserted AS (
      INSERT INTO ledger (call_key, company_id, task_id, workflow_id, agent_id, model, offline,
                          input_tokens, output_tokens, cost_usd, response)
      SELECT reservation_key || '#lost', company_id, task_id, workflow_id, agent_id, model, model = 'offline',
             0, 0, amount_usd,
             jsonb_build_object(
               'lostAttempt', true,
               'note', 'the attempt holding this reservation was lost after it may have called the provider; charged its maximum',
               'callKey', call_key)
        FROM expired
      ON CONFLICT (call_key) DO NOTHING
      RETURNING company_id, agent_id, cost_usd
    ), by_scope AS (
      SELECT inserted.company_id, scope_of.agent_id, sum(inserted.cost_usd) AS cost_usd, count(*)::int AS calls
        FROM inserted CROSS JOIN LATERAL (VALUES (''), (inserted.agent_id)) AS scope_of (agent_id)
       GROUP BY inserted.company_id, scope_of.agent_id
    ), totals AS (
      INSERT INTO spend_totals (company_id, agent_id, month, cost_usd, calls)
      SELECT by_scope.company_id, by_scope.agent_id,
             date_trunc('month', now() AT TIME ZONE company_timezone)::date,
             by_scope.cost_usd, by_scope.calls
        FROM by_scope
      ON CONFLICT (company_id, agent_id, month)
      DO UPDATE SET cost_usd = spend_totals.cost_usd + EXCLUDED.cost_usd, calls = spend_totals.calls + EXCLUDED.calls
    )
    UPDATE spend_reservations SET settled_at = now(), outcome = 'expired'
     WHERE reservation_key IN (SELECT reservation_key FROM expired) AND settled_at IS NULL;
  END IF;

  agent_limit := coalesce(agent_limit, p_agent_limit_usd);

  -- Spent this month and held by calls in flight, for the company ('') and the agent: an agent id of '' is the
  -- company's own scope, as in migration 022's loop.
  SELECT coalesce(spent.company, 0), coalesce(spent.agent, 0), coalesce(held.company, 0), coalesce(held.agent, 0)
    INTO company_spent, agent_spent, company_reserved, agent_reserved
    FROM (SELECT sum(cost_usd) FILTER (WHERE agent_id = '') AS company,
                 sum(cost_usd) FILTER (WHERE agent_id = p_agent_id) AS agent
            FROM spend_totals
           WHERE company_id = p_company_id AND agent_id IN ('', p_agent_id)
             AND month = date_trunc('month', now() AT TIME ZONE company_timezone)::date) AS spent,
         (SELECT sum(amount_usd) AS company,
                 sum(amount_usd) FILTER (WHERE p_agent_id = '' OR agent_id = p_agent_id) AS agent
            FROM spend_reservations
           WHERE company_id = p_company_id AND settled_at IS NULL) AS held;

  -- The hard ceiling with money in flight (admits() in spend-reservations.ts), company first: nothing starts once
  -- spending has reached the limit, and a call starts only when its maximum fits beside what is spent and held.
  -- Limits compare in micro-dollars, as toMicros does.
  IF company_spent >= round(company_limit, 6)
     OR company_spent + company_reserved + amount > round(company_limit, 6) THEN
    outcome := 'over-budget';
    scope := 'company';
    spent_usd := company_spent;
    reserved_usd := company_reserved;
    limit_usd := company_limit;
    RETURN;
  END IF;
  IF agent_limit IS NOT NULL
     AND (agent_spent >= round(agent_limit, 6) OR agent_spent + agent_reserved + amount > round(agent_limit, 6)) THEN
    outcome := 'over-budget';
    scope := 'agent';
    spent_usd := agent_spent;
    reserved_usd := agent_reserved;
    limit_usd := agent_limit;
    RETURN;
  END IF;

  INSERT INTO spend_reservations (reservation_key, call_key, company_id, agent_id, task_id, workflow_id, model,
                                  amount_usd, expires_at)
  VALUES (p_reservation_key, p_call_key, p_company_id, p_agent_id, p_task_id, p_workflow_id, p_model,
          amount, now() + p_expires_in_ms * interval '1 millisecond')
  ON CONFLICT (reservation_key) DO NOTHING;
  outcome := 'reserved';
END;
$$;
