-- Up Migration
-- LibreChat `presets` (upstream schema/preset.ts; timestamps): presetId, title, user (a String
-- id), defaultPreset, order and every conversationPreset field (schema/defaults.ts).
-- `topP`/`maxTokens` keep their camelCase names: `top_p`/`max_tokens` are fields of their own.
CREATE TABLE presets (
  preset_id text COLLATE "C",
  title text COLLATE "C",
  "user" text COLLATE "C",
  default_preset boolean,
  "order" double precision,
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
  system text COLLATE "C",
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
  tenant_id text COLLATE "C",
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names). presetId is unique per tenant, across
-- users (a missing tenantId is indexed as null by MongoDB, hence NULLS NOT DISTINCT).
CREATE INDEX presets_presetId_1 ON presets (preset_id);
CREATE INDEX presets_tenantId_1 ON presets (tenant_id);
CREATE UNIQUE INDEX presets_presetId_1_tenantId_1 ON presets (preset_id, tenant_id) NULLS NOT DISTINCT;
-- Not upstream's: getPresets/deletePresets read a user's presets on every page load.
CREATE INDEX presets_user_1 ON presets ("user");

-- Down Migration
DROP TABLE presets;
