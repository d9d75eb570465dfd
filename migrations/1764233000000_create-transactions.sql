-- Up Migration
-- LibreChat `transactions` (upstream schema/transaction.ts, timestamps): the token ledger that
-- createTransaction / createStructuredTransaction / auto-refill append to.
CREATE TABLE transactions (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  "user" text COLLATE "C",
  conversation_id text COLLATE "C",
  token_type text COLLATE "C",
  model text COLLATE "C",
  context text COLLATE "C",
  value_key text COLLATE "C",
  rate double precision,
  raw_amount double precision,
  token_value double precision,
  input_tokens double precision,
  write_tokens double precision,
  read_tokens double precision,
  message_id text COLLATE "C",
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);
-- Upstream's field indexes (user, conversationId, model, tenantId), MongoDB names.
CREATE INDEX transactions_user_1 ON transactions ("user");
CREATE INDEX transactions_conversationId_1 ON transactions (conversation_id);
CREATE INDEX transactions_model_1 ON transactions (model);
CREATE INDEX transactions_tenantId_1 ON transactions (tenant_id);

-- Down Migration
DROP TABLE transactions;
