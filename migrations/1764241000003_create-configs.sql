-- Up Migration
-- LibreChat `configs` (upstream schema/config.ts; timestamps): admin config overrides per
-- principal (role, group, user), merged by priority. `overrides` (Mixed) is EJSON jsonb,
-- `tombstones` the override paths deliberately cleared; text is COLLATE "C".
CREATE TABLE configs (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  principal_type text COLLATE "C",
  principal_id text COLLATE "C",
  principal_model text COLLATE "C",
  priority double precision,
  overrides jsonb,
  tombstones text[] COLLATE "C",
  is_active boolean,
  config_version double precision,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). One config per principal per tenant (a missing tenantId is
-- indexed as null by MongoDB, hence NULLS NOT DISTINCT).
CREATE INDEX configs_principalType_1 ON configs (principal_type);
CREATE INDEX configs_principalId_1 ON configs (principal_id);
CREATE INDEX configs_priority_1 ON configs (priority);
CREATE INDEX configs_isActive_1 ON configs (is_active);
CREATE INDEX configs_tenantId_1 ON configs (tenant_id);
CREATE UNIQUE INDEX configs_principalType_1_principalId_1_tenantId_1
  ON configs (principal_type, principal_id, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX configs_principalType_1_principalId_1_isActive_1_tenantId_1
  ON configs (principal_type, principal_id, is_active, tenant_id);
CREATE INDEX configs_priority_1_isActive_1_tenantId_1 ON configs (priority, is_active, tenant_id);

-- Down Migration
DROP TABLE configs;
