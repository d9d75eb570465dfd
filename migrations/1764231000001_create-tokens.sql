-- Up Migration
-- LibreChat `tokens` (upstream schema/token.ts; manual createdAt): e-mail verification,
-- password reset, invite and MCP OAuth tokens. `metadata` (Map of Mixed) is jsonb.
CREATE TABLE tokens (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  user_id text COLLATE "C",
  email text COLLATE "C",
  type text COLLATE "C",
  identifier text COLLATE "C",
  token text COLLATE "C",
  created_at timestamptz,
  expires_at timestamptz,
  metadata jsonb,
  tenant_id text COLLATE "C",
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index expiresAt_1 (0 s): the maintenance sweeper.
CREATE INDEX tokens_tenantId_1 ON tokens (tenant_id);
CREATE INDEX tokens_expiresAt_1 ON tokens (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX tokens_userId_1_type_1_identifier_1_tenantId_1 ON tokens (user_id, type, identifier, tenant_id);

-- Down Migration
DROP TABLE tokens;
