/** MCPServerMethods on PostgreSQL (upstream methods/mcpServer.ts): MCP servers users add in the UI. */
import type { MCPServerMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createMCPServerCreate } from './create.js';
import { createMCPServerQueries } from './queries.js';

export function createMCPServerMethods(ctx: PgContext): MCPServerMethods {
  return { ...createMCPServerCreate(ctx.collections.mcpservers), ...createMCPServerQueries(ctx) };
}
