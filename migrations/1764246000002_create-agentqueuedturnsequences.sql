-- Up Migration
-- LibreChat `agentqueuedturnsequences` (upstream schema/queuedTurnSequence.ts, tenant isolation
-- plugin, timestamps): one row per conversation lane, keyed by upstream's sha256 lane key (a
-- string _id), holding the lane's last sequence value and its writer lease.
CREATE TABLE agentqueuedturnsequences (
  _id text COLLATE "C" PRIMARY KEY,
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  conversation_id text COLLATE "C",
  lane_id text COLLATE "C",
  value double precision,
  reservation_id text COLLATE "C",
  writer_id text COLLATE "C",
  writer_until timestamptz,
  retired_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index expiresAt_1 (0 s): expired lanes are removed
-- before every lane operation (postgres/queuedTurns/models.ts).
CREATE INDEX agentqueuedturnsequences_user_1 ON agentqueuedturnsequences ("user");
CREATE INDEX agentqueuedturnsequences_tenantId_1 ON agentqueuedturnsequences (tenant_id);
CREATE INDEX agentqueuedturnsequences_expiresAt_1 ON agentqueuedturnsequences (expires_at)
  WHERE expires_at IS NOT NULL;

-- Down Migration
DROP TABLE agentqueuedturnsequences;
