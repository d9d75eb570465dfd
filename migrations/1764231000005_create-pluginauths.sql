-- Up Migration
-- LibreChat `pluginauths` (upstream schema/pluginAuth.ts; timestamps): per-user plugin
-- credentials, `value` encrypted by the caller. `userId` is a String upstream.
CREATE TABLE pluginauths (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  auth_field text COLLATE "C",
  value text COLLATE "C",
  user_id text COLLATE "C",
  plugin_key text COLLATE "C",
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names); the compound index is not unique upstream.
CREATE INDEX pluginauths_tenantId_1 ON pluginauths (tenant_id);
CREATE INDEX pluginauths_userId_1_pluginKey_1_authField_1_tenantId_1
  ON pluginauths (user_id, plugin_key, auth_field, tenant_id);

-- Down Migration
DROP TABLE pluginauths;
