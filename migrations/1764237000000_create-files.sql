-- Up Migration
-- LibreChat `files` (upstream schema/file.ts; timestamps). Columns mirror the mongoose schema
-- (packages/dal/src/postgres/store/tableSpec.ts): `user` is an ObjectId (24 hex), `metadata`
-- (runFile provenance, codeEnvRef(s), embeddedEntities, …) is EJSON jsonb.
-- Two expiries, as upstream: `expires_at` is the short upload TTL (MongoDB deletes the document
-- 3600 s after it; here the file methods treat such rows as gone and the sweeper deletes them),
-- `expired_at` is the retention deadline the application's own file sweep reads.
CREATE TABLE files (
  "user" text COLLATE "C",
  conversation_id text COLLATE "C",
  message_id text COLLATE "C",
  file_id text COLLATE "C",
  temp_file_id text COLLATE "C",
  bytes double precision,
  filename text COLLATE "C",
  filepath text COLLATE "C",
  storage_key text COLLATE "C",
  storage_region text COLLATE "C",
  object text COLLATE "C",
  embedded boolean,
  type text COLLATE "C",
  text text COLLATE "C",
  text_format text COLLATE "C",
  status text COLLATE "C",
  preview_error text COLLATE "C",
  preview_revision text COLLATE "C",
  context text COLLATE "C",
  usage double precision,
  source text COLLATE "C",
  model text COLLATE "C",
  width double precision,
  height double precision,
  metadata jsonb,
  llm_delivery_path text COLLATE "C",
  expires_at timestamptz,
  tenant_id text COLLATE "C",
  expired_at timestamptz,
  deletion_attempts double precision,
  deletion_retry_at timestamptz,
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names).
CREATE INDEX files_user_1 ON files ("user");
CREATE INDEX files_conversationId_1 ON files (conversation_id);
CREATE INDEX files_messageId_1 ON files (message_id);
CREATE INDEX files_file_id_1 ON files (file_id);
CREATE INDEX files_status_1 ON files (status);
CREATE INDEX files_tenantId_1 ON files (tenant_id);
CREATE INDEX files_expiredAt_1 ON files (expired_at);
CREATE INDEX files_createdAt_1_updatedAt_1 ON files (created_at, updated_at);
-- TTL index expiresAt_1 (3600 s): readers skip rows an hour past expires_at, the sweeper deletes them.
CREATE INDEX files_expiresAt_1 ON files (expires_at) WHERE expires_at IS NOT NULL;
-- Partial uniques. A missing key is indexed as null by MongoDB, hence NULLS NOT DISTINCT.
CREATE UNIQUE INDEX files_filename_1_conversationId_1_context_1_tenantId_1
  ON files (filename, conversation_id, context, tenant_id) NULLS NOT DISTINCT
  WHERE context = 'execute_code';
-- run_artifact_identity: the dotted keys are jsonb values (BSON types stay distinct; missing = null).
CREATE UNIQUE INDEX files_run_artifact_identity
  ON files (
    "user",
    tenant_id,
    conversation_id,
    COALESCE(metadata #> '{runFile,runId}', 'null'::jsonb),
    COALESCE(metadata #> '{runFile,executionId}', 'null'::jsonb),
    COALESCE(metadata #> '{runFile,agentId}', 'null'::jsonb),
    COALESCE(metadata #> '{runFile,sourceFileId}', 'null'::jsonb)
  ) NULLS NOT DISTINCT
  WHERE context = 'run_artifact';

-- Down Migration
DROP TABLE files;
