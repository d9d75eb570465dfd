-- Up Migration
-- LibreChat `agentqueuedturns` (upstream schema/queuedTurn.ts, tenant isolation plugin,
-- timestamps): one row per queued agent turn. `files` and `terminalReceipt` (sub-documents) are
-- EJSON jsonb, `quotes` / `manualSkills` text arrays.
CREATE TABLE agentqueuedturns (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  conversation_id text COLLATE "C",
  agent_id text COLLATE "C",
  parent_message_id text COLLATE "C",
  client_request_id text COLLATE "C",
  fingerprint text COLLATE "C",
  lane_id text COLLATE "C",
  sequence double precision,
  reservation_writer_id text COLLATE "C",
  active_slot double precision,
  admission_slot boolean,
  status text COLLATE "C",
  priority boolean,
  text text COLLATE "C",
  files jsonb,
  quotes text[] COLLATE "C",
  manual_skills text[] COLLATE "C",
  expected_predecessor_created_at double precision,
  attempts double precision,
  available_at timestamptz,
  delivery_key text COLLATE "C",
  delivery_state text COLLATE "C",
  scheduled_at timestamptz,
  claim_id text COLLATE "C",
  claim_by text COLLATE "C",
  claim_until timestamptz,
  admission_started_at timestamptz,
  admission_id text COLLATE "C",
  admission_effective_predecessor_created_at double precision,
  admission_lineage_predecessor_id text COLLATE "C",
  admission_protocol_version double precision,
  reconciliation_available_at timestamptz,
  reconciliation_claim_id text COLLATE "C",
  reconciliation_claim_by text COLLATE "C",
  reconciliation_claim_until timestamptz,
  reconciliation_attempts double precision,
  terminal_receipt jsonb,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names, prefixed with the table). A missing tenantId is indexed as
-- null by MongoDB, hence NULLS NOT DISTINCT on the unique ones; MongoDB's `$exists: true`
-- partial filters include explicit nulls, hence the _nulls tests.
CREATE INDEX agentqueuedturns_user_1 ON agentqueuedturns ("user");
CREATE INDEX agentqueuedturns_tenantId_1 ON agentqueuedturns (tenant_id);
-- tenantId_1_user_1_conversationId_1_clientRequestId_1 (name shortened: PostgreSQL's 63-byte limit).
CREATE UNIQUE INDEX agentqueuedturns_tenantId_1_user_1_convId_1_clientRequestId_1
  ON agentqueuedturns (tenant_id, "user", conversation_id, client_request_id) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX agentqueuedturns_agent_queued_turn_sequence
  ON agentqueuedturns (tenant_id, "user", conversation_id, sequence) NULLS NOT DISTINCT
  WHERE sequence IS NOT NULL OR 'sequence' = ANY(_nulls);
CREATE UNIQUE INDEX agentqueuedturns_agent_queued_turn_active_capacity
  ON agentqueuedturns (tenant_id, "user", conversation_id, active_slot) NULLS NOT DISTINCT
  WHERE active_slot IS NOT NULL OR 'activeSlot' = ANY(_nulls);
CREATE UNIQUE INDEX agentqueuedturns_agent_queued_turn_claim_lane
  ON agentqueuedturns (tenant_id, "user", conversation_id, lane_id, status) NULLS NOT DISTINCT
  WHERE status = 'claimed';
CREATE UNIQUE INDEX agentqueuedturns_agent_queued_turn_admission_started_lane
  ON agentqueuedturns (tenant_id, "user", conversation_id, lane_id) NULLS NOT DISTINCT
  WHERE admission_started_at IS NOT NULL OR 'admissionStartedAt' = ANY(_nulls);
CREATE UNIQUE INDEX agentqueuedturns_agent_queued_turn_admission_slot
  ON agentqueuedturns (tenant_id, "user", conversation_id, lane_id, admission_slot) NULLS NOT DISTINCT
  WHERE admission_slot = true;
CREATE INDEX agentqueuedturns_agent_queued_turn_claim
  ON agentqueuedturns (tenant_id, "user", conversation_id, status, priority DESC, available_at, sequence);
CREATE INDEX agentqueuedturns_agent_queued_turn_active
  ON agentqueuedturns (tenant_id, "user", conversation_id, status, priority DESC, sequence);
CREATE INDEX agentqueuedturns_tenantId_1_user_1_status_1_claimUntil_1
  ON agentqueuedturns (tenant_id, "user", status, claim_until);
CREATE INDEX agentqueuedturns_status_1_createdAt_1__id_1 ON agentqueuedturns (status, created_at, _id);
-- status_1_reconciliationAvailableAt_1_reconciliationClaimUntil_1__id_1 and
-- status_1_scheduledAt_1_availableAt_1_sequence_1 (names shortened: PostgreSQL's 63-byte limit).
CREATE INDEX agentqueuedturns_status_1_reconAvail_1_reconClaimUntil_1__id_1
  ON agentqueuedturns (status, reconciliation_available_at, reconciliation_claim_until, _id);
CREATE INDEX agentqueuedturns_status_1_scheduledAt_1_availableAt_1_seq_1
  ON agentqueuedturns (status, scheduled_at, available_at, sequence);

-- Down Migration
DROP TABLE agentqueuedturns;
