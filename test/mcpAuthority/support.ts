/** Fixtures of the MCP authority suites: the boot revision and config/database targets. */

// The very helpers @librechat/dal's upstream methods use.
export {
  createMCPAuthorityBootRevision,
  createMCPAuthorityConfigSourceRevision,
  createMCPAuthorityCredentialRevision,
  createMCPAuthorityDatabaseSourceRevision,
} from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

import {
  createMCPAuthorityBootRevision,
  createMCPAuthorityConfigSourceRevision,
  createMCPAuthorityCredentialRevision,
  createMCPAuthorityDatabaseSourceRevision,
} from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

export const errorOf = (e: unknown) => ({
  name: (e as Error).name,
  message: (e as Error).message,
  reason: (e as { reason?: string }).reason,
  serverName: (e as { serverName?: string }).serverName,
});

export const boot = createMCPAuthorityBootRevision('boot-1', {
  mcpServers: { fixed: { url: 'https://x' } },
} as never);
export const resolvedConfig = { type: 'streamable-http', url: 'https://mcp.example/x' };

/** A config-source target whose revision matches the (absent) config documents. */
export function configTarget(serverName: string, extra: Record<string, unknown> = {}) {
  return {
    serverName,
    source: 'config' as const,
    sourceRevision: createMCPAuthorityConfigSourceRevision(boot.digest, []),
    expectedCredentialRevision: createMCPAuthorityCredentialRevision([], []),
    expectedOAuthGrantGeneration: null,
    resolvedConfig,
    ...extra,
  };
}

/** A database-source target for a stored MCP server document. */
export function databaseTarget(server: Record<string, any>, extra: Record<string, unknown> = {}) {
  return {
    serverName: server.serverName,
    source: 'database' as const,
    databaseId: String(server._id),
    sourceRevision: createMCPAuthorityDatabaseSourceRevision({
      databaseId: String(server._id),
      serverName: server.serverName,
      author: String(server.author),
      config: server.config,
      createdAt: server.createdAt,
      updatedAt: server.updatedAt,
    }),
    expectedCredentialRevision: createMCPAuthorityCredentialRevision([], []),
    expectedOAuthGrantGeneration: null,
    resolvedConfig,
    ...extra,
  };
}
