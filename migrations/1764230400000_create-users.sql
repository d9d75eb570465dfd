-- Up Migration
-- LibreChat `users` (upstream schema/user.ts). Columns mirror the mongoose schema's top-level
-- fields (see packages/dal/src/postgres/store/tableSpec.ts); text is COLLATE "C" so ordering
-- matches BSON's binary string order. `extra` keeps fields outside the schema (legacy data);
-- `_nulls` names fields that are explicitly null (MongoDB tells null from missing).
CREATE TABLE users (
  _id text COLLATE "C" PRIMARY KEY CHECK (_id ~ '^[0-9a-f]{24}$'),
  name text COLLATE "C",
  username text COLLATE "C",
  email text COLLATE "C",
  email_verified boolean,
  password text COLLATE "C",
  avatar text COLLATE "C",
  provider text COLLATE "C",
  role text COLLATE "C",
  google_id text COLLATE "C",
  facebook_id text COLLATE "C",
  openid_id text COLLATE "C",
  openid_issuer text COLLATE "C",
  saml_id text COLLATE "C",
  ldap_id text COLLATE "C",
  github_id text COLLATE "C",
  discord_id text COLLATE "C",
  apple_id text COLLATE "C",
  plugins jsonb,
  two_factor_enabled boolean,
  totp_secret text COLLATE "C",
  backup_codes jsonb,
  pending_totp_secret text COLLATE "C",
  pending_backup_codes jsonb,
  refresh_token jsonb,
  expires_at timestamptz,
  terms_accepted boolean,
  terms_accepted_at timestamptz,
  agent_trigger_deletion_started_at timestamptz,
  subagent_admission_fences jsonb,
  personalization jsonb,
  favorites jsonb,
  pinned_order text[] COLLATE "C",
  skill_states jsonb,
  id_on_the_source text COLLATE "C",
  tenant_id text COLLATE "C",
  created_at timestamptz,
  updated_at timestamptz,
  __v integer,
  extra jsonb,
  _nulls text[] NOT NULL DEFAULT '{}'
);

-- Upstream indexes (MongoDB names in the PostgreSQL names). A missing tenantId is indexed as
-- null by MongoDB, so tenant-scoped uniques use NULLS NOT DISTINCT (PostgreSQL 15+).
CREATE INDEX users_email_1 ON users (email);
CREATE UNIQUE INDEX users_email_1_tenantId_1 ON users (email, tenant_id) NULLS NOT DISTINCT;
CREATE INDEX users_role_1_tenantId_1 ON users (role, tenant_id);
CREATE INDEX users_idOnTheSource_1 ON users (id_on_the_source) WHERE id_on_the_source IS NOT NULL;
CREATE INDEX users_idOnTheSource_1_openidIssuer_1_tenantId_1 ON users (id_on_the_source, openid_issuer, tenant_id);
CREATE INDEX users_tenantId_1 ON users (tenant_id);
-- TTL index expiresAt_1 (604800 s): expiry is a reader filter plus the maintenance sweeper.
CREATE INDEX users_expiresAt_1 ON users (expires_at) WHERE expires_at IS NOT NULL;
-- Partial uniques: MongoDB's `$exists: true` includes explicit nulls, hence the _nulls test.
CREATE UNIQUE INDEX users_openidId_1_openidIssuer_1_tenantId_1 ON users (openid_id, openid_issuer, tenant_id) NULLS NOT DISTINCT
  WHERE openid_id IS NOT NULL OR 'openidId' = ANY(_nulls);
CREATE UNIQUE INDEX users_googleId_1_tenantId_1 ON users (google_id, tenant_id) NULLS NOT DISTINCT
  WHERE google_id IS NOT NULL OR 'googleId' = ANY(_nulls);
CREATE UNIQUE INDEX users_facebookId_1_tenantId_1 ON users (facebook_id, tenant_id) NULLS NOT DISTINCT
  WHERE facebook_id IS NOT NULL OR 'facebookId' = ANY(_nulls);
CREATE UNIQUE INDEX users_samlId_1_tenantId_1 ON users (saml_id, tenant_id) NULLS NOT DISTINCT
  WHERE saml_id IS NOT NULL OR 'samlId' = ANY(_nulls);
CREATE UNIQUE INDEX users_ldapId_1_tenantId_1 ON users (ldap_id, tenant_id) NULLS NOT DISTINCT
  WHERE ldap_id IS NOT NULL OR 'ldapId' = ANY(_nulls);
CREATE UNIQUE INDEX users_githubId_1_tenantId_1 ON users (github_id, tenant_id) NULLS NOT DISTINCT
  WHERE github_id IS NOT NULL OR 'githubId' = ANY(_nulls);
CREATE UNIQUE INDEX users_discordId_1_tenantId_1 ON users (discord_id, tenant_id) NULLS NOT DISTINCT
  WHERE discord_id IS NOT NULL OR 'discordId' = ANY(_nulls);
CREATE UNIQUE INDEX users_appleId_1_tenantId_1 ON users (apple_id, tenant_id) NULLS NOT DISTINCT
  WHERE apple_id IS NOT NULL OR 'appleId' = ANY(_nulls);

-- Down Migration
DROP TABLE users;
