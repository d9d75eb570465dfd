-- Up Migration
-- LibreChat `conversationtags` (bookmarks; upstream schema/conversationTag.ts; timestamps).
-- Columns mirror the mongoose schema (packages/dal/src/postgres/store/tableSpec.ts).
CREATE TABLE conversationtags (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  tag text COLLATE "C",
  "user" text COLLATE "C",
  description text COLLATE "C",
  count double precision,
  "position" double precision,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). A missing tenantId is indexed as null by MongoDB, so the
-- tenant-scoped unique index is NULLS NOT DISTINCT.
CREATE UNIQUE INDEX conversationtags_tag_1_user_1_tenantId_1
  ON conversationtags (tag, "user", tenant_id) NULLS NOT DISTINCT;
CREATE INDEX conversationtags_tag_1 ON conversationtags (tag);
CREATE INDEX conversationtags_user_1 ON conversationtags ("user");
CREATE INDEX conversationtags_description_1 ON conversationtags (description);
CREATE INDEX conversationtags_position_1 ON conversationtags ("position");
CREATE INDEX conversationtags_tenantId_1 ON conversationtags (tenant_id);

-- Down Migration
DROP TABLE conversationtags;
