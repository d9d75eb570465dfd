-- Up Migration
-- LibreChat `promptgroups` (upstream schema/promptGroup.ts; timestamps; tenant isolation). Groups
-- are shared through aclentries (resourceType promptGroup); productionId points at a prompt.
CREATE TABLE promptgroups (
  name text COLLATE "C",
  number_of_generations double precision,
  oneliner text COLLATE "C",
  category text COLLATE "C",
  production_id text COLLATE "C",
  author text COLLATE "C",
  author_name text COLLATE "C",
  command text COLLATE "C",
  tenant_id text COLLATE "C",
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names; -1 spelt desc). Null sorts lowest in
-- BSON: ascending keys are NULLS FIRST, descending ones NULLS LAST, as the store's ORDER BY.
-- Upstream's list sort { numberOfGenerations: -1, updatedAt: -1, _id: 1 } superseded the old
-- createdAt_1_updatedAt_1 index (dropSupersededPromptGroupIndexes drops it on MongoDB), so it is
-- not created here.
CREATE INDEX promptgroups_name_1 ON promptgroups (name);
CREATE INDEX promptgroups_category_1 ON promptgroups (category);
CREATE INDEX promptgroups_productionId_1 ON promptgroups (production_id);
CREATE INDEX promptgroups_author_1 ON promptgroups (author);
CREATE INDEX promptgroups_command_1 ON promptgroups (command);
CREATE INDEX promptgroups_tenantId_1 ON promptgroups (tenant_id);
CREATE INDEX promptgroups_numberOfGenerations_desc_updatedAt_desc__id_1
  ON promptgroups (number_of_generations DESC NULLS LAST, updated_at DESC NULLS LAST, _id);

-- Down Migration
DROP TABLE promptgroups;
