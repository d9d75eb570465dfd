-- Up Migration
-- LibreChat `agents` (upstream schema/agent.ts; timestamps). Created here because
-- AgentCategoryMethods.getCategoriesWithCounts counts agents per category; the AgentMethods
-- group uses the same table. Columns mirror the mongoose schema
-- (packages/dal/src/postgres/store/tableSpec.ts): [String] → text[], Mixed/Object/sub-schemas
-- and arrays of Mixed → jsonb.
CREATE TABLE agents (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  id text COLLATE "C",
  name text COLLATE "C",
  description text COLLATE "C",
  instructions text COLLATE "C",
  avatar jsonb,
  provider text COLLATE "C",
  model text COLLATE "C",
  model_parameters jsonb,
  artifacts text COLLATE "C",
  access_level double precision,
  recursion_limit double precision,
  tools text[] COLLATE "C",
  skills text[] COLLATE "C",
  skills_enabled boolean,
  skill_authoring_enabled boolean,
  skills_scope text COLLATE "C",
  tool_kwargs jsonb,
  actions text[] COLLATE "C",
  author text COLLATE "C",
  author_name text COLLATE "C",
  hide_sequential_outputs boolean,
  end_after_tools boolean,
  stateful_code_sessions boolean,
  stateful_code_environment text COLLATE "C",
  code_environment_id text COLLATE "C",
  code_workspace_id text COLLATE "C",
  repository_instructions text COLLATE "C",
  git_identity jsonb,
  agent_ids text[] COLLATE "C",
  edges jsonb,
  conversation_starters text[] COLLATE "C",
  tool_resources jsonb,
  versions jsonb,
  category text COLLATE "C",
  support_contact jsonb,
  is_promoted boolean,
  mcp_server_names text[] COLLATE "C",
  tool_options jsonb,
  subagents jsonb,
  memory_scope text COLLATE "C",
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names).
CREATE INDEX agents_category_1 ON agents (category);
CREATE INDEX agents_is_promoted_1 ON agents (is_promoted);
CREATE INDEX agents_tenantId_1 ON agents (tenant_id);
CREATE UNIQUE INDEX agents_id_1_tenantId_1 ON agents (id, tenant_id) NULLS NOT DISTINCT;
-- MongoDB's multikey {mcpServerNames: 1, tenantId: 1}: a GIN index serves containment
-- (`mcp_server_names @> ARRAY[$1]`); tenant_id is filtered from the matches.
CREATE INDEX agents_mcpServerNames_1_tenantId_1 ON agents USING gin (mcp_server_names);
CREATE INDEX "agents_updatedAt_-1__id_1" ON agents (updated_at DESC, _id);
CREATE INDEX "agents_tenantId_1_updatedAt_-1__id_1" ON agents (tenant_id, updated_at DESC, _id);
-- MongoDB's multikey {'edges.to': 1} over an array of sub-documents: jsonb containment
-- (`edges @> '[{"to": …}]'`).
CREATE INDEX "agents_edges.to_1" ON agents USING gin (edges jsonb_path_ops);

-- Down Migration
DROP TABLE agents;
