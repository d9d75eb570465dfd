-- Up Migration
-- LibreChat `groups` (upstream schema/group.ts). `member_ids` holds user id strings or external
-- `idOnTheSource` values, as upstream's [String] does.
CREATE TABLE groups (
  name text COLLATE "C",
  description text COLLATE "C",
  email text COLLATE "C",
  avatar text COLLATE "C",
  member_ids text[] COLLATE "C",
  source text COLLATE "C",
  id_on_the_source text COLLATE "C",
  tenant_id text COLLATE "C",
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

CREATE INDEX groups_name_1 ON groups (name);
CREATE INDEX groups_email_1 ON groups (email);
CREATE INDEX groups_idOnTheSource_1 ON groups (id_on_the_source) WHERE id_on_the_source IS NOT NULL;
CREATE INDEX groups_tenantId_1 ON groups (tenant_id);
-- Partial unique: MongoDB's `$exists: true` includes explicit nulls, hence the _nulls test.
CREATE UNIQUE INDEX groups_idOnTheSource_1_source_1_tenantId_1
  ON groups (id_on_the_source, source, tenant_id) NULLS NOT DISTINCT
  WHERE id_on_the_source IS NOT NULL OR 'idOnTheSource' = ANY(_nulls);
-- MongoDB's multikey {memberIds: 1, tenantId: 1}: a GIN index serves `member_ids @> ARRAY[$1]`
-- (membership lookups on every permission check); tenant_id is filtered from the matches.
CREATE INDEX groups_memberIds_1_tenantId_1 ON groups USING gin (member_ids);

-- Down Migration
DROP TABLE groups;
