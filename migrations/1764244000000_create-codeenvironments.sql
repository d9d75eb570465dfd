-- Up Migration
-- LibreChat `codeenvironments` (upstream schema/codeEnvironment.ts; timestamps): registered code
-- execution environments. `pendingAgentReferences` (sub-document array), `workerPrincipal` and
-- `settings` (sub-documents) are EJSON jsonb; text is COLLATE "C".
CREATE TABLE codeenvironments (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  environment_id text COLLATE "C",
  name text COLLATE "C",
  type text COLLATE "C",
  base_u_r_l text COLLATE "C",
  control_plane_id text COLLATE "C",
  created_by text COLLATE "C",
  owner_slot double precision,
  pending_agent_references jsonb,
  deletion_started_at timestamptz,
  deletion_lease_id text COLLATE "C",
  deletion_lease_expires_at timestamptz,
  deletion_committed_at timestamptz,
  registration_pending_at timestamptz,
  registration_lease_id text COLLATE "C",
  registration_lease_expires_at timestamptz,
  registration_reconcile_after timestamptz,
  revocation_pending_at timestamptz,
  revocation_attempts double precision,
  revocation_last_error text COLLATE "C",
  revocation_reconcile_after timestamptz,
  revocation_lease_id text COLLATE "C",
  revocation_lease_expires_at timestamptz,
  worker_id text COLLATE "C",
  revocation_token_env text COLLATE "C",
  worker_principal jsonb,
  settings jsonb,
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). Environment ids are unique per tenant (a missing tenantId is
-- indexed as null by MongoDB, hence NULLS NOT DISTINCT).
CREATE INDEX codeenvironments_createdBy_1 ON codeenvironments (created_by);
CREATE INDEX codeenvironments_tenantId_1 ON codeenvironments (tenant_id);
CREATE UNIQUE INDEX codeenvironments_environmentId_1_tenantId_1
  ON codeenvironments (environment_id, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX "codeenvironments_updatedAt_-1__id_1" ON codeenvironments (updated_at DESC, _id);

-- Down Migration
DROP TABLE codeenvironments;
