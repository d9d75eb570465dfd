/**
 * createMCPServer (upstream methods/mcpServer.ts): the server name is a slug of the title, the
 * next free `slug-N` when taken in the database or reserved (config-defined servers), or
 * `mcp-<nanoid>` without a title. Two creators racing for a name: the loser's insert hits the
 * unique index (E11000) and it retries with a fresh name, backing off as upstream.
 */
import type { MCPServerMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { normalizeServerName } from 'librechat-data-provider';
import { nanoid } from 'nanoid';
import type { PgCollection } from '../store/collection.js';

const MAX_CREATE_RETRIES = 5;
const RETRY_BASE_DELAY_MS = 25;

function isDuplicateKeyError(error: unknown): boolean {
  return (
    !!error && typeof error === 'object' && 'code' in error && (error as { code: number }).code === 11000
  );
}

function escapeRegex(str: string): string {
  return str.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function generateServerNameFromTitle(title: string): string {
  const slug = title
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9\s-]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'mcp-server';
}

export function createMCPServerCreate(mcpServers: PgCollection): Pick<MCPServerMethods, 'createMCPServer'> {
  async function findNextAvailableServerName(
    baseName: string,
    reservedServerNames: Set<string> = new Set(),
  ): Promise<string> {
    const matchingNamePattern = new RegExp(`^${escapeRegex(baseName)}(-\\d+)?$`);
    const existing = (await mcpServers.find(
      { serverName: { $regex: matchingNamePattern } },
      { select: 'serverName' },
    )) as Array<{ serverName: string }>;
    const existingNames = new Set([
      ...existing.map((server) => server.serverName),
      ...Array.from(reservedServerNames).filter((serverName) => matchingNamePattern.test(serverName)),
    ]);
    if (existingNames.size === 0) return baseName;
    const numbers = Array.from(existingNames).map((serverName) => {
      const match = serverName.match(/-(\d+)$/);
      return match ? Number.parseInt(match[1] as string, 10) : 1;
    });
    return `${baseName}-${Math.max(...numbers) + 1}`;
  }

  const createMCPServer: MCPServerMethods['createMCPServer'] = async (data) => {
    let lastError: unknown;
    const reservedServerNames = new Set(data.reservedServerNames ?? []);
    for (let attempt = 0; attempt < MAX_CREATE_RETRIES; attempt++) {
      try {
        const serverName = data.config.title
          ? await findNextAvailableServerName(
              generateServerNameFromTitle(data.config.title),
              reservedServerNames,
            )
          : `mcp-${nanoid(16)}`;
        const newServer = await mcpServers.create({
          serverName,
          normalizedServerName: normalizeServerName(serverName),
          config: data.config,
          author: data.author,
        });
        return newServer.toObject() as never;
      } catch (error) {
        lastError = error;
        if (isDuplicateKeyError(error) && attempt < MAX_CREATE_RETRIES - 1) {
          const delay = RETRY_BASE_DELAY_MS * 2 ** attempt;
          logger.debug(
            `[createMCPServer] Duplicate serverName detected, retrying (attempt ${attempt + 2}/${MAX_CREATE_RETRIES}) after ${delay}ms`,
          );
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        throw error;
      }
    }
    throw lastError;
  };

  return { createMCPServer };
}
