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
  /** Searchable model: the table also has the columns upstream's mongoMeili plugin adds (tableSpec.ts). */
  meiliPlugin?: boolean;
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
  sessions: {
    model: 'Session',
    table: 'sessions',
    uniqueIndexes: [
      { pgName: 'sessions_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'sessions_user_1_refreshTokenHash_1',
        mongoName: 'user_1_refreshTokenHash_1',
        keys: ['user', 'refreshTokenHash'],
      },
    ],
  },
  tokens: {
    model: 'Token',
    table: 'tokens',
    uniqueIndexes: [{ pgName: 'tokens_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  refreshtokenbridges: {
    model: 'RefreshTokenBridge',
    table: 'refreshtokenbridges',
    uniqueIndexes: [
      { pgName: 'refreshtokenbridges_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'refreshtokenbridges_oldRefreshTokenHash_1_userId_1_tenantId_1',
        mongoName: 'oldRefreshTokenHash_1_userId_1_tenantId_1',
        keys: ['oldRefreshTokenHash', 'userId', 'tenantId'],
      },
    ],
  },
  openidrefreshflights: {
    model: 'OpenIDRefreshFlight',
    table: 'openidrefreshflights',
    uniqueIndexes: [
      { pgName: 'openidrefreshflights_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'openidrefreshflights_key_1', mongoName: 'key_1', keys: ['key'] },
    ],
  },
  keys: {
    model: 'Key',
    table: 'keys',
    uniqueIndexes: [{ pgName: 'keys_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  pluginauths: {
    model: 'PluginAuth',
    table: 'pluginauths',
    uniqueIndexes: [{ pgName: 'pluginauths_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  agentapikeys: {
    model: 'AgentApiKey',
    table: 'agentapikeys',
    uniqueIndexes: [{ pgName: 'agentapikeys_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  transactions: {
    model: 'Transaction',
    table: 'transactions',
    uniqueIndexes: [{ pgName: 'transactions_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  auditlogs: {
    model: 'AuditLog',
    table: 'auditlogs',
    uniqueIndexes: [
      { pgName: 'auditlogs_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'auditlogs_chainKey_1_seq_1', mongoName: 'chainKey_1_seq_1', keys: ['chainKey', 'seq'] },
    ],
  },
  roles: {
    model: 'Role',
    table: 'roles',
    uniqueIndexes: [
      { pgName: 'roles_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'roles_name_1_tenantId_1', mongoName: 'name_1_tenantId_1', keys: ['name', 'tenantId'] },
    ],
  },
  accessroles: {
    model: 'AccessRole',
    table: 'accessroles',
    uniqueIndexes: [
      { pgName: 'accessroles_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'accessroles_accessRoleId_1_tenantId_1',
        mongoName: 'accessRoleId_1_tenantId_1',
        keys: ['accessRoleId', 'tenantId'],
      },
    ],
  },
  systemgrants: {
    model: 'SystemGrant',
    table: 'systemgrants',
    uniqueIndexes: [
      { pgName: 'systemgrants_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'systemgrants_principalType_principalId_capability_tenantId',
        mongoName: 'principalType_1_principalId_1_capability_1_tenantId_1',
        keys: ['principalType', 'principalId', 'capability', 'tenantId'],
      },
    ],
  },
  banners: {
    model: 'Banner',
    table: 'banners',
    uniqueIndexes: [{ pgName: 'banners_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  toolfavorites: {
    model: 'ToolFavorite',
    table: 'toolfavorites',
    uniqueIndexes: [
      { pgName: 'toolfavorites_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'toolfavorites_user_1_itemType_1_itemId_1',
        mongoName: 'user_1_itemType_1_itemId_1',
        keys: ['user', 'itemType', 'itemId'],
      },
    ],
  },
  agentcategories: {
    model: 'AgentCategory',
    table: 'agentcategories',
    uniqueIndexes: [
      { pgName: 'agentcategories_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'agentcategories_value_1_tenantId_1',
        mongoName: 'value_1_tenantId_1',
        keys: ['value', 'tenantId'],
      },
    ],
  },
  agents: {
    model: 'Agent',
    table: 'agents',
    uniqueIndexes: [
      { pgName: 'agents_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'agents_id_1_tenantId_1', mongoName: 'id_1_tenantId_1', keys: ['id', 'tenantId'] },
    ],
  },
  messages: {
    model: 'Message',
    table: 'messages',
    meiliPlugin: true,
    uniqueIndexes: [
      { pgName: 'messages_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'messages_messageId_1_user_1_tenantId_1',
        mongoName: 'messageId_1_user_1_tenantId_1',
        keys: ['messageId', 'user', 'tenantId'],
      },
    ],
  },
  toolcalls: {
    model: 'ToolCall',
    table: 'toolcalls',
    uniqueIndexes: [{ pgName: 'toolcalls_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  memoryentries: {
    model: 'MemoryEntry',
    table: 'memoryentries',
    uniqueIndexes: [{ pgName: 'memoryentries_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  conversations: {
    model: 'Conversation',
    table: 'conversations',
    meiliPlugin: true,
    uniqueIndexes: [
      { pgName: 'conversations_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'conversations_conversationId_1_user_1_tenantId_1',
        mongoName: 'conversationId_1_user_1_tenantId_1',
        keys: ['conversationId', 'user', 'tenantId'],
      },
      {
        pgName: 'conversations_agent_event_binding_unique',
        mongoName: 'agent_event_binding_unique',
        keys: ['agentEventBinding.bindingId'],
      },
    ],
  },
  conversationtags: {
    model: 'ConversationTag',
    table: 'conversationtags',
    uniqueIndexes: [
      { pgName: 'conversationtags_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'conversationtags_tag_1_user_1_tenantId_1',
        mongoName: 'tag_1_user_1_tenantId_1',
        keys: ['tag', 'user', 'tenantId'],
      },
    ],
  },
  files: {
    model: 'File',
    table: 'files',
    uniqueIndexes: [
      { pgName: 'files_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'files_filename_1_conversationId_1_context_1_tenantId_1',
        mongoName: 'filename_1_conversationId_1_context_1_tenantId_1',
        keys: ['filename', 'conversationId', 'context', 'tenantId'],
      },
      {
        pgName: 'files_run_artifact_identity',
        mongoName: 'run_artifact_identity',
        keys: [
          'user',
          'tenantId',
          'conversationId',
          'metadata.runFile.runId',
          'metadata.runFile.executionId',
          'metadata.runFile.agentId',
          'metadata.runFile.sourceFileId',
        ],
      },
    ],
  },
  presets: {
    model: 'Preset',
    table: 'presets',
    uniqueIndexes: [
      { pgName: 'presets_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'presets_presetId_1_tenantId_1',
        mongoName: 'presetId_1_tenantId_1',
        keys: ['presetId', 'tenantId'],
      },
    ],
  },
  sharedlinks: {
    model: 'SharedLink',
    table: 'sharedlinks',
    uniqueIndexes: [{ pgName: 'sharedlinks_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  chatprojects: {
    model: 'ChatProject',
    table: 'chatprojects',
    uniqueIndexes: [{ pgName: 'chatprojects_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  promptgroups: {
    model: 'PromptGroup',
    table: 'promptgroups',
    uniqueIndexes: [{ pgName: 'promptgroups_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  prompts: {
    model: 'Prompt',
    table: 'prompts',
    uniqueIndexes: [{ pgName: 'prompts_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  actions: {
    model: 'Action',
    table: 'actions',
    uniqueIndexes: [{ pgName: 'actions_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  assistants: {
    model: 'Assistant',
    table: 'assistants',
    uniqueIndexes: [{ pgName: 'assistants_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  mcpservers: {
    model: 'MCPServer',
    table: 'mcpservers',
    uniqueIndexes: [
      { pgName: 'mcpservers_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'mcpservers_serverName_1_tenantId_1',
        mongoName: 'serverName_1_tenantId_1',
        keys: ['serverName', 'tenantId'],
      },
      {
        pgName: 'mcpservers_normalizedServerName_1_tenantId_1',
        mongoName: 'normalizedServerName_1_tenantId_1',
        keys: ['normalizedServerName', 'tenantId'],
      },
    ],
  },
  configs: {
    model: 'Config',
    table: 'configs',
    uniqueIndexes: [
      { pgName: 'configs_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'configs_principalType_1_principalId_1_tenantId_1',
        mongoName: 'principalType_1_principalId_1_tenantId_1',
        keys: ['principalType', 'principalId', 'tenantId'],
      },
    ],
  },
  codeenvironments: {
    model: 'CodeEnvironment',
    table: 'codeenvironments',
    uniqueIndexes: [
      { pgName: 'codeenvironments_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'codeenvironments_environmentId_1_tenantId_1',
        mongoName: 'environmentId_1_tenantId_1',
        keys: ['environmentId', 'tenantId'],
      },
    ],
  },
  skills: {
    model: 'Skill',
    table: 'skills',
    uniqueIndexes: [
      { pgName: 'skills_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'skills_name_1_author_1_tenantId_1',
        mongoName: 'name_1_author_1_tenantId_1',
        keys: ['name', 'author', 'tenantId'],
      },
    ],
  },
  skillfiles: {
    model: 'SkillFile',
    table: 'skillfiles',
    uniqueIndexes: [
      { pgName: 'skillfiles_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'skillfiles_skillId_1_relativePath_1',
        mongoName: 'skillId_1_relativePath_1',
        keys: ['skillId', 'relativePath'],
      },
    ],
  },
  skillsynccredentials: {
    model: 'SkillSyncCredential',
    table: 'skillsynccredentials',
    uniqueIndexes: [
      { pgName: 'skillsynccredentials_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'skillsynccredentials_provider_1_credentialKey_1',
        mongoName: 'provider_1_credentialKey_1',
        keys: ['provider', 'credentialKey'],
      },
    ],
  },
  skillsyncstatuses: {
    model: 'SkillSyncStatus',
    table: 'skillsyncstatuses',
    uniqueIndexes: [
      { pgName: 'skillsyncstatuses_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'skillsyncstatuses_provider_1_sourceId_1_tenantId_1',
        mongoName: 'provider_1_sourceId_1_tenantId_1',
        keys: ['provider', 'sourceId', 'tenantId'],
      },
    ],
  },
  schedules: {
    model: 'Schedule',
    table: 'schedules',
    uniqueIndexes: [
      { pgName: 'schedules_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'schedules_id_1_tenantId_1', mongoName: 'id_1_tenantId_1', keys: ['id', 'tenantId'] },
      { pgName: 'schedules_user_1_slot_1', mongoName: 'user_1_slot_1', keys: ['user', 'slot'] },
      {
        pgName: 'schedules_user_1_clientRequestId_1',
        mongoName: 'user_1_clientRequestId_1',
        keys: ['user', 'clientRequestId'],
      },
    ],
  },
  scheduleruns: {
    model: 'ScheduleRun',
    table: 'scheduleruns',
    uniqueIndexes: [
      { pgName: 'scheduleruns_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'scheduleruns_scheduleId_1_scheduledFor_1',
        mongoName: 'scheduleId_1_scheduledFor_1',
        keys: ['scheduleId', 'scheduledFor'],
      },
      { pgName: 'scheduleruns_scheduleId_1', mongoName: 'scheduleId_1', keys: ['scheduleId'] },
      { pgName: 'scheduleruns_capacitySlot_1', mongoName: 'capacitySlot_1', keys: ['capacitySlot'] },
    ],
  },
  agentqueuedturns: {
    model: 'AgentQueuedTurn',
    table: 'agentqueuedturns',
    uniqueIndexes: [
      { pgName: 'agentqueuedturns_pkey', mongoName: '_id_', keys: ['_id'] },
      {
        pgName: 'agentqueuedturns_tenantId_1_user_1_convId_1_clientRequestId_1',
        mongoName: 'tenantId_1_user_1_conversationId_1_clientRequestId_1',
        keys: ['tenantId', 'user', 'conversationId', 'clientRequestId'],
      },
      {
        pgName: 'agentqueuedturns_agent_queued_turn_sequence',
        mongoName: 'agent_queued_turn_sequence',
        keys: ['tenantId', 'user', 'conversationId', 'sequence'],
      },
      {
        pgName: 'agentqueuedturns_agent_queued_turn_active_capacity',
        mongoName: 'agent_queued_turn_active_capacity',
        keys: ['tenantId', 'user', 'conversationId', 'activeSlot'],
      },
      {
        pgName: 'agentqueuedturns_agent_queued_turn_claim_lane',
        mongoName: 'agent_queued_turn_claim_lane',
        keys: ['tenantId', 'user', 'conversationId', 'laneId', 'status'],
      },
      {
        pgName: 'agentqueuedturns_agent_queued_turn_admission_started_lane',
        mongoName: 'agent_queued_turn_admission_started_lane',
        keys: ['tenantId', 'user', 'conversationId', 'laneId'],
      },
      {
        pgName: 'agentqueuedturns_agent_queued_turn_admission_slot',
        mongoName: 'agent_queued_turn_admission_slot',
        keys: ['tenantId', 'user', 'conversationId', 'laneId', 'admissionSlot'],
      },
    ],
  },
  agentqueuedturnsequences: {
    model: 'AgentQueuedTurnSequence',
    table: 'agentqueuedturnsequences',
    uniqueIndexes: [{ pgName: 'agentqueuedturnsequences_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  agenttriggerdeliveries: {
    model: 'AgentTriggerDelivery',
    table: 'agenttriggerdeliveries',
    uniqueIndexes: [
      { pgName: 'agenttriggerdeliveries_pkey', mongoName: '_id_', keys: ['_id'] },
      { pgName: 'agenttriggerdeliveries_deliveryKey_1', mongoName: 'deliveryKey_1', keys: ['deliveryKey'] },
    ],
  },
  agenttriggerlanesequences: {
    model: 'AgentTriggerLaneSequence',
    table: 'agenttriggerlanesequences',
    uniqueIndexes: [{ pgName: 'agenttriggerlanesequences_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
  agenttriggeruserpurges: {
    model: 'AgentTriggerUserPurge',
    table: 'agenttriggeruserpurges',
    uniqueIndexes: [{ pgName: 'agenttriggeruserpurges_pkey', mongoName: '_id_', keys: ['_id'] }],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;
