-- Up Migration
-- LibreChat `aclentries` (upstream schema/aclEntry.ts): one row per principal × resource grant.
-- `principal_id` is the schema's Mixed field, stored as EJSON jsonb so both upstream shapes
-- round-trip exactly: an ObjectId (user/group principals) is {"$oid": "…"}, a role name is a
-- JSON string. Equality on the whole jsonb value uses the btree indexes below.
CREATE TABLE aclentries (
  principal_type text COLLATE "C",
  principal_id jsonb,
  principal_model text COLLATE "C",
  resource_type text COLLATE "C",
  resource_id text COLLATE "C",
  perm_bits double precision,
  role_id text COLLATE "C",
  inherited_from text COLLATE "C",
  granted_by text COLLATE "C",
  granted_at timestamptz,
  expired_at timestamptz,
  tenant_id text COLLATE "C",
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names).
CREATE INDEX aclentries_principalId_1 ON aclentries (principal_id);
CREATE INDEX aclentries_resourceId_1 ON aclentries (resource_id);
CREATE INDEX aclentries_inheritedFrom_1 ON aclentries (inherited_from) WHERE inherited_from IS NOT NULL;
CREATE INDEX aclentries_tenantId_1 ON aclentries (tenant_id);
CREATE INDEX aclentries_principalId_1_principalType_1_resourceType_1_resourceId_1_tenantId_1
  ON aclentries (principal_id, principal_type, resource_type, resource_id, tenant_id);
CREATE INDEX aclentries_resourceId_1_principalType_1_principalId_1_tenantId_1
  ON aclentries (resource_id, principal_type, principal_id, tenant_id);
CREATE INDEX aclentries_principalId_1_permBits_1_resourceType_1_tenantId_1
  ON aclentries (principal_id, perm_bits, resource_type, tenant_id);
CREATE INDEX aclentries_principalType_1_resourceType_1_permBits_1_resourceId_1
  ON aclentries (principal_type, resource_type, perm_bits, resource_id);
-- TTL index expiredAt_1 (0 s): expiry is the maintenance sweeper's job. Upstream's ACL readers
-- do not filter on expiredAt (MongoDB's TTL monitor removes the rows), so neither do ours.
CREATE INDEX aclentries_expiredAt_1 ON aclentries (expired_at) WHERE expired_at IS NOT NULL;

-- Down Migration
DROP TABLE aclentries;
