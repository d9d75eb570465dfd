-- Up Migration
-- LibreChat `skillsyncstatuses` (upstream schema/skillSyncStatus.ts; timestamps; no tenant plugin,
-- tenantId is an explicit key): one row per synced source, plus the `__global_lock__` lease row.
-- `skippedSkills` / `skippedFiles` (sub-document arrays) are EJSON jsonb, `paths` a text array.
CREATE TABLE skillsyncstatuses (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  provider text COLLATE "C",
  source_id text COLLATE "C",
  tenant_id text COLLATE "C",
  status text COLLATE "C",
  credential_key text COLLATE "C",
  owner text COLLATE "C",
  repo text COLLATE "C",
  ref text COLLATE "C",
  paths text[] COLLATE "C",
  started_at timestamptz,
  finished_at timestamptz,
  last_success_at timestamptz,
  last_failure_at timestamptz,
  error_code text COLLATE "C",
  error_message text COLLATE "C",
  synced_skill_count double precision,
  synced_file_count double precision,
  deleted_skill_count double precision,
  deleted_file_count double precision,
  skipped_skill_count double precision,
  skipped_skills jsonb,
  skipped_file_count double precision,
  skipped_files jsonb,
  lock_owner text COLLATE "C",
  lock_expires_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). One row per (provider, source, tenant); a missing tenantId is
-- indexed as null by MongoDB, hence NULLS NOT DISTINCT.
CREATE INDEX skillsyncstatuses_provider_1 ON skillsyncstatuses (provider);
CREATE INDEX skillsyncstatuses_sourceId_1 ON skillsyncstatuses (source_id);
CREATE INDEX skillsyncstatuses_tenantId_1 ON skillsyncstatuses (tenant_id);
CREATE INDEX skillsyncstatuses_lockExpiresAt_1 ON skillsyncstatuses (lock_expires_at);
CREATE UNIQUE INDEX skillsyncstatuses_provider_1_sourceId_1_tenantId_1
  ON skillsyncstatuses (provider, source_id, tenant_id) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE skillsyncstatuses;
