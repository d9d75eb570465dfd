-- Up Migration
-- LibreChat `systemgrants` (upstream schema/systemGrant.ts; timestamps; no tenant-isolation
-- plugin: platform grants omit tenantId). `principal_id` is Mixed: an ObjectId for user/group
-- principals, a role name for role principals, stored as EJSON ({"$oid": …} or a string) so the
-- two never compare equal, as in MongoDB.
CREATE TABLE systemgrants (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  principal_type text COLLATE "C",
  principal_id jsonb,
  capability text COLLATE "C",
  tenant_id text COLLATE "C",
  granted_by text COLLATE "C",
  granted_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). A missing tenantId (platform grant) is indexed as null by
-- MongoDB, hence NULLS NOT DISTINCT: one platform grant per principal and capability.
-- (MongoDB's principalType_1_principalId_1_capability_1_tenantId_1, shortened to fit 63 bytes.)
CREATE UNIQUE INDEX systemgrants_principalType_principalId_capability_tenantId
  ON systemgrants (principal_type, principal_id, capability, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX systemgrants_capability_1_tenantId_1 ON systemgrants (capability, tenant_id);
CREATE INDEX systemgrants_principalType_1_capability_1_tenantId_1
  ON systemgrants (principal_type, capability, tenant_id);

-- Down Migration
DROP TABLE systemgrants;
