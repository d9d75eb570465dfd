-- Up Migration
-- LibreChat `scheduleruns` (upstream schema/scheduleRun.ts; timestamps; tenant plugin).
-- `mcp` (sub-document array) is EJSON jsonb, `dropped_file_ids` a text array;
-- `checkpoint_namespace` is select:false.
CREATE TABLE scheduleruns (
  schedule_id text COLLATE "C",
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  scheduled_for timestamptz,
  fired_at timestamptz,
  conversation_id text COLLATE "C",
  checkpoint_namespace text COLLATE "C",
  delivery_key text COLLATE "C",
  chat_project_id text COLLATE "C",
  resume_claimed_at timestamptz,
  status text COLLATE "C",
  error text COLLATE "C",
  mcp jsonb,
  dropped_file_ids text[] COLLATE "C",
  duration_ms double precision,
  bookkept boolean,
  settled_at timestamptz,
  capacity_slot double precision,
  admission_only boolean,
  abort_requested_at timestamptz,
  abort_source text COLLATE "C",
  abort_persisted_at timestamptz,
  reconciled_at timestamptz,
  config_revision double precision,
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). TTL index settledAt_1 (7776000 s): settled rows only (live
-- rows never carry settledAt).
CREATE INDEX scheduleruns_user_1 ON scheduleruns ("user");
CREATE INDEX scheduleruns_tenantId_1 ON scheduleruns (tenant_id);
-- One row per occurrence (not tenant-scoped upstream).
CREATE UNIQUE INDEX scheduleruns_scheduleId_1_scheduledFor_1 ON scheduleruns (schedule_id, scheduled_for) NULLS NOT DISTINCT;
CREATE INDEX scheduleruns_settledAt_1 ON scheduleruns (settled_at) WHERE settled_at IS NOT NULL;
-- At most one `started` run per schedule.
CREATE UNIQUE INDEX scheduleruns_scheduleId_1 ON scheduleruns (schedule_id) NULLS NOT DISTINCT
  WHERE status = 'started';
-- The global fireConcurrency slot (MongoDB's `$exists: true` includes explicit nulls).
CREATE UNIQUE INDEX scheduleruns_capacitySlot_1 ON scheduleruns (capacity_slot) NULLS NOT DISTINCT
  WHERE status = 'started' AND (capacity_slot IS NOT NULL OR 'capacitySlot' = ANY(_nulls));
CREATE INDEX "scheduleruns_scheduleId_1_firedAt_-1" ON scheduleruns (schedule_id, fired_at DESC);
CREATE INDEX scheduleruns_status_1_firedAt_1 ON scheduleruns (status, fired_at);
CREATE INDEX scheduleruns_status_1_reconciledAt_1_firedAt_1 ON scheduleruns (status, reconciled_at, fired_at);

-- Down Migration
DROP TABLE scheduleruns;
