-- Up Migration
-- LibreChat `toolfavorites` (upstream schema/favorite.ts; timestamps): a user's favourite tools,
-- MCP servers and skills (at most MAX_TOOL_FAVORITES per user, enforced by the methods).
CREATE TABLE toolfavorites (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  "user" text COLLATE "C",
  item_type text COLLATE "C",
  item_id text COLLATE "C",
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). The unique triple deliberately excludes tenantId upstream
-- (user ids are globally unique); it is the race backstop of addToolFavorite.
CREATE INDEX toolfavorites_user_1 ON toolfavorites ("user");
CREATE INDEX toolfavorites_tenantId_1 ON toolfavorites (tenant_id);
CREATE UNIQUE INDEX toolfavorites_user_1_itemType_1_itemId_1
  ON toolfavorites ("user", item_type, item_id) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE toolfavorites;
