-- Money held for model calls in flight. A step reserves its maximum cost (prompt + every output token
-- it may produce) under a lock on the company row before it calls the provider, so concurrent steps
-- cannot all pass the ceiling; the ledger write settles the reservation to the real cost.
CREATE TABLE spend_reservations (
  reservation_key text PRIMARY KEY,
  call_key        text NOT NULL,
  company_id      text NOT NULL,
  agent_id        text NOT NULL,
  task_id         text NOT NULL,
  workflow_id     text NOT NULL,
  model           text NOT NULL,
  amount_usd      numeric(14, 6) NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- After this the attempt that reserved is gone (its start-to-close timeout passed): an open
  -- reservation is then charged in full, since the provider may have billed a call whose answer was lost.
  expires_at      timestamptz NOT NULL,
  settled_at      timestamptz,
  -- settled (the ledger row of the call), released (nothing was billed), expired (charged in full).
  outcome         text
);
CREATE INDEX spend_reservations_open ON spend_reservations (company_id, expires_at) WHERE settled_at IS NULL;
