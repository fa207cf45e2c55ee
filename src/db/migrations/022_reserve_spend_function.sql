-- A step's budget reservation in one round trip (src/db/spend-reservations.ts): the company row lock,
-- the charge of expired reservations, the ceiling check and the insert, as one function called by one
-- statement. It used to be six round trips in a transaction (BEGIN, lock, expired, spending, insert,
-- COMMIT) and on the embedded PGlite, whose one session serves every connection, that transaction held
-- every other connection off for all six.
--
-- Why a PL/pgSQL function and not one statement of CTEs: a statement reads with the snapshot it took
-- when it started. One that waited for the company row's lock would then read spend_reservations as they
-- were before the holder of the lock inserted its reservation, and two concurrent steps could both pass a
-- ceiling that admits one. In a VOLATILE function each statement takes a new snapshot (READ COMMITTED),
-- so everything read after the lock includes what the previous holder committed.
CREATE FUNCTION reserve_spend(
  p_reservation_key   text,
  p_call_key          text,
  p_company_id        text,
  p_agent_id          text,
  p_task_id           text,
  p_workflow_id       text,
  p_model             text,
  p_prompt_tokens     double precision,
  p_max_output_tokens double precision,
  -- The agent's limit as the task last knew it; the company's saved org chart wins when it has one.
  p_agent_limit_usd   numeric,
  p_expires_in_ms     double precision,
  -- The model's price when the company's template sets none (environment, built-in table); null: unpriced.
  p_input_per_million  double precision,
  p_output_per_million double precision,
  -- An agent step's first reservation: when the ledger already has the call (a retry after the answer was
  -- recorded), its stored answer comes back and nothing is reserved. The lookup rides on this round trip.
  p_reuse_stored      boolean,
  OUT outcome text,            -- reserved | stored | unknown-company | unpriced | over-budget
  OUT stored_response jsonb,   -- for stored
  OUT scope text,              -- company | agent, for over-budget
  OUT amount_micros bigint,
  OUT input_per_million double precision,
  OUT output_per_million double precision,
  OUT spent_usd numeric,
  OUT reserved_usd numeric,
  OUT limit_usd numeric
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  company_limit numeric;
  company_template jsonb;
  price_setting jsonb;
  agent_limit numeric;
  micros double precision;
  amount numeric;
  checked record;
BEGIN
  IF p_reuse_stored THEN
    SELECT response INTO stored_response FROM ledger WHERE call_key = p_call_key;
    IF FOUND THEN
      outcome := 'stored';
      RETURN;
    END IF;
  END IF;

  SELECT monthly_budget_usd, template INTO company_limit, company_template
    FROM companies WHERE id = p_company_id FOR UPDATE;
  IF NOT FOUND THEN
    outcome := 'unknown-company';
    RETURN;
  END IF;

  -- The company template's price first (src/llm/price-policy.ts resolvePrice), then the caller's.
  price_setting := company_template->'prices'->p_model;
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

  -- Reservations whose attempts are gone are charged in full first (chargeExpiredReservations), so the
  -- check below counts their money as spent. The same statement as recordLedgerRow, for all of them.
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
           date_trunc('month', now() AT TIME ZONE coalesce(company_template->>'timezone', 'UTC'))::date,
           by_scope.cost_usd, by_scope.calls
      FROM by_scope
    ON CONFLICT (company_id, agent_id, month)
    DO UPDATE SET cost_usd = spend_totals.cost_usd + EXCLUDED.cost_usd, calls = spend_totals.calls + EXCLUDED.calls
  )
  UPDATE spend_reservations SET settled_at = now(), outcome = 'expired'
   WHERE reservation_key IN (SELECT reservation_key FROM expired) AND settled_at IS NULL;

  SELECT agent->>'budgetLimitUsd' INTO agent_limit
    FROM jsonb_array_elements(company_template->'agents') AS agent
   WHERE agent->>'id' = p_agent_id;
  agent_limit := coalesce(agent_limit, p_agent_limit_usd);

  -- The hard ceiling with money in flight (admits() in spend-reservations.ts), company first: nothing
  -- starts once spending has reached the limit, and a call starts only when its maximum fits beside
  -- what is spent and held. Limits compare in micro-dollars, as toMicros does.
  FOR checked IN
    SELECT scope_of.agent_id,
           coalesce((SELECT cost_usd FROM spend_totals
                      WHERE company_id = p_company_id AND agent_id = scope_of.agent_id
                        AND month = date_trunc('month', now() AT TIME ZONE
                                      coalesce(company_template->>'timezone', 'UTC'))::date), 0) AS spent,
           coalesce((SELECT sum(amount_usd) FROM spend_reservations
                      WHERE company_id = p_company_id AND settled_at IS NULL
                        AND (scope_of.agent_id = '' OR agent_id = scope_of.agent_id)), 0) AS reserved
      FROM (VALUES (0, ''), (1, p_agent_id)) AS scope_of (position, agent_id)
     ORDER BY scope_of.position
  LOOP
    limit_usd := CASE WHEN checked.agent_id = '' THEN company_limit ELSE agent_limit END;
    CONTINUE WHEN limit_usd IS NULL;
    IF checked.spent >= round(limit_usd, 6) OR checked.spent + checked.reserved + amount > round(limit_usd, 6) THEN
      outcome := 'over-budget';
      scope := CASE WHEN checked.agent_id = '' THEN 'company' ELSE 'agent' END;
      spent_usd := checked.spent;
      reserved_usd := checked.reserved;
      RETURN;
    END IF;
  END LOOP;
  limit_usd := NULL;

  INSERT INTO spend_reservations (reservation_key, call_key, company_id, agent_id, task_id, workflow_id, model,
                                  amount_usd, expires_at)
  VALUES (p_reservation_key, p_call_key, p_company_id, p_agent_id, p_task_id, p_workflow_id, p_model,
          amount, now() + p_expires_in_ms * interval '1 millisecond')
  ON CONFLICT (reservation_key) DO NOTHING;
  outcome := 'reserved';
END;
$$;
