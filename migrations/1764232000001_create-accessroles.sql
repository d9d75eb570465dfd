-- Up Migration
-- LibreChat `accessroles` (upstream schema/accessRole.ts; timestamps): the ACL roles
-- (agent_viewer, agent_editor, agent_owner, …) that map an accessRoleId to permission bits.
CREATE TABLE accessroles (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  access_role_id text COLLATE "C",
  name text COLLATE "C",
  description text COLLATE "C",
  resource_type text COLLATE "C",
  perm_bits double precision,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

CREATE INDEX accessroles_accessRoleId_1 ON accessroles (access_role_id);
CREATE INDEX accessroles_tenantId_1 ON accessroles (tenant_id);
CREATE UNIQUE INDEX accessroles_accessRoleId_1_tenantId_1 ON accessroles (access_role_id, tenant_id) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE accessroles;
