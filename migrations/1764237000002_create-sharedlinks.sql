-- Up Migration
-- LibreChat `sharedlinks` (upstream schema/share.ts; timestamps). `messages` is the array of
-- Message ObjectIds snapshotted at publish time (EJSON jsonb), `fileSnapshots` the per-link file
-- snapshot sub-documents (jsonb; absent on legacy links, which are back-filled lazily).
CREATE TABLE sharedlinks (
  conversation_id text COLLATE "C",
  title text COLLATE "C",
  "user" text COLLATE "C",
  messages jsonb,
  share_id text COLLATE "C",
  target_message_id text COLLATE "C",
  tenant_id text COLLATE "C",
  expired_at timestamptz,
  snapshot_files boolean,
  file_snapshots jsonb,
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names).
CREATE INDEX sharedlinks_title_1 ON sharedlinks (title);
CREATE INDEX sharedlinks_user_1 ON sharedlinks ("user");
CREATE INDEX sharedlinks_shareId_1 ON sharedlinks (share_id);
CREATE INDEX sharedlinks_targetMessageId_1 ON sharedlinks (target_message_id);
CREATE INDEX sharedlinks_tenantId_1 ON sharedlinks (tenant_id);
-- MongoDB: conversationId_1_user_1_targetMessageId_1_tenantId_1 (too long for a PostgreSQL name).
CREATE INDEX sharedlinks_conversationId_user_targetMessageId_tenantId
  ON sharedlinks (conversation_id, "user", target_message_id, tenant_id);
CREATE INDEX sharedlinks_updatedAt_desc ON sharedlinks (updated_at DESC);
-- TTL index expiredAt_1 (0 s): readers skip expired links (upstream's activeExpirationFilter),
-- the sweeper deletes them.
CREATE INDEX sharedlinks_expiredAt_1 ON sharedlinks (expired_at) WHERE expired_at IS NOT NULL;

-- Down Migration
DROP TABLE sharedlinks;
