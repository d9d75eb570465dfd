/**
 * The tables of the PostgreSQL backend: which upstream model each holds and its unique indexes
 * (PostgreSQL name ↔ MongoDB name and keys, for E11000-shaped errors). Column layouts are derived
 * from the upstream schemas (tableSpec.ts); the migrations create exactly those columns, which a
 * test checks.
 */
import type { ModelName } from '../../documents/shaper.js';
import type { UniqueIndex } from './duplicateKey.js';

export interface TableDefinition {
  model: ModelName;
  table: string;
  uniqueIndexes: UniqueIndex[];
}

const oauthFields = ['googleId', 'facebookId', 'samlId', 'ldapId', 'githubId', 'discordId', 'appleId'];

export const TABLES = {
  users: {
    model: 'User',
    table: 'users',
    uniqueIndexes: [
      { pgName: 'users_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'users_email_1_tenantId_1', mongoName: 'email_1_tenantId_1', keys: ['email', 'tenantId'] },
      {
        pgName: 'users_openidId_1_openidIssuer_1_tenantId_1',
        mongoName: 'openidId_1_openidIssuer_1_tenantId_1',
        keys: ['openidId', 'openidIssuer', 'tenantId'],
      },
      ...oauthFields.map((f) => ({
        pgName: `users_${f}_1_tenantId_1`,
        mongoName: `${f}_1_tenantId_1`,
        keys: [f, 'tenantId'],
      })),
    ],
  },
  balances: {
    model: 'Balance',
    table: 'balances',
    uniqueIndexes: [{ pgName: 'balances_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  aclentries: {
    model: 'AclEntry',
    table: 'aclentries',
    uniqueIndexes: [{ pgName: 'aclentries_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  groups: {
    model: 'Group',
    table: 'groups',
    uniqueIndexes: [
      { pgName: 'groups_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'groups_idOnTheSource_1_source_1_tenantId_1',
        mongoName: 'idOnTheSource_1_source_1_tenantId_1',
        keys: ['idOnTheSource', 'source', 'tenantId'],
      },
    ],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;
