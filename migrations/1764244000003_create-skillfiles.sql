-- Up Migration
-- LibreChat `skillfiles` (upstream schema/skillFile.ts; timestamps): a skill's bundled files.
-- `sourceMetadata` (Mixed), `codeEnvRef` (sub-document) and `codeEnvRefs` (Mixed) are EJSON
-- jsonb; text is COLLATE "C".
CREATE TABLE skillfiles (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  skill_id text COLLATE "C",
  relative_path text COLLATE "C",
  file_id text COLLATE "C",
  filename text COLLATE "C",
  filepath text COLLATE "C",
  storage_key text COLLATE "C",
  storage_region text COLLATE "C",
  source text COLLATE "C",
  source_metadata jsonb,
  mime_type text COLLATE "C",
  bytes double precision,
  category text COLLATE "C",
  is_executable boolean,
  author text COLLATE "C",
  tenant_id text COLLATE "C",
  content text COLLATE "C",
  is_binary boolean,
  code_env_ref jsonb,
  code_env_refs jsonb,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names).
CREATE INDEX skillfiles_skillId_1 ON skillfiles (skill_id);
CREATE INDEX skillfiles_file_id_1 ON skillfiles (file_id);
CREATE INDEX skillfiles_tenantId_1 ON skillfiles (tenant_id);
CREATE UNIQUE INDEX skillfiles_skillId_1_relativePath_1
  ON skillfiles (skill_id, relative_path) NULLS NOT DISTINCT;
CREATE INDEX skillfiles_skillId_1_category_1 ON skillfiles (skill_id, category);

-- Down Migration
DROP TABLE skillfiles;
