-- Up Migration
-- LibreChat `prompts` (upstream schema/prompt.ts; timestamps; tenant isolation): the versions of a
-- prompt group (prompts.group_id → promptgroups._id).
CREATE TABLE prompts (
  group_id text COLLATE "C",
  author text COLLATE "C",
  prompt text COLLATE "C",
  type text COLLATE "C",
  tenant_id text COLLATE "C",
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names). The legacy groupId_1_version_1 unique
-- index savePrompt drops on MongoDB when it still exists was never part of this schema.
CREATE INDEX prompts_groupId_1 ON prompts (group_id);
CREATE INDEX prompts_author_1 ON prompts (author);
CREATE INDEX prompts_tenantId_1 ON prompts (tenant_id);
CREATE INDEX prompts_createdAt_1_updatedAt_1 ON prompts (created_at, updated_at);

-- Down Migration
DROP TABLE prompts;
