-- Up Migration
-- LibreChat `agenttriggerdeliveries` (upstream schema/triggerDelivery.ts; timestamps; tenant plugin).
-- Sub-documents (envelope, handling, receipts, detached actions, history, errors, results) and
-- the batch member id array are EJSON jsonb; select:false fields are ordinary columns hidden by
-- the table spec.
CREATE TABLE agenttriggerdeliveries (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  delivery_key text COLLATE "C",
  fingerprint text COLLATE "C",
  ordering_key text COLLATE "C",
  lane_sequence double precision,
  envelope jsonb,
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  status text COLLATE "C",
  required_worker_capability text COLLATE "C",
  capability_status text COLLATE "C",
  claim_available_at timestamptz,
  capability_lease_by text COLLATE "C",
  capability_lease_until timestamptz,
  capability_claim_token text COLLATE "C",
  producer_lease_until timestamptz,
  background_tool_result jsonb,
  background_tool_result_erased_at timestamptz,
  background_tool_result_deletion_pending_at timestamptz,
  attempts double precision,
  available_at timestamptz,
  envelope_bytes double precision,
  coalesce_key text COLLATE "C",
  coalesce_from timestamptz,
  coalesce_until timestamptz,
  batch_size double precision,
  batch_bytes double precision,
  batch_member_ids jsonb,
  batch_root_id text COLLATE "C",
  batch_root_requeue_count double precision,
  batch_members_settled_at timestamptz,
  await_terminal_handling boolean,
  handling jsonb,
  actor_receipt jsonb,
  actor_detached_action jsonb,
  actor_detached_action_history jsonb,
  actor_action_admitted_at timestamptz,
  actor_action_admission_id text COLLATE "C",
  actor_action_admission_closed_at timestamptz,
  lease_by text COLLATE "C",
  lease_until timestamptz,
  claim_token text COLLATE "C",
  last_error jsonb,
  result jsonb,
  history jsonb,
  settled_at timestamptz,
  expires_at timestamptz,
  requeue_count double precision,
  staging_recovery_at timestamptz,
  lane_cleanup_pending_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). Sparse indexes index only rows holding the field.
-- TTL index expiresAt_1 (0 s): expiry is the maintenance sweeper.
CREATE UNIQUE INDEX agenttriggerdeliveries_deliveryKey_1 ON agenttriggerdeliveries (delivery_key) NULLS NOT DISTINCT;
CREATE INDEX agenttriggerdeliveries_user_1 ON agenttriggerdeliveries ("user");
CREATE INDEX agenttriggerdeliveries_tenantId_1 ON agenttriggerdeliveries (tenant_id);
CREATE INDEX agenttriggerdeliveries_status_1_availableAt_1_createdAt_1
  ON agenttriggerdeliveries (status, available_at, created_at);
CREATE INDEX agenttriggerdeliveries_status_1_leaseUntil_1_createdAt_1
  ON agenttriggerdeliveries (status, lease_until, created_at);
CREATE INDEX "agenttriggerdeliveries_status_1_claimAvailableAt_1_createdAt_1"
  ON agenttriggerdeliveries (status, claim_available_at, created_at);
-- requiredWorkerCapability_1_capabilityStatus_1_claimAvailableAt_1_createdAt_1 (name over 63 bytes)
CREATE INDEX agenttriggerdeliveries_capability_claimAvailableAt
  ON agenttriggerdeliveries (required_worker_capability, capability_status, claim_available_at, created_at);
-- requiredWorkerCapability_1_capabilityStatus_1_capabilityLeaseUntil_1_createdAt_1 (name over 63 bytes)
CREATE INDEX agenttriggerdeliveries_capability_capabilityLeaseUntil
  ON agenttriggerdeliveries (required_worker_capability, capability_status, capability_lease_until, created_at);
CREATE INDEX agenttriggerdeliveries_orderingKey_1_status_1_laneSequence_1
  ON agenttriggerdeliveries (ordering_key, status, lane_sequence);
-- orderingKey_1_awaitTerminalHandling_1_status_1_handling.status_1_batchRootId_1_laneSequence_1
CREATE INDEX agenttriggerdeliveries_terminal_handling_lane
  ON agenttriggerdeliveries (ordering_key, await_terminal_handling, status, (handling ->> 'status'), batch_root_id, lane_sequence);
CREATE INDEX agenttriggerdeliveries_batchRootId_1
  ON agenttriggerdeliveries (batch_root_id) WHERE batch_root_id IS NOT NULL;
-- orderingKey_1_coalesceKey_1_status_1_coalesceUntil_1 (sparse: rows holding any of its keys)
CREATE INDEX agenttriggerdeliveries_lane_coalesce
  ON agenttriggerdeliveries (ordering_key, coalesce_key, status, coalesce_until)
  WHERE ordering_key IS NOT NULL OR coalesce_key IS NOT NULL OR status IS NOT NULL OR coalesce_until IS NOT NULL;
CREATE INDEX "agenttriggerdeliveries_status_1_updatedAt_-1"
  ON agenttriggerdeliveries (status, updated_at DESC);
CREATE INDEX "agenttriggerdeliveries_actorReceipt.resolution_1"
  ON agenttriggerdeliveries ((actor_receipt ->> 'resolution')) WHERE actor_receipt ? 'resolution';
CREATE INDEX agenttriggerdeliveries_user_1_actorActionAdmittedAt_1
  ON agenttriggerdeliveries ("user", actor_action_admitted_at)
  WHERE "user" IS NOT NULL OR actor_action_admitted_at IS NOT NULL;
CREATE INDEX agenttriggerdeliveries_stagingRecoveryAt_1
  ON agenttriggerdeliveries (staging_recovery_at) WHERE staging_recovery_at IS NOT NULL;
CREATE INDEX agenttriggerdeliveries_laneCleanupPendingAt_1
  ON agenttriggerdeliveries (lane_cleanup_pending_at) WHERE lane_cleanup_pending_at IS NOT NULL;
CREATE INDEX "agenttriggerdeliveries_backgroundToolResultDeletionPendingAt_1"
  ON agenttriggerdeliveries (background_tool_result_deletion_pending_at)
  WHERE background_tool_result_deletion_pending_at IS NOT NULL;
CREATE INDEX agenttriggerdeliveries_expiresAt_1 ON agenttriggerdeliveries (expires_at);

-- Down Migration
DROP TABLE agenttriggerdeliveries;
