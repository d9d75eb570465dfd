-- Up Migration
-- LibreChat `balances` (upstream schema/balance.ts); createUser seeds a start balance here.
CREATE TABLE balances (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  "user" text COLLATE "C",
  token_credits double precision,
  auto_refill_enabled boolean,
  refill_interval_value double precision,
  refill_interval_unit text COLLATE "C",
  last_refill timestamptz,
  refill_amount double precision,
  tenant_id text COLLATE "C",
  reservations jsonb,
  reserved_credits double precision,
  pending_refill jsonb,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX balances_user_1 ON balances ("user");
CREATE INDEX balances_tenantId_1 ON balances (tenant_id);

-- Down Migration
DROP TABLE balances;
