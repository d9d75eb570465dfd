-- Up Migration
-- LibreChat `memoryentries` (upstream schema/memory.ts; no timestamps, manual updated_at).
-- agentId null/missing = the user's shared personal pool.
CREATE TABLE memoryentries (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  user_id text COLLATE "C",
  key text COLLATE "C",
  value text COLLATE "C",
  agent_id text COLLATE "C",
  token_count double precision,
  updated_at timestamptz,
  tenant_id text COLLATE "C",
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names); {userId, agentId, key} is not unique upstream.
CREATE INDEX memoryentries_userId_1 ON memoryentries (user_id);
CREATE INDEX memoryentries_tenantId_1 ON memoryentries (tenant_id);
CREATE INDEX memoryentries_userId_1_agentId_1_key_1 ON memoryentries (user_id, agent_id, key);

-- Down Migration
DROP TABLE memoryentries;
