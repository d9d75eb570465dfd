-- Up Migration
-- LibreChat `roles` (upstream schema/role.ts; no timestamps). `permissions` is the sub-document
-- { <PermissionType>: { <Permission>: Boolean } } as jsonb; legacy top-level permission blocks
-- (role.PROMPTS, …) live in `extra`, legacy keys inside a block (SHARED_GLOBAL) stay in the jsonb.
CREATE TABLE roles (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  name text COLLATE "C",
  description text COLLATE "C",
  permissions jsonb,
  tenant_id text COLLATE "C",
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). The unique name is per tenant; a missing tenantId is
-- indexed as null by MongoDB, hence NULLS NOT DISTINCT.
CREATE INDEX roles_name_1 ON roles (name);
CREATE INDEX roles_tenantId_1 ON roles (tenant_id);
CREATE UNIQUE INDEX roles_name_1_tenantId_1 ON roles (name, tenant_id) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE roles;
