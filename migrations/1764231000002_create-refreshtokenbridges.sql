-- Up Migration
-- LibreChat `refreshtokenbridges` (upstream schema/refreshTokenBridge.ts): an old OpenID
-- refresh token's hash → the encrypted replacement, for a short overlap window.
CREATE TABLE refreshtokenbridges (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  old_refresh_token_hash text COLLATE "C",
  encrypted_new_refresh_token text COLLATE "C",
  user_id text COLLATE "C",
  tenant_id text COLLATE "C",
  openid_issuer text COLLATE "C",
  version text COLLATE "C",
  created_at timestamptz,
  expires_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index expiresAt_1 (0 s): reader filter plus the
-- maintenance sweeper. The unique key includes tenantId; a missing one is null on MongoDB.
CREATE INDEX refreshtokenbridges_userId_1 ON refreshtokenbridges (user_id);
CREATE INDEX refreshtokenbridges_tenantId_1 ON refreshtokenbridges (tenant_id);
CREATE INDEX refreshtokenbridges_expiresAt_1 ON refreshtokenbridges (expires_at) WHERE expires_at IS NOT NULL;
CREATE UNIQUE INDEX refreshtokenbridges_oldRefreshTokenHash_1_userId_1_tenantId_1
  ON refreshtokenbridges (old_refresh_token_hash, user_id, tenant_id) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE refreshtokenbridges;
