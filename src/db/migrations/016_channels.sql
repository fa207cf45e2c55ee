-- Durable inter-company channels (docs/federation.md, "Channels"): ordered, acknowledged, idempotent
-- messages between partner companies. Each side keeps its own copy: the sender's outbox row ('out')
-- until the partner acknowledges it, the receiver's inbox row ('in') written once per sequence number.

-- The secret that signs channel messages a partner sends us: an HMAC of the key we issued it, kept
-- because the key itself is stored only hashed. Partners added before channels existed have none
-- until they are added again.
ALTER TABLE federation_partners ADD COLUMN channel_secret text;

-- One row per named channel with a partner: the next sequence number to send and the last received.
CREATE TABLE channel_cursors (
  company_id     text NOT NULL,
  partner_id     text NOT NULL,
  channel        text NOT NULL,
  next_out_seq   bigint NOT NULL DEFAULT 1,
  last_in_seq    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, partner_id, channel)
);

CREATE TABLE channel_messages (
  company_id    text NOT NULL,
  partner_id    text NOT NULL,
  channel       text NOT NULL,
  direction     text NOT NULL CHECK (direction IN ('out', 'in')),
  seq           bigint NOT NULL,
  message_id    text NOT NULL,
  sender        text NOT NULL,
  body          text NOT NULL,
  sent_at       timestamptz NOT NULL,
  signature     text NOT NULL,
  -- 'out': when the partner acknowledged it (null while it waits in the outbox); 'in': when it arrived.
  acked_at      timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, partner_id, channel, direction, seq),
  UNIQUE (company_id, partner_id, direction, message_id)
);
CREATE INDEX channel_messages_recent ON channel_messages (company_id, direction, created_at DESC);
