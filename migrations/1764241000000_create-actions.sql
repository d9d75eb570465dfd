-- Up Migration
-- LibreChat `actions` (upstream schema/action.ts; no timestamps): OpenAPI actions of agents and
-- assistants. `metadata` (nested paths, credentials included) and `settings` (Mixed) are EJSON
-- jsonb; text is COLLATE "C" (BSON string order).
CREATE TABLE actions (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  "user" text COLLATE "C",
  action_id text COLLATE "C",
  type text COLLATE "C",
  settings jsonb,
  agent_id text COLLATE "C",
  assistant_id text COLLATE "C",
  metadata jsonb,
  tenant_id text COLLATE "C",
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names).
CREATE INDEX actions_user_1 ON actions ("user");
CREATE INDEX actions_action_id_1 ON actions (action_id);
CREATE INDEX actions_tenantId_1 ON actions (tenant_id);

-- Down Migration
DROP TABLE actions;
