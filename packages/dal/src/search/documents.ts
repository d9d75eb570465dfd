/**
 * What a database document becomes in Meili, and whether it belongs there — upstream's
 * mongoMeili hook path (`preprocessObjectForIndex`, `isIndexableDocument`, `unfinished`):
 *
 * - the attributes of the index, with mongoose's load-time defaults for missing ones
 *   (`title: 'New Chat'`, `tags: []`, message `user: null`);
 * - every `|` of `conversationId` becomes `--` (Meili ids allow only [A-Za-z0-9_-]);
 * - a `content` array becomes `text` = `parseTextParts(content, false, { includeSteer: true })`
 *   and `content` is dropped.
 *
 * Indexable: retention-visible (`isTemporary: false` with no or a future `expiredAt`, or no
 * `isTemporary` and no `expiredAt`), not carrying `excludeFromIndexPath`, and not `unfinished`.
 * Both engines and both paths (live sync, reindex) use these functions, so the documents are
 * identical whichever engine wrote them.
 */
import { parseTextParts } from 'librechat-data-provider';
import type { SearchIndexDefinition } from './definitions.js';

export type Doc = Record<string, unknown>;

/** The Meili document id of a primary-key value (upstream replaces `|` in conversationId). */
export function meiliId(key: string): string {
  return key.includes('|') ? key.replace(/\|/g, '--') : key;
}

function cloneDefault(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value;
}

export function toMeiliDocument(def: SearchIndexDefinition, doc: Doc): Doc {
  const out: Doc = {};
  for (const attr of def.attributes) {
    let value = doc[attr];
    if (value === undefined && attr in def.defaults) value = cloneDefault(def.defaults[attr]);
    if (value !== undefined) out[attr] = value;
  }
  if (typeof out.conversationId === 'string' && out.conversationId.includes('|')) {
    out.conversationId = out.conversationId.replace(/\|/g, '--');
  }
  if (Array.isArray(out.content)) {
    out.text = parseTextParts(out.content as never, false, { includeSteer: true });
    delete out.content;
  }
  return out;
}

function isNil(value: unknown): boolean {
  return value === null || value === undefined;
}

function excluded(doc: Doc, path: string): boolean {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Doc)[part];
  }
  return !isNil(current);
}

export function isIndexable(def: SearchIndexDefinition, doc: Doc, now = Date.now()): boolean {
  if (excluded(doc, def.excludeFromIndexPath)) return false;
  if (doc.unfinished === true) return false;
  const expiredAt = doc.expiredAt as Date | string | null | undefined;
  if (doc.isTemporary === false) return isNil(expiredAt) || new Date(expiredAt as Date).getTime() > now;
  return isNil(doc.isTemporary) && isNil(expiredAt);
}

/**
 * The same rule as a MongoDB filter (for counting and streaming on MongoDB, and — through the
 * filter translator's semantics — what the PostgreSQL SQL in postgres/sql.ts encodes).
 */
export function indexableFilter(def: SearchIndexDefinition, now = new Date()): Doc {
  return {
    $and: [
      {
        $or: [
          { isTemporary: false, expiredAt: null },
          { isTemporary: false, expiredAt: { $gt: now } },
          { isTemporary: null, expiredAt: null },
        ],
      },
      { [def.excludeFromIndexPath]: null },
      { unfinished: { $ne: true } },
    ],
  };
}
