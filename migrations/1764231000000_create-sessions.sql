-- Up Migration
-- LibreChat `sessions` (upstream schema/session.ts; no timestamps): the refresh-token store.
-- Columns mirror the mongoose schema (packages/dal/src/postgres/store/tableSpec.ts).
CREATE TABLE sessions (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  refresh_token_hash text COLLATE "C",
  expiration timestamptz,
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index expiration_1 (0 s): expiry is a reader filter
-- (findSession, countActiveSessions) plus the maintenance sweeper.
CREATE INDEX sessions_expiration_1 ON sessions (expiration) WHERE expiration IS NOT NULL;
CREATE INDEX sessions_tenantId_1 ON sessions (tenant_id);
CREATE UNIQUE INDEX sessions_user_1_refreshTokenHash_1 ON sessions ("user", refresh_token_hash) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE sessions;
