-- Up Migration
-- LibreChat `conversations` (upstream schema/convo.ts + the conversationPreset fields of
-- schema/defaults.ts; timestamps). Columns mirror the mongoose schema
-- (packages/dal/src/postgres/store/tableSpec.ts): sub-documents (subagentThread, the agent-event
-- actor state, codeWorkspaces), `messages` (ObjectId refs) and `examples` are jsonb (EJSON);
-- tags, files, file_ids, stop and tools are text[]. `topP`/`maxTokens` keep their own names
-- beside `top_p`/`max_tokens`. The five `_meili*` columns are the fields upstream's mongoMeili
-- plugin adds when search is configured (hidden, select:false). `extra` keeps fields outside the
-- schema; `_nulls` names explicitly-null fields (MongoDB tells null from missing).
CREATE TABLE conversations (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  conversation_id text COLLATE "C",
  title text COLLATE "C",
  "user" text COLLATE "C",
  messages jsonb,
  is_temporary boolean,
  endpoint text COLLATE "C",
  endpoint_type text COLLATE "C",
  model text COLLATE "C",
  region text COLLATE "C",
  chat_gpt_label text COLLATE "C",
  examples jsonb,
  model_label text COLLATE "C",
  prompt_prefix text COLLATE "C",
  temperature double precision,
  top_p double precision,
  "topP" double precision,
  top_k double precision,
  max_output_tokens double precision,
  "maxTokens" double precision,
  presence_penalty double precision,
  frequency_penalty double precision,
  file_ids text[] COLLATE "C",
  resend_images boolean,
  prompt_cache boolean,
  prompt_cache_ttl text COLLATE "C",
  thinking boolean,
  thinking_budget double precision,
  thinking_level text COLLATE "C",
  effort text COLLATE "C",
  "system" text COLLATE "C",
  resend_files boolean,
  image_detail text COLLATE "C",
  agent_id text COLLATE "C",
  code_approval_mode text COLLATE "C",
  code_environment_mode text COLLATE "C",
  code_workspaces jsonb,
  assistant_id text COLLATE "C",
  instructions text COLLATE "C",
  stop text[] COLLATE "C",
  is_archived boolean,
  icon_u_r_l text COLLATE "C",
  greeting text COLLATE "C",
  spec text COLLATE "C",
  tags text[] COLLATE "C",
  tools text[] COLLATE "C",
  max_context_tokens double precision,
  max_tokens double precision,
  use_responses_api boolean,
  web_search boolean,
  url_context boolean,
  disable_streaming boolean,
  file_token_limit double precision,
  reasoning_effort text COLLATE "C",
  reasoning_summary text COLLATE "C",
  reasoning_mode text COLLATE "C",
  reasoning_context text COLLATE "C",
  verbosity text COLLATE "C",
  initial_agent_id text COLLATE "C",
  subagent_thread jsonb,
  subagent_thread_lease jsonb,
  agent_event_binding jsonb,
  agent_event_actor jsonb,
  agent_event_actor_cleanup jsonb,
  agent_event_actor_reconciliations jsonb,
  agent_event_actor_epoch double precision,
  agent_event_actor_legacy_turn jsonb,
  agent_event_actor_suspension jsonb,
  chat_project_id text COLLATE "C",
  files text[] COLLATE "C",
  expired_at timestamptz,
  tenant_id text COLLATE "C",
  pinned boolean,
  archived_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  _meili_index boolean,
  _meili_index_attempted boolean,
  _meili_index_version text COLLATE "C",
  _meili_index_schema_version double precision,
  _meili_cleanup_version double precision,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes, MongoDB names (shortened where they would pass 63 characters). Every sort
-- index is declared ascending with NULLS FIRST (BSON: null/missing sort lowest) and a plain `_id`
-- (never null), so a forward scan serves the ascending page order the store emits and a backward
-- scan the descending one (DESC NULLS LAST on each sort key, then `_id DESC`).
-- TTL index expiredAt_1 (0 s): readers filter on expiredAt; the maintenance sweeper deletes.
CREATE INDEX conversations_expiredAt_1 ON conversations (expired_at) WHERE expired_at IS NOT NULL;
CREATE INDEX conversations_createdAt_1_updatedAt_1 ON conversations (created_at, updated_at);
CREATE UNIQUE INDEX conversations_conversationId_1_user_1_tenantId_1
  ON conversations (conversation_id, "user", tenant_id) NULLS NOT DISTINCT;
CREATE INDEX conversations_tenant_temp_createdAt_desc__id_desc
  ON conversations (tenant_id, is_temporary, created_at DESC NULLS LAST, _id DESC);
CREATE INDEX conversations_tenant_temp_initialAgent_createdAt_desc
  ON conversations (tenant_id, is_temporary, initial_agent_id, created_at DESC NULLS LAST, _id DESC);
CREATE INDEX conversations_tenant_temp_agent_createdAt_desc
  ON conversations (tenant_id, is_temporary, agent_id, created_at DESC NULLS LAST, _id DESC);
CREATE INDEX conversations_user_1__id_1 ON conversations ("user", _id);
CREATE INDEX conversations_user_project_updatedAt__id
  ON conversations ("user", chat_project_id, updated_at NULLS FIRST, _id);
CREATE INDEX conversations_user_project_createdAt__id
  ON conversations ("user", chat_project_id, created_at NULLS FIRST, _id);
-- The sidebar pages (getConvosByCursor): user + archive state + sort key, secondary key, _id.
CREATE INDEX conversations_user_archived_archivedAt_createdAt__id
  ON conversations ("user", is_archived, archived_at NULLS FIRST, created_at NULLS FIRST, _id);
CREATE INDEX conversations_user_archived_updatedAt__id
  ON conversations ("user", is_archived, updated_at NULLS FIRST, _id);
CREATE INDEX conversations_user_archived_createdAt_updatedAt__id
  ON conversations ("user", is_archived, created_at NULLS FIRST, updated_at NULLS FIRST, _id);
CREATE INDEX conversations_user_archived_title_updatedAt__id
  ON conversations ("user", is_archived, title NULLS FIRST, updated_at NULLS FIRST, _id);
-- PostgreSQL-only: the active list matches `isArchived` false *or missing*, which is not one key
-- of the indexes above; these partial indexes serve it (the page query repeats the predicate).
CREATE INDEX conversations_active_user_updatedAt__id
  ON conversations ("user", updated_at NULLS FIRST, _id) WHERE is_archived IS NOT TRUE;
CREATE INDEX conversations_active_user_createdAt_updatedAt__id
  ON conversations ("user", created_at NULLS FIRST, updated_at NULLS FIRST, _id) WHERE is_archived IS NOT TRUE;
CREATE INDEX conversations_active_user_title_updatedAt__id
  ON conversations ("user", title NULLS FIRST, updated_at NULLS FIRST, _id) WHERE is_archived IS NOT TRUE;
CREATE INDEX conversations_user_pinned_updatedAt__id
  ON conversations ("user", pinned, updated_at NULLS FIRST, _id);
CREATE INDEX conversations_user_1_isTemporary_1_expiredAt_1 ON conversations ("user", is_temporary, expired_at);
CREATE INDEX "conversations_user_1_subagentThread.parentConversationId_1"
  ON conversations ("user", (subagent_thread ->> 'parentConversationId'));
CREATE INDEX "conversations_user_1_subagentThreadLease.expiresAt_1"
  ON conversations ("user", (subagent_thread_lease -> 'expiresAt' ->> '$date'));
-- Sparse unique: documents without agentEventBinding.bindingId are not indexed.
CREATE UNIQUE INDEX conversations_agent_event_binding_unique
  ON conversations ((agent_event_binding ->> 'bindingId')) NULLS NOT DISTINCT
  WHERE agent_event_binding ? 'bindingId';
-- Sparse multikey index of the reconciliation metrics: only conversations that have a journal.
CREATE INDEX conversations_agent_event_actor_reconciliation_metrics
  ON conversations (_id) WHERE agent_event_actor_reconciliations IS NOT NULL;
CREATE INDEX conversations__meiliIndex_1_isTemporary_1_expiredAt_1
  ON conversations (_meili_index, is_temporary, expired_at);
CREATE INDEX conversations_conversationId_1 ON conversations (conversation_id);
CREATE INDEX conversations_user_1 ON conversations ("user");
CREATE INDEX conversations_chatProjectId_1 ON conversations (chat_project_id);
CREATE INDEX conversations_tenantId_1 ON conversations (tenant_id);
-- PostgreSQL-only: tag filters (`tags: tag`, `tags: {$in}`) are array containment.
CREATE INDEX conversations_tags_gin ON conversations USING gin (tags);

-- Down Migration
DROP TABLE conversations;
