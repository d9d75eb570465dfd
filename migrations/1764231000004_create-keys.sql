-- Up Migration
-- LibreChat `keys` (upstream schema/key.ts; no timestamps): user-provided endpoint API keys,
-- `value` encrypted by upstream's `encrypt`.
CREATE TABLE keys (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  user_id text COLLATE "C",
  name text COLLATE "C",
  value text COLLATE "C",
  expires_at timestamptz,
  tenant_id text COLLATE "C",
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names); upstream has none on userId. TTL index expiresAt_1 (0 s):
-- the maintenance sweeper.
CREATE INDEX keys_tenantId_1 ON keys (tenant_id);
CREATE INDEX keys_expiresAt_1 ON keys (expires_at) WHERE expires_at IS NOT NULL;

-- Down Migration
DROP TABLE keys;
