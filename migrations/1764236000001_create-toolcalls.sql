-- Up Migration
-- LibreChat `toolcalls` (upstream schema/toolCall.ts; timestamps): results of tool calls a user
-- ran from a message. `result` and `attachments` are Mixed, hence jsonb (EJSON).
CREATE TABLE toolcalls (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  conversation_id text COLLATE "C",
  message_id text COLLATE "C",
  tool_id text COLLATE "C",
  "user" text COLLATE "C",
  result jsonb,
  attachments jsonb,
  block_index double precision,
  part_index double precision,
  tenant_id text COLLATE "C",
  expired_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index expiredAt_1 (0 s): the maintenance sweeper.
CREATE INDEX toolcalls_expiredAt_1 ON toolcalls (expired_at) WHERE expired_at IS NOT NULL;
CREATE INDEX toolcalls_messageId_1_user_1_tenantId_1 ON toolcalls (message_id, "user", tenant_id);
CREATE INDEX toolcalls_conversationId_1_user_1_tenantId_1 ON toolcalls (conversation_id, "user", tenant_id);
CREATE INDEX toolcalls_tenantId_1 ON toolcalls (tenant_id);

-- Down Migration
DROP TABLE toolcalls;
