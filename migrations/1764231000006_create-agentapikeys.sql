-- Up Migration
-- LibreChat `agentapikeys` (upstream schema/agentApiKey.ts; timestamps): agent API keys,
-- stored as a SHA-256 hash (`keyHash`, select: false) and an 8-character prefix.
CREATE TABLE agentapikeys (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  user_id text COLLATE "C",
  name text COLLATE "C",
  key_hash text COLLATE "C",
  key_prefix text COLLATE "C",
  last_used_at timestamptz,
  expires_at timestamptz,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index expiresAt_1 (0 s): validateAgentApiKey checks
-- expiry itself; the maintenance sweeper deletes.
CREATE INDEX agentapikeys_userId_1 ON agentapikeys (user_id);
CREATE INDEX agentapikeys_keyHash_1 ON agentapikeys (key_hash);
CREATE INDEX agentapikeys_keyPrefix_1 ON agentapikeys (key_prefix);
CREATE INDEX agentapikeys_tenantId_1 ON agentapikeys (tenant_id);
CREATE INDEX agentapikeys_userId_1_name_1_tenantId_1 ON agentapikeys (user_id, name, tenant_id);
CREATE INDEX agentapikeys_expiresAt_1 ON agentapikeys (expires_at) WHERE expires_at IS NOT NULL;

-- Down Migration
DROP TABLE agentapikeys;
