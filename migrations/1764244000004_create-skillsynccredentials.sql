-- Up Migration
-- LibreChat `skillsynccredentials` (upstream schema/skillSyncCredential.ts; timestamps; app-wide,
-- no tenant plugin): skill-sync access tokens. `encryptedToken` holds upstream's encryptV2 output
-- (never the token itself) and `tokenHash` its sha256; both are select:false. Text is COLLATE "C".
CREATE TABLE skillsynccredentials (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  provider text COLLATE "C",
  credential_key text COLLATE "C",
  encrypted_token text COLLATE "C",
  token_hash text COLLATE "C",
  created_by text COLLATE "C",
  updated_by text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names).
CREATE INDEX skillsynccredentials_provider_1 ON skillsynccredentials (provider);
CREATE INDEX skillsynccredentials_credentialKey_1 ON skillsynccredentials (credential_key);
CREATE UNIQUE INDEX skillsynccredentials_provider_1_credentialKey_1
  ON skillsynccredentials (provider, credential_key) NULLS NOT DISTINCT;

-- Down Migration
DROP TABLE skillsynccredentials;
