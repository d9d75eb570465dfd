-- Up Migration
-- LibreChat `auditlogs` (upstream schema/auditLog.ts): the append-only, hash-chained audit trail.
-- No timestamps plugin: `createdAt` is writer-set and covered by the entry hash. `actor`,
-- `target`, `metadata` and `context` are sub-documents (jsonb).
CREATE TABLE auditlogs (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  schema_version double precision,
  category text COLLATE "C",
  action text COLLATE "C",
  outcome text COLLATE "C",
  severity text COLLATE "C",
  actor jsonb,
  target jsonb,
  metadata jsonb,
  context jsonb,
  tenant_id text COLLATE "C",
  chain_key text COLLATE "C",
  seq double precision,
  prev_hash text COLLATE "C",
  hash text COLLATE "C",
  created_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);
-- Unique per-chain sequence: the keyset-pagination key and the integrity backstop.
CREATE UNIQUE INDEX auditlogs_chainKey_1_seq_1 ON auditlogs (chain_key, seq);
-- MongoDB's names contain '-' and '.', hence quoted.
CREATE INDEX "auditlogs_chainKey_1_createdAt_-1_seq_-1" ON auditlogs (chain_key, created_at DESC, seq DESC);
CREATE INDEX "auditlogs_chainKey_1_category_1_createdAt_-1" ON auditlogs (chain_key, category, created_at DESC);
CREATE INDEX "auditlogs_chainKey_1_target.type_1_target.id_1_createdAt_-1"
  ON auditlogs (chain_key, (target ->> 'type'), (target ->> 'id'), created_at DESC);

-- Down Migration
DROP TABLE auditlogs;
