-- Up Migration
-- LibreChat `schedules` (upstream schema/schedule.ts; timestamps; tenant plugin). `cadence`
-- (nested path), `deletionSuspension` and `lastRun` (sub-documents) and `countedFor` (array of
-- Dates) are EJSON jsonb; `file_ids` / `tools` text arrays.
CREATE TABLE schedules (
  id text COLLATE "C",
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  name text COLLATE "C",
  prompt text COLLATE "C",
  agent_id text COLLATE "C",
  cadence jsonb,
  timezone text COLLATE "C",
  target text COLLATE "C",
  chat_project_id text COLLATE "C",
  file_ids text[] COLLATE "C",
  tools text[] COLLATE "C",
  cron text COLLATE "C",
  enabled boolean,
  disabled_reason text COLLATE "C",
  next_run_at timestamptz,
  lease_until timestamptz,
  lease_by text COLLATE "C",
  claim_token text COLLATE "C",
  config_revision double precision,
  deleting boolean,
  deletion_suspension jsonb,
  erased boolean,
  erased_at timestamptz,
  slot double precision,
  client_request_id text COLLATE "C",
  client_request_digest text COLLATE "C",
  erase_attempted_at timestamptz,
  last_run jsonb,
  run_count double precision,
  counted_for jsonb,
  counters_as_of timestamptz,
  failure_count double precision,
  balance_skip_count double precision,
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index erasedAt_1 (86400 s, partial on erased: true):
-- erasure tombstones expire after the bounded create-retry window.
CREATE INDEX schedules_id_1 ON schedules (id);
CREATE INDEX schedules_user_1 ON schedules ("user");
CREATE INDEX schedules_tenantId_1 ON schedules (tenant_id);
CREATE INDEX schedules_erasedAt_1 ON schedules (erased_at) WHERE erased = true;
-- One schedule id per tenant; a missing tenantId is indexed as null by MongoDB.
CREATE UNIQUE INDEX schedules_id_1_tenantId_1 ON schedules (id, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX schedules_enabled_1_nextRunAt_1 ON schedules (enabled, next_run_at);
-- Partial uniques: MongoDB's `$exists: true` includes explicit nulls, hence the _nulls test.
CREATE UNIQUE INDEX schedules_user_1_slot_1 ON schedules ("user", slot) NULLS NOT DISTINCT
  WHERE deleting = false AND (slot IS NOT NULL OR 'slot' = ANY(_nulls));
CREATE UNIQUE INDEX schedules_user_1_clientRequestId_1 ON schedules ("user", client_request_id) NULLS NOT DISTINCT
  WHERE client_request_id IS NOT NULL OR 'clientRequestId' = ANY(_nulls);
CREATE INDEX schedules_deleting_1_eraseAttemptedAt_1 ON schedules (deleting, erase_attempted_at);

-- Down Migration
DROP TABLE schedules;
