-- Up Migration
-- LibreChat `openidrefreshflights` (upstream schema/openidRefreshFlight.ts): one in-flight
-- OpenID token refresh per key, shared between server instances. createdAt/updatedAt are plain
-- schema fields (no mongoose timestamps).
CREATE TABLE openidrefreshflights (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  key text COLLATE "C",
  owner_id text COLLATE "C",
  status text COLLATE "C",
  encrypted_result text COLLATE "C",
  error_message text COLLATE "C",
  delivery_id text COLLATE "C",
  delivery_expires_at timestamptz,
  revocation_requested_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  lock_expires_at timestamptz,
  expires_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). `key` is unique without a tenant (a missing key is null
-- on MongoDB, hence NULLS NOT DISTINCT). TTL index expiresAt_1 (0 s): reader filter plus the
-- maintenance sweeper.
CREATE UNIQUE INDEX openidrefreshflights_key_1 ON openidrefreshflights (key) NULLS NOT DISTINCT;
CREATE INDEX openidrefreshflights_status_1 ON openidrefreshflights (status);
CREATE INDEX openidrefreshflights_lockExpiresAt_1 ON openidrefreshflights (lock_expires_at);
CREATE INDEX openidrefreshflights_expiresAt_1 ON openidrefreshflights (expires_at) WHERE expires_at IS NOT NULL;

-- Down Migration
DROP TABLE openidrefreshflights;
