-- Up Migration
-- LibreChat `messages` (upstream schema/message.ts; timestamps). Columns mirror the mongoose
-- schema (packages/dal/src/postgres/store/tableSpec.ts): content parts, files, attachments,
-- feedback, metadata and the subagent sub-documents are jsonb (EJSON); skills/quotes/paths are
-- text[]. `_meili_index` is the Meili plugin's sync flag (select:false in the schema).
CREATE TABLE messages (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  message_id text COLLATE "C",
  conversation_id text COLLATE "C",
  "user" text COLLATE "C",
  model text COLLATE "C",
  endpoint text COLLATE "C",
  conversation_signature text COLLATE "C",
  client_id text COLLATE "C",
  invocation_id double precision,
  parent_message_id text COLLATE "C",
  token_count double precision,
  summary_token_count double precision,
  sender text COLLATE "C",
  text text COLLATE "C",
  summary text COLLATE "C",
  is_created_by_user boolean,
  is_user_submitted boolean,
  user_submitted_paths text[] COLLATE "C",
  user_submitted_message_field_paths jsonb,
  is_temporary boolean,
  unfinished boolean,
  error boolean,
  finish_reason text COLLATE "C",
  feedback jsonb,
  langfuse_sampled boolean,
  langfuse_destination_ids text[] COLLATE "C",
  langfuse_run_id text COLLATE "C",
  _meili_index boolean,
  files jsonb,
  content jsonb,
  thread_id text COLLATE "C",
  icon_u_r_l text COLLATE "C",
  metadata jsonb,
  subagent_transcript jsonb,
  subagent_activity_projection jsonb,
  subagent_trigger_projection jsonb,
  subagent_task jsonb,
  context_meta jsonb,
  attachments jsonb,
  manual_skills text[] COLLATE "C",
  always_applied_skills text[] COLLATE "C",
  quotes text[] COLLATE "C",
  expired_at timestamptz,
  added_convo boolean,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names where they fit in 63 characters). Sort directions and NULLS
-- placement follow the ORDER BY the store emits (BSON: null/missing sort lowest).
-- TTL index expiredAt_1 (0 s): readers filter on expiredAt; the maintenance sweeper deletes.
CREATE INDEX messages_expiredAt_1 ON messages (expired_at) WHERE expired_at IS NOT NULL;
CREATE INDEX messages_createdAt_1 ON messages (created_at);
CREATE UNIQUE INDEX messages_messageId_1_user_1_tenantId_1 ON messages (message_id, "user", tenant_id) NULLS NOT DISTINCT;
CREATE INDEX messages_tenantId_1_isTemporary_1_createdAt_desc__id_desc
  ON messages (tenant_id, is_temporary, created_at DESC NULLS LAST, _id DESC);
CREATE INDEX messages_tenant_temp_byUser_model_createdAt_desc
  ON messages (tenant_id, is_temporary, is_created_by_user, model, created_at DESC NULLS LAST, _id DESC);
CREATE INDEX messages_tenant_temp_byUser_user_createdAt_desc
  ON messages (tenant_id, is_temporary, is_created_by_user, "user", created_at DESC NULLS LAST, _id DESC);
-- Serves the conversation fetch ({conversationId, user} + createdAt ascending) from the index.
CREATE INDEX messages_conversationId_1_user_1_createdAt_1__id_1
  ON messages (conversation_id, "user", created_at ASC NULLS FIRST, _id ASC);
CREATE INDEX subagent_thread_latest_message
  ON messages ("user", conversation_id, created_at DESC NULLS LAST, _id DESC);
CREATE INDEX subagent_parent_run_status_updated
  ON messages ("user", (subagent_task ->> 'parentRunId'), (subagent_task ->> 'status'), updated_at DESC NULLS LAST, _id DESC)
  WHERE subagent_task ? 'parentRunId';
CREATE INDEX messages__meiliIndex_1_isTemporary_1_expiredAt_1 ON messages (_meili_index, is_temporary, expired_at);
CREATE INDEX messages_messageId_1 ON messages (message_id);
CREATE INDEX messages_conversationId_1 ON messages (conversation_id);
CREATE INDEX messages_user_1 ON messages ("user");
CREATE INDEX messages_tenantId_1 ON messages (tenant_id);

-- Down Migration
DROP TABLE messages;
