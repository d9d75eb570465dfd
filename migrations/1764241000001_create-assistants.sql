-- Up Migration
-- LibreChat `assistants` (upstream schema/assistant.ts; timestamps): LibreChat's own records of
-- OpenAI assistants (avatar, conversation starters, actions). `avatar` (Mixed) is EJSON jsonb;
-- text is COLLATE "C" (BSON string order).
CREATE TABLE assistants (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  "user" text COLLATE "C",
  assistant_id text COLLATE "C",
  endpoint text COLLATE "C",
  avatar jsonb,
  conversation_starters text[] COLLATE "C",
  access_level double precision,
  file_ids text[] COLLATE "C",
  actions text[] COLLATE "C",
  append_current_datetime boolean,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names); getAssistant by avatarFilepath reads avatar.filepath.
CREATE INDEX assistants_assistant_id_1 ON assistants (assistant_id);
CREATE INDEX assistants_tenantId_1 ON assistants (tenant_id);
CREATE INDEX "assistants_tenantId_1_avatar.filepath_1" ON assistants (tenant_id, (avatar ->> 'filepath'));

-- Down Migration
DROP TABLE assistants;
