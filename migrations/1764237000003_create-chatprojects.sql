-- Up Migration
-- LibreChat `chatprojects` (upstream schema/chatProject.ts; timestamps; explicit collection
-- name). Conversations point at a project through conversations.chat_project_id.
CREATE TABLE chatprojects (
  name text COLLATE "C",
  description text COLLATE "C",
  "user" text COLLATE "C",
  conversation_count double precision,
  last_conversation_at timestamptz,
  last_conversation_id text COLLATE "C",
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
CREATE INDEX chatprojects_name_1 ON chatprojects (name);
CREATE INDEX chatprojects_user_1 ON chatprojects ("user");
CREATE INDEX chatprojects_lastConversationAt_1 ON chatprojects (last_conversation_at);
CREATE INDEX chatprojects_tenantId_1 ON chatprojects (tenant_id);
CREATE INDEX chatprojects_user_1_name_1__id_1 ON chatprojects ("user", name NULLS FIRST, _id);
CREATE INDEX chatprojects_user_1_createdAt_desc__id_desc ON chatprojects ("user", created_at DESC NULLS LAST, _id DESC);
CREATE INDEX chatprojects_user_1_lastConversationAt_desc__id_desc
  ON chatprojects ("user", last_conversation_at DESC NULLS LAST, _id DESC);

-- Down Migration
DROP TABLE chatprojects;
