-- Up Migration
-- LibreChat `skills` (upstream schema/skill.ts; timestamps): agent skills (SKILL.md). `frontmatter`
-- and `sourceMetadata` (Mixed) are EJSON jsonb, `allowedTools` a text array; text is COLLATE "C".
-- Sharing goes through aclentries (resourceType 'skill').
CREATE TABLE skills (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  name text COLLATE "C",
  display_title text COLLATE "C",
  description text COLLATE "C",
  body text COLLATE "C",
  frontmatter jsonb,
  disable_model_invocation boolean,
  user_invocable boolean,
  allowed_tools text[] COLLATE "C",
  category text COLLATE "C",
  author text COLLATE "C",
  author_name text COLLATE "C",
  version double precision,
  source text COLLATE "C",
  source_metadata jsonb,
  file_count double precision,
  always_apply boolean,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). A name is unique per (author, tenant); a missing tenantId is
-- indexed as null by MongoDB, hence NULLS NOT DISTINCT.
CREATE INDEX skills_name_1 ON skills (name);
CREATE INDEX skills_category_1 ON skills (category);
CREATE INDEX skills_author_1 ON skills (author);
CREATE INDEX skills_alwaysApply_1 ON skills (always_apply);
CREATE INDEX skills_tenantId_1 ON skills (tenant_id);
CREATE INDEX skills_author_1_tenantId_1 ON skills (author, tenant_id);
CREATE INDEX "skills_category_1_updatedAt_-1" ON skills (category, updated_at DESC);
CREATE INDEX "skills_updatedAt_-1__id_1" ON skills (updated_at DESC, _id);
CREATE UNIQUE INDEX skills_name_1_author_1_tenantId_1
  ON skills (name, author, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX "skills_source_1_sourceMetadata.upstreamId_1_tenantId_1"
  ON skills (source, (source_metadata ->> 'upstreamId'), tenant_id);
CREATE INDEX "skills_source_1_sourceMetadata.sourceId_1_tenantId_1"
  ON skills (source, (source_metadata ->> 'sourceId'), tenant_id);

-- Down Migration
DROP TABLE skills;
