-- Up Migration
-- LibreChat `agenttriggerlanesequences` (upstream schema/triggerLaneSequence.ts; timestamps; tenant
-- plugin): one row per ordering lane, _id is the lane's ordering key (a string).
CREATE TABLE agenttriggerlanesequences (
  _id text COLLATE "C" PRIMARY KEY,
  value double precision,
  "user" text COLLATE "C",
  tenant_id text COLLATE "C",
  tail_delivery_id text COLLATE "C",
  publisher_delivery_id text COLLATE "C",
  publisher_requeue_count double precision,
  publisher_started_at timestamptz,
  cleanup_requested_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names); the sparse one indexes only lanes with a publisher in flight.
CREATE INDEX agenttriggerlanesequences_user_1 ON agenttriggerlanesequences ("user");
CREATE INDEX agenttriggerlanesequences_tenantId_1 ON agenttriggerlanesequences (tenant_id);
CREATE INDEX agenttriggerlanesequences_cleanupRequestedAt_1 ON agenttriggerlanesequences (cleanup_requested_at);
CREATE INDEX agenttriggerlanesequences_publisherStartedAt_1
  ON agenttriggerlanesequences (publisher_started_at) WHERE publisher_started_at IS NOT NULL;

-- Down Migration
DROP TABLE agenttriggerlanesequences;
