-- Up Migration
-- LibreChat `agenttriggeruserpurges` (upstream schema/triggerUserPurge.ts; timestamps; tenant
-- plugin): one purge fence per user, _id is the user's id.
CREATE TABLE agenttriggeruserpurges (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  fence_started_at timestamptz,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names).
CREATE INDEX agenttriggeruserpurges_tenantId_1 ON agenttriggeruserpurges (tenant_id);

-- Down Migration
DROP TABLE agenttriggeruserpurges;
