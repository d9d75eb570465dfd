-- Up Migration
-- Upstream's raw `code_environment_tombstones` collection (no mongoose model; methods/
-- codeEnvironment.ts): one row per retired environment id, keyed by upstream's sha256 tombstone
-- id (tenant scope + environment id), so a deleted id is never registered again.
CREATE TABLE code_environment_tombstones (
  _id text COLLATE "C" PRIMARY KEY,
  tenant_id text COLLATE "C" NOT NULL,
  environment_id text COLLATE "C" NOT NULL,
  deleted_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE code_environment_tombstones;
