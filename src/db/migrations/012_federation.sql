-- Federation (docs/federation.md): partners a company talks to over A2A, the A2A tasks it serves, and
-- the message ids it has already turned into tasks.

-- A partner is named by the operator with its address; nothing is discovered. The key the partner
-- presents to us is stored only as its SHA-256 (keys are 32 random bytes, so a fast hash is enough);
-- the key we present to them is theirs to issue and must be sent, so it is stored as given.
CREATE TABLE federation_partners (
  company_id        text NOT NULL,
  partner_id        text NOT NULL,
  url               text,
  outbound_key      text,
  inbound_key_hash  text NOT NULL,
  card              jsonb,
  card_fetched_at   timestamptz,
  requests_per_minute integer NOT NULL DEFAULT 120,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, partner_id)
);
CREATE UNIQUE INDEX federation_partners_inbound_key ON federation_partners (inbound_key_hash);

-- The A2A view of a task this company serves (the SDK's TaskStore), owned by the partner that sent it.
CREATE TABLE a2a_tasks (
  task_id        text PRIMARY KEY,
  company_id     text NOT NULL,
  partner_id     text NOT NULL,
  context_id     text NOT NULL,
  local_task_id  text,
  state          integer NOT NULL,
  task           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX a2a_tasks_owner ON a2a_tasks (company_id, partner_id, updated_at DESC);

-- One row per (partner, message id): the same message sent twice (a retry) finds the task the first
-- one started instead of starting another.
CREATE TABLE a2a_inbound_messages (
  company_id  text NOT NULL,
  partner_id  text NOT NULL,
  message_id  text NOT NULL,
  task_id     text,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, partner_id, message_id)
);

-- Money moved by accepted offers: the buyer's charge and the seller's credit, each written once per
-- offer (the primary key), however often the activity that writes it is retried.
CREATE TABLE federation_settlements (
  company_id  text NOT NULL,
  offer_id    text NOT NULL,
  direction   text NOT NULL CHECK (direction IN ('charge', 'credit')),
  partner_id  text NOT NULL,
  amount_usd  numeric(14, 2) NOT NULL,
  task_id     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, offer_id, direction)
);
