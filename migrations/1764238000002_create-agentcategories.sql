-- Up Migration
-- LibreChat `agentcategories` (upstream schema/agentCategory.ts; timestamps): the marketplace
-- categories agents are filed under (defaults seeded by ensureDefaultCategories).
CREATE TABLE agentcategories (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  value text COLLATE "C",
  label text COLLATE "C",
  description text COLLATE "C",
  "order" double precision,
  is_active boolean,
  custom boolean,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). The legacy unique value_1 is superseded by the
-- tenant-scoped unique (dropSupersededTenantIndexes); value_1 stays as a plain index.
CREATE INDEX agentcategories_value_1 ON agentcategories (value);
CREATE INDEX agentcategories_order_1 ON agentcategories ("order");
CREATE INDEX agentcategories_isActive_1 ON agentcategories (is_active);
CREATE INDEX agentcategories_tenantId_1 ON agentcategories (tenant_id);
CREATE UNIQUE INDEX agentcategories_value_1_tenantId_1 ON agentcategories (value, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX agentcategories_isActive_1_order_1 ON agentcategories (is_active, "order");
-- NULLS FIRST: BSON sorts null/missing lowest, as the sort getAllCategories asks for.
CREATE INDEX agentcategories_order_1_label_1 ON agentcategories ("order" NULLS FIRST, label NULLS FIRST);

-- Down Migration
DROP TABLE agentcategories;
