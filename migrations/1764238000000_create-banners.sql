-- Up Migration
-- LibreChat `banners` (upstream schema/banner.ts; timestamps): the announcement banner/popup
-- shown between displayFrom and displayTo. Columns mirror the mongoose schema
-- (packages/dal/src/postgres/store/tableSpec.ts); text is COLLATE "C" (BSON string order).
CREATE TABLE banners (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  banner_id text COLLATE "C",
  message text COLLATE "C",
  display_from timestamptz,
  display_to timestamptz,
  type text COLLATE "C",
  is_public boolean,
  persistable boolean,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names).
CREATE INDEX banners_tenantId_1 ON banners (tenant_id);

-- Down Migration
DROP TABLE banners;
