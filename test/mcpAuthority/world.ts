/**
 * A principal's MCP world with fixed ids and times (so every digest is comparable across engines):
 * the USER role, a user, database servers alpha (direct VIEW ACL, a credential, an OAuth grant),
 * beta (reached through an agent the user may VIEW) and gamma (EDIT only), and the targets for them.
 */
import type { AllMethods, Dal } from '@librechat/dal';
import { Types } from 'mongoose';
import { seed, stored } from '../support/stored.js';
import {
  boot,
  configTarget,
  createMCPAuthorityCredentialRevision,
  databaseTarget,
  resolvedConfig,
} from './support.js';

export const T0 = new Date('2030-05-01T00:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const DATES = Array.from({ length: 30 }, (_, i) => at(i));

export const USER = '6b0000000000000000000001';
export const OTHER = '6b0000000000000000000002';
const ROLE = '6b0000000000000000000010';
export const id = (n: number) => `6b00000000000000000001${String(n).padStart(2, '0')}`;
const VIEW = 1;

type Doc = Record<string, any>;

export async function seedWorld(dal: Dal, { use = true } = {}) {
  await seed(dal, 'Role', {
    _id: ROLE,
    name: 'USER',
    permissions: { MCP_SERVERS: { USE: use, CREATE: false } },
  });
  await seed(dal, 'User', {
    _id: USER,
    name: 'Ann',
    username: 'ann',
    email: 'ann@example.com',
    provider: 'local',
    role: 'USER',
    createdAt: at(1),
  });
  const server = (n: number, serverName: string) => ({
    _id: id(n),
    serverName,
    normalizedServerName: serverName,
    config: { title: serverName, type: 'streamable-http', url: `https://mcp.example/${serverName}` },
    author: OTHER,
    createdAt: at(2),
  });
  await seed(dal, 'MCPServer', server(1, 'alpha'), server(2, 'beta'), server(3, 'gamma'));
  await seed(dal, 'Agent', {
    _id: id(20),
    id: 'agent_beta',
    provider: 'openai',
    model: 'gpt-4o',
    author: OTHER,
    mcpServerNames: ['beta', 'unrelated'],
    createdAt: at(3),
  });
  const acl = (n: number, resourceType: string, resourceId: string, permBits = VIEW) => ({
    _id: id(n),
    principalType: 'user',
    principalId: new Types.ObjectId(USER),
    principalModel: 'User',
    resourceType,
    resourceId,
    permBits,
    grantedBy: OTHER,
    createdAt: at(4),
  });
  await seed(
    dal,
    'AclEntry',
    acl(30, 'mcpServer', id(1)),
    acl(31, 'agent', id(20)),
    acl(32, 'mcpServer', id(3), 2),
  );
  await seed(dal, 'PluginAuth', {
    _id: id(40),
    userId: USER,
    pluginKey: 'mcp_alpha',
    authField: 'API_KEY',
    value: 'encrypted',
    createdAt: at(5),
  });
  await seed(dal, 'Token', {
    _id: id(50),
    userId: USER,
    type: 'mcp_oauth',
    identifier: 'mcp:alpha',
    token: 'tok',
    metadata: { credential_set_id: 'gen-1' },
    createdAt: at(6),
    expiresAt: at(60 * 24 * 365),
  });
}

export async function targets(dal: Dal) {
  const servers = (await stored(dal, 'MCPServer')) as Doc[];
  const byName = (name: string) => servers.find((s) => s.serverName === name) as Doc;
  const credentials = ((await stored(dal, 'PluginAuth')) as Doc[]).filter((c) => c.pluginKey === 'mcp_alpha');
  return {
    alpha: databaseTarget(byName('alpha'), {
      credentialFields: ['API_KEY'],
      expectedCredentialRevision: createMCPAuthorityCredentialRevision(['API_KEY'], credentials as never),
      expectedOAuthGrantGeneration: 'gen-1',
      resolvedConfig: { ...resolvedConfig, oauth: {} },
    }),
    beta: databaseTarget(byName('beta')),
    gamma: databaseTarget(byName('gamma')),
    fixed: configTarget('fixed'),
  };
}

export const resolve = (methods: AllMethods, list: unknown[]) =>
  methods.resolveMCPAuthorityProof({ userId: USER, boot, targets: list as never });
