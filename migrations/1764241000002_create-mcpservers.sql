-- Up Migration
-- LibreChat `mcpservers` (upstream schema/mcpServer.ts; timestamps): MCP servers users added in
-- the UI. `config` (Mixed: title, url, oauth, …) is EJSON jsonb; text is COLLATE "C".
CREATE TABLE mcpservers (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  server_name text COLLATE "C",
  normalized_server_name text COLLATE "C",
  config jsonb,
  author text COLLATE "C",
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names). Server names are unique per tenant (a missing tenantId is
-- indexed as null by MongoDB, hence NULLS NOT DISTINCT); the normalized name's index is partial
-- upstream ({ normalizedServerName: { $exists: true } }).
CREATE INDEX mcpservers_serverName_1 ON mcpservers (server_name);
CREATE INDEX mcpservers_author_1 ON mcpservers (author);
CREATE INDEX mcpservers_tenantId_1 ON mcpservers (tenant_id);
CREATE UNIQUE INDEX mcpservers_serverName_1_tenantId_1
  ON mcpservers (server_name, tenant_id) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX mcpservers_normalizedServerName_1_tenantId_1
  ON mcpservers (normalized_server_name, tenant_id) NULLS NOT DISTINCT
  WHERE normalized_server_name IS NOT NULL;
CREATE INDEX "mcpservers_updatedAt_-1__id_1" ON mcpservers (updated_at DESC, _id);

-- Down Migration
DROP TABLE mcpservers;
